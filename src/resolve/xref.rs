//! Cross-references inside the manual: document codes, `[[…]]` links, the forms procedures use,
//! the files forms offer, and the legal documents each document rests on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;

use super::{Attachment, FormUse, Link, ResolvedManual};
use crate::diagnostic::{closest, Diagnostic, Diagnostics, Text};
use crate::load::Sources;
use crate::model::code::code_key;
use crate::model::{Audience, Kind};
use crate::parse::{Document, Manual};

/// Indexes documents by code key; a code used twice is an error at both places.
pub fn index_codes(manual: &Manual, diagnostics: &mut Diagnostics) -> BTreeMap<String, usize> {
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for (i, doc) in manual.documents.iter().enumerate() {
        let Some(code) = &doc.meta.code else { continue };
        let key = code.get_ref().key();
        if let Some(&first) = by_code.get(&key) {
            let other = &manual.documents[first];
            let other_loc = other.meta.code.as_ref().map(|c| other.loc(c)).unwrap_or_else(|| other.whole_file());
            diagnostics.push(
                Diagnostic::error(doc.loc(code), "duplicate-code", {
                    let code = code.get_ref();
                    tr!("mã `{code}` đã được dùng ở {other_loc}", "the code `{code}` is already used by {other_loc}")
                })
                .with_help(tr!(
                    "mỗi tài liệu cần một mã riêng; đổi mã của một trong hai tài liệu",
                    "every document needs its own code; change one of them"
                ))
                .with_related(other_loc, tr!("mã được dùng lần đầu ở đây", "the code is first used here")),
            );
        } else {
            by_code.insert(key, i);
        }
    }
    by_code
}

/// Pages (whose URLs come from their file names) that would have the same URL are errors.
pub fn check_page_urls(manual: &Manual, diagnostics: &mut Diagnostics) {
    for kind in [Kind::Page] {
        let mut slugs: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, doc) in manual.documents.iter().enumerate().filter(|(_, d)| d.kind == kind) {
            if let Some(first) = slugs.insert(&doc.slug, i) {
                diagnostics.push(
                    Diagnostic::error(doc.whole_file(), "duplicate-url", {
                        let first = manual.documents[first].whole_file();
                        tr!("trang này sẽ có cùng địa chỉ với {first}", "this page would have the same URL as {first}")
                    })
                    .with_help(tr!("đổi tên một trong hai tệp", "rename one of the files")),
                );
            }
        }
    }
}

/// Indexes the legal registry by number key; a number registered twice is an error.
pub fn index_legal(manual: &Manual, diagnostics: &mut Diagnostics) -> BTreeMap<String, usize> {
    let mut by_key = BTreeMap::new();
    for (i, entry) in manual.legal.iter().enumerate() {
        let key = entry.doc.number.get_ref().key();
        if let Some(first) = by_key.insert(key, i) {
            by_key.insert(entry.doc.number.get_ref().key(), first);
            diagnostics.push(
                Diagnostic::error(entry.loc(&entry.doc.number), "duplicate-legal-number", {
                    let (number, first) = (entry.doc.number.get_ref(), manual.legal[first].file.path.display());
                    tr!("{number} đã được đăng ký trong {first}", "{number} is already registered in {first}")
                })
                .with_help(tr!(
                    "mỗi văn bản pháp luật chỉ có một tệp trong danh mục",
                    "keep one registry file per legal document"
                )),
            );
        }
    }
    by_key
}

/// Each document's resolved links and form uses with their problems, kept (in the caller's
/// `ResolveMemo`) so that a rebuild resolves again only what a change can reach: a document's
/// links when it or a document it links to changed (anchors, audience), its form uses when it
/// changed — "changed" by content key; everything when the codes of the manual changed.
#[derive(Debug, Default)]
pub struct KeptLinks {
    codes: u64,
    links: Vec<DocLinks>,
    forms: Vec<DocForms>,
}

/// A document's links by target text, and the problems with them.
type DocLinks = (Arc<BTreeMap<String, Link>>, Arc<[Diagnostic]>);

/// The forms a document uses, and the problems with them.
type DocForms = (Arc<[(usize, FormUse)]>, Arc<[Diagnostic]>);

/// The last run's results and which documents are the same, when they can be reused: the same
/// codes, at the same places.
fn reusable<'a>(
    resolved: &ResolvedManual,
    codes: u64,
    earlier: Option<(&'a KeptLinks, &'a [bool])>,
) -> Option<(&'a KeptLinks, &'a [bool])> {
    let documents = resolved.manual.documents.len();
    earlier.filter(|(kept, _)| kept.codes == codes && kept.links.len() == documents)
}

/// Resolves every `[[CODE]]` and `[[CODE#anchor]]` link; `earlier` holds the last run's results
/// and, per document, whether it is the same (by content key), taken while the code
/// fingerprint is `codes` as then. This run's go to `kept`.
pub fn resolve_links(
    resolved: &mut ResolvedManual,
    diagnostics: &mut Diagnostics,
    codes: u64,
    earlier: Option<(&KeptLinks, &[bool])>,
    kept: &mut KeptLinks,
) {
    let shared: &ResolvedManual = resolved;
    let earlier = reusable(shared, codes, earlier);
    let per_document: Vec<DocLinks> = super::per_document(
        shared,
        earlier.map(|(_, same)| same),
        |i| {
            let (before, same) = earlier?;
            let (links, problems) = before.links.get(i)?;
            // A link's anchor and audience checks read its target: kept while the targets stay.
            links.values().all(|l| same.get(l.target) == Some(&true)).then(|| (links.clone(), problems.clone()))
        },
        |_, doc| {
            let (links, problems) = links_of(shared, doc);
            (Arc::new(links), problems.into_vec().into())
        },
    );
    let mut referenced_by: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); resolved.manual.documents.len()];
    for (i, (links, problems)) in per_document.iter().enumerate() {
        diagnostics.extend(problems.iter().cloned());
        for link in links.values().filter(|link| link.target != i) {
            referenced_by[link.target].insert(i);
        }
    }
    resolved.links = per_document.iter().map(|(links, _)| links.clone()).collect();
    kept.links = per_document;
    for (target, sources) in referenced_by.into_iter().enumerate() {
        resolved.referenced_by[target].extend(sources);
    }
}

/// The targets of one document's `[[…]]` links, and the problems with them.
fn links_of(resolved: &ResolvedManual, doc: &Document) -> (BTreeMap<String, Link>, Diagnostics) {
    let manual = &resolved.manual;
    let mut diagnostics = Diagnostics::new();
    let mut links = BTreeMap::new();
    for link in &doc.scan.links {
        let (code, anchor) = link.parts();
        // Positions cost a scan of the text: only for diagnostics.
        let loc = || doc.body_loc(link.span.clone());
        if super::citations::legal_link_target(resolved, &link.target).is_some() {
            continue;
        }
        let Some(&target) = resolved.by_code.get(&code_key(code)) else {
            if manual.unparsed_codes.contains(&code_key(code)) {
                continue;
            }
            let codes = resolved.manual.documents.iter().filter_map(|d| d.code());
            let help = match closest(code, codes) {
                Some(best) => tr!("có phải ý bạn là [[{best}]]?", "did you mean [[{best}]]?"),
                None => tr!(
                    "kiểm tra lại mã, hoặc tạo tài liệu đó bằng `sotay new`",
                    "check the code, or create the document with `sotay new`"
                ),
            };
            let message = tr!(
                "[[{code}]] không dẫn tới tài liệu nào của sổ tay",
                "[[{code}]] links to no document of this manual"
            );
            diagnostics.push(Diagnostic::error(loc(), "unknown-link", message).with_help(help));
            continue;
        };
        if let Some(anchor) = anchor {
            if !has_anchor(&manual.documents[target], anchor) {
                diagnostics.push(
                    Diagnostic::error(loc(), "unknown-anchor", tr!("{code} không có mục hay bước `#{anchor}`", "{code} has no section or step `#{anchor}`"))
                        .with_help(tr!(
                            "liên kết tới một bước bằng #buoc-N, hoặc tới một đề mục bằng mã của nó (các chữ của đề mục, bỏ dấu, nối bằng -)",
                            "link to a step as #buoc-N, or to a heading by its id (the heading's words without diacritics, joined by -)"
                        )),
                );
            }
        }
        let target_doc = &manual.documents[target];
        if doc.meta.audience == Audience::Public && target_doc.meta.audience == Audience::Internal {
            diagnostics.push(
                Diagnostic::warning(
                    loc(),
                    "link-to-internal",
                    tr!(
                        "tài liệu công khai này liên kết tới tài liệu nội bộ {code}",
                        "this public document links to the internal document {code}"
                    ),
                )
                .with_help(tr!(
                    "bản công khai hiện liên kết này thành chữ thường; bỏ liên kết hoặc công khai tài liệu được liên kết",
                    "public builds show the link as plain text; remove the link or make the target public"
                )),
            );
        }
        links.insert(link.target.clone(), Link { target, anchor: anchor.map(str::to_owned) });
    }
    (links, diagnostics)
}

pub(super) fn has_anchor(doc: &Document, anchor: &str) -> bool {
    if let Some(n) = anchor.strip_prefix("buoc-").and_then(|n| n.parse::<usize>().ok()) {
        let steps = doc.meta.procedure.as_ref().map_or(0, |p| p.get_ref().steps.len());
        return n >= 1 && n <= steps;
    }
    doc.scan.heading_ids.iter().any(|id| id == anchor)
}

/// Resolves the forms named by steps, dossier items and records; `earlier` and `kept` as for
/// [`resolve_links`].
pub fn resolve_form_uses(
    resolved: &mut ResolvedManual,
    diagnostics: &mut Diagnostics,
    codes: u64,
    earlier: Option<(&KeptLinks, &[bool])>,
    kept: &mut KeptLinks,
) {
    let shared: &ResolvedManual = resolved;
    let earlier = reusable(shared, codes, earlier);
    let per_document: Vec<DocForms> = super::per_document(
        shared,
        earlier.map(|(_, same)| same),
        |i| earlier?.0.forms.get(i).cloned(),
        |i, doc| {
            let (found, problems) = forms_used_by(shared, i, doc);
            (found.into(), problems.into_vec().into())
        },
    );
    let mut uses: BTreeMap<usize, BTreeSet<FormUse>> = BTreeMap::new();
    for (i, (found, problems)) in per_document.iter().enumerate() {
        diagnostics.extend(problems.iter().cloned());
        for (target, use_) in found.iter() {
            let target = *target;
            uses.entry(target).or_default().insert(use_.clone());
            if !resolved.referenced_by[target].contains(&i) {
                resolved.referenced_by[target].push(i);
            }
        }
    }
    for refs in &mut resolved.referenced_by {
        refs.sort_unstable();
        refs.dedup();
    }
    resolved.form_uses = uses.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect();
    kept.forms = per_document;
    kept.codes = codes;
}

/// The forms document `i` names in its steps, dossier and records, and the problems with them.
fn forms_used_by(resolved: &ResolvedManual, i: usize, doc: &Document) -> (Vec<(usize, FormUse)>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut found = Vec::new();
    let Some(procedure) = &doc.meta.procedure else { return (found, diagnostics) };
    let procedure = procedure.get_ref();
    let named = procedure
        .steps
        .iter()
        .enumerate()
        .filter_map(|(n, s)| s.form.as_ref().map(|f| (f, Some(n + 1))))
        .chain(procedure.dossier.iter().flat_map(|g| &g.items).filter_map(|item| item.form.as_ref().map(|f| (f, None))))
        .chain(procedure.records.iter().filter_map(|r| r.form.as_ref().map(|f| (f, None))));
    for (form, step) in named {
        if let Some(target) = find_form(resolved, doc, form, &mut diagnostics) {
            found.push((target, FormUse { document: i, step }));
        }
    }
    (found, diagnostics)
}

fn find_form(
    resolved: &ResolvedManual,
    doc: &Document,
    form: &Spanned<String>,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let code = form.get_ref();
    let forms = || resolved.manual.documents.iter().filter(|d| d.kind == Kind::Form).filter_map(|d| d.code());
    match resolved.by_code.get(&code_key(code)) {
        Some(&target) if resolved.manual.documents[target].kind == Kind::Form => Some(target),
        Some(_) => {
            diagnostics.push(
                Diagnostic::error(
                    doc.loc(form),
                    "not-a-form",
                    tr!(
                        "`{code}` là một tài liệu của sổ tay nhưng không phải biểu mẫu",
                        "`{code}` is a document of this manual but not a form"
                    ),
                )
                .with_help(tr!(
                    "ghi mã một biểu mẫu ở đây (một tài liệu trong content/forms/)",
                    "name a form (a document in content/forms/) here"
                )),
            );
            None
        }
        None if resolved.manual.unparsed_codes.contains(&code_key(code)) => None,
        None => {
            let help = match closest(code, forms()) {
                Some(best) => tr!("có phải ý bạn là `{best}`?", "did you mean `{best}`?"),
                None => tr!(
                    "tạo biểu mẫu bằng `sotay new form {code} \"…\"`",
                    "create it with `sotay new form {code} \"…\"`"
                ),
            };
            let message = tr!("không có biểu mẫu nào mang mã `{code}`", "no form has the code `{code}`");
            diagnostics.push(Diagnostic::error(doc.loc(form), "unknown-form", message).with_help(help));
            None
        }
    }
}

/// Matches each form's `files` with the files beside it; unclaimed files are reported.
/// Attachments of a type the manual does not allow (see `attachment_types`) are errors at the
/// line that lists them, and are not published.
pub fn resolve_attachments(resolved: &mut ResolvedManual, sources: &Sources, diagnostics: &mut Diagnostics) {
    let policy =
        super::attachment_types::Policy::of(&resolved.manual.config, &resolved.manual.config_file, diagnostics);
    let mut claimed = std::collections::HashSet::new();
    let by_path: std::collections::HashMap<&Path, &crate::load::AssetFile> =
        sources.attachments.iter().map(|a| (&*a.path, a)).collect();
    for (i, doc) in resolved.manual.documents.iter().enumerate() {
        let Some(form) = &doc.meta.form else { continue };
        let folder = doc.file.path.parent().unwrap_or(Path::new(""));
        let mut files = Vec::new();
        for name in &form.get_ref().files {
            let plain = !name.get_ref().is_empty()
                && Path::new(name.get_ref()).file_name().is_some_and(|f| f == name.get_ref().as_str());
            let wanted = folder.join(name.get_ref());
            match by_path.get(wanted.as_path()).filter(|_| plain) {
                Some(&asset) => {
                    claimed.insert(asset.path.clone());
                    if let Some(problem) = refused(&policy, asset, name.get_ref()) {
                        let (message, help) = problem;
                        diagnostics.push(Diagnostic::error(doc.loc(name), "attachment-type", message).with_help(help));
                        continue;
                    }
                    files.push(Attachment { name: name.get_ref().clone(), asset: asset.clone() });
                }
                None => diagnostics.push(
                    Diagnostic::error(doc.loc(name), "missing-attachment", {
                        let name = name.get_ref();
                        tr!("không có tệp `{name}` bên cạnh biểu mẫu này", "the file `{name}` is not beside this form")
                    })
                    .with_help({
                        let folder = folder.display();
                        tr!(
                            "đặt tệp vào {folder} (chỉ tên tệp, không có thư mục), hoặc sửa lại tên",
                            "put the file in {folder} (a plain file name, no folders), or correct the name"
                        )
                    }),
                ),
            }
        }
        resolved.attachments.insert(i, files);
    }
    // A form whose files could not be read has said so: the files beside it are not reported again.
    let unsure: std::collections::HashSet<&Path> = resolved
        .manual
        .documents
        .iter()
        .filter(|d| d.unread_keys.contains("form") || d.unread_keys.contains("form.files"))
        .filter_map(|d| d.file.path.parent())
        .collect();
    let unclaimed = |a: &&crate::load::AssetFile| {
        !claimed.contains(&a.path) && !a.path.parent().is_some_and(|p| unsure.contains(p))
    };
    for asset in sources.attachments.iter().filter(unclaimed) {
        diagnostics.push(
            Diagnostic::warning(
                crate::diagnostic::Loc::file(&asset.path),
                "unattached-file",
                tr!(
                    "tệp này không đính kèm biểu mẫu nào nên không được công bố",
                    "this file is not attached to any form, so it is not published"
                ),
            )
            .with_help(tr!(
                "ghi tên tệp vào `[form] files` của một biểu mẫu, hoặc chuyển nó vào static/ để công bố nguyên như vậy",
                "list it in a form's `[form] files`, or move it to static/ to publish it as is"
            )),
        );
    }
}

/// Why `asset` (listed as `name`) may not be published, or `None` when it may.
fn refused(
    policy: &super::attachment_types::Policy,
    asset: &crate::load::AssetFile,
    name: &str,
) -> Option<(Text, Text)> {
    use super::attachment_types::Verdict;
    match policy.verdict(name) {
        Verdict::Publish => None,
        Verdict::Refuse(message, help) => Some((message, help)),
        Verdict::CheckSvg => {
            // Read by load (resolve reads nothing from disk).
            let problem = match asset.svg.as_deref() {
                Some(Ok(text)) => super::svg_check::check(text).err(),
                Some(Err(reason)) => Some(reason.clone()),
                None => Some(crate::lang::reason("không đọc được tệp", "it was not read")),
            };
            problem.map(|why| {
                let why = Text::reason(&why);
                let (vi, en) = (&why.vi, &why.en);
                (
                    tr!("{name} không được công bố: {vi}", "{name} is not published: {en}"),
                    tr!(
                        "tệp SVG phải là hình vẽ đơn thuần (không có script, không có xử lý sự kiện, không liên kết ra ngoài tệp, không có HTML); chuyển sang PNG hoặc PDF, hoặc bỏ phần đó",
                        "SVG files must be plain drawings (no script, event handlers, links out of the file or HTML); convert it to PNG or PDF, or remove that part"
                    ),
                )
            })
        }
    }
}
