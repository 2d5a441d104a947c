//! Translations of documents. The Vietnamese document is the controlled one; a translation is
//! published beside it only while the original is published, and only for a revision that was
//! issued: a translation of an internal document, of a draft or of a document this build leaves
//! out reaches no public output, nor does a translation of an earlier revision that was internal
//! as committed. A translation names the revision it translates, so when the
//! original moves on it is out of date — its page says so, and `check` warns. A translation
//! needs an existing original in its own folder, a language the interface has, and is the only
//! translation of its original into that language.

use std::collections::BTreeMap;

use super::{Link, ResolvedManual};
use crate::diagnostic::{closest, Diagnostic, Diagnostics, Loc};
use crate::model::code::code_key;
use crate::model::Audience;
use crate::parse::Translation;

/// What a translation translates, as resolved for one build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TranslationOf {
    /// The original document's index, when it exists.
    pub original: Option<usize>,
    /// Whether this build publishes the translation.
    pub published: bool,
    /// The original's revision in force, when the translation is of an earlier one.
    pub out_of_date: Option<u32>,
    /// The targets of its `[[…]]` links by link target text.
    pub links: BTreeMap<String, Link>,
}

/// Resolves every translation of the manual and reports what is wrong with them.
pub fn resolve_translations(resolved: &mut ResolvedManual, diagnostics: &mut Diagnostics) {
    let mut taken: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut results = Vec::with_capacity(resolved.manual.translations.len());
    for (t, translation) in resolved.manual.translations.iter().enumerate() {
        let mut of = TranslationOf::default();
        diagnostics.extend(super::control_chars::in_translation(translation));
        let before = diagnostics.errors();
        if let Some(original) = original_of(resolved, translation, diagnostics) {
            of.original = Some(original);
            check_language(resolved, translation, diagnostics);
            let key = (original, translation.lang().to_owned());
            if let Some(&first) = taken.get(&key) {
                let other = &resolved.manual.translations[first];
                diagnostics.push(
                    Diagnostic::error(translation.loc(&translation.meta.translation_of), "duplicate-translation", {
                        let (code, lang) = (translation.meta.translation_of.get_ref(), translation.lang());
                        let other = other.loc(&other.meta.translation_of);
                        tr!(
                            "{code} đã có bản dịch sang `{lang}`: {other}",
                            "{code} already has a translation into `{lang}`: {other}"
                        )
                    })
                    .with_help(tr!(
                        "mỗi ngôn ngữ chỉ một bản dịch: gộp hai tệp thành một và xóa tệp kia",
                        "keep one translation per language: merge the two files into one and delete the other"
                    )),
                );
            } else {
                taken.insert(key, t);
            }
            let issued = check_revision(resolved, translation, original, &mut of, diagnostics);
            of.links = resolve_links(resolved, translation, diagnostics);
            of.published = issued && resolved.published[original] && diagnostics.errors() == before;
        }
        results.push(of);
    }
    resolved.translations = results;
}

/// The original of a translation; a missing one, or one in another folder, is an error.
fn original_of(resolved: &ResolvedManual, translation: &Translation, diagnostics: &mut Diagnostics) -> Option<usize> {
    let code = translation.meta.translation_of.get_ref();
    let loc = || translation.loc(&translation.meta.translation_of);
    let Some(&original) = resolved.by_code.get(&code.key()) else {
        if !resolved.manual.unparsed_codes.contains(&code.key()) {
            let codes = resolved.manual.documents.iter().filter_map(|d| d.code());
            let help = match closest(code.as_str(), codes) {
                Some(best) => {
                    tr!("có phải ý bạn là translation_of = \"{best}\"?", "did you mean translation_of = \"{best}\"?")
                }
                None => tr!(
                    "bản dịch cần có bản gốc: ghi translation_of là mã của một tài liệu đã có",
                    "a translation needs its original: set translation_of to the code of an existing document"
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    loc(),
                    "translation-without-original",
                    tr!(
                        "không có tài liệu nào mang mã `{code}`, nên bản dịch này không có bản gốc",
                        "no document has the code `{code}`, so there is nothing this translation translates"
                    ),
                )
                .with_help(help),
            );
        }
        return None;
    };
    let kind = resolved.manual.documents[original].kind;
    if kind != translation.kind {
        diagnostics.push(
            Diagnostic::error(loc(), "translation-folder", {
                let (folder, here) = (kind.folder(), translation.kind.folder());
                tr!(
                    "{code} nằm trong content/{folder}/, nhưng bản dịch này nằm trong content/{here}/",
                    "{code} is in content/{folder}/, but this translation is in content/{here}/"
                )
            })
            .with_help({
                let folder = kind.folder();
                tr!(
                    "chuyển bản dịch về cạnh bản gốc, vào content/{folder}/",
                    "move the translation beside its original, into content/{folder}/"
                )
            }),
        );
        return None;
    }
    Some(original)
}

/// The language must be one the interface has, and not the originals' own.
fn check_language(resolved: &ResolvedManual, translation: &Translation, diagnostics: &mut Diagnostics) {
    let lang = translation.lang();
    let loc = translation.loc(&translation.meta.lang);
    if lang == crate::i18n::ORIGINAL {
        diagnostics.push(
            Diagnostic::error(
                loc,
                "translation-into-original",
                tr!("các tài liệu vốn đã viết bằng tiếng Việt", "the documents are written in Vietnamese already"),
            )
            .with_help(tr!(
                "bản dịch là sang một ngôn ngữ khác, ví dụ lang = \"en\"",
                "a translation is into another language, e.g. lang = \"en\""
            )),
        );
    } else if resolved.manual.catalog.strings(lang).is_none() {
        diagnostics.push(super::validate::unknown_language(&resolved.manual.catalog, loc, lang));
    }
}

/// Checks the revision translated against the original's; returns whether it was issued.
fn check_revision(
    resolved: &ResolvedManual,
    translation: &Translation,
    original: usize,
    of: &mut TranslationOf,
    diagnostics: &mut Diagnostics,
) -> bool {
    let doc = &resolved.manual.documents[original];
    let Some(current) = doc.meta.revision.as_ref().map(|r| *r.get_ref()) else { return true };
    let translated = *translation.meta.translates_revision.get_ref();
    let loc = translation.loc(&translation.meta.translates_revision);
    let code = translation.meta.translation_of.get_ref().to_string();
    // In a public build a draft's last issued revision stands in for it (`file@commit`).
    let draft_held_back = crate::diagnostic::display_path(&doc.file.path).contains('@');
    let displayed = resolved.displayed_revision(original);
    let refused = if translated > current && draft_held_back {
        Some(of_draft(loc.clone(), &code, translated))
    } else if translated > current {
        Some(unknown_revision(loc.clone(), &code, translated, current))
    } else if resolved.revision_withheld(original, translated) {
        Some(of_unpublished(loc.clone(), &code, translated, displayed))
    } else {
        None
    };
    if let Some(problem) = refused {
        diagnostics.push(problem);
        return false;
    }
    if translated < displayed {
        of.out_of_date = Some(displayed);
        diagnostics.push(out_of_date(loc, &code, translated, displayed));
    }
    true
}

/// A translation of the revision a draft will issue, left out of public builds.
fn of_draft(loc: Loc, code: &str, translated: u32) -> Diagnostic {
    let message = tr!(
        "bản này dịch lần ban hành {translated} của {code}, lần này vẫn là dự thảo: bản công khai không đưa bản dịch vào",
        "this translates revision {translated} of {code}, which is still a draft: public builds leave the translation out"
    );
    let help = tr!(
        "bản dịch được công bố cùng lần ban hành đó, khi dự thảo được ban hành",
        "it is published with the revision, once the draft is issued"
    );
    Diagnostic::note(loc, "translation-of-draft", message).with_help(help)
}

/// A translation of a revision the original never had.
fn unknown_revision(loc: Loc, code: &str, translated: u32, current: u32) -> Diagnostic {
    let message = tr!(
        "{code} đang ở lần ban hành {current}; chưa có lần ban hành {translated} để dịch",
        "{code} is at revision {current}; it has no revision {translated} to translate"
    );
    let help = tr!(
        "ghi translates_revision là lần ban hành mà bản dịch này dịch ({current} hoặc trước đó)",
        "set translates_revision to the revision this text translates ({current} or earlier)"
    );
    Diagnostic::error(loc, "translation-revision-unknown", message).with_help(help)
}

/// A translation of a revision that was not public as committed.
fn of_unpublished(loc: Loc, code: &str, translated: u32, displayed: u32) -> Diagnostic {
    let message = tr!(
        "bản này dịch lần ban hành {translated} của {code}, lần này không công khai khi ghi nhận (nội bộ, hoặc chưa từng ban hành): bản công khai không đưa bản dịch vào",
        "this translates revision {translated} of {code}, which was not public as committed (internal, or never issued): public builds leave the translation out"
    );
    let help = tr!(
        "dịch lần ban hành đang có hiệu lực và ghi translates_revision = {displayed}",
        "translate the revision in force and set translates_revision = {displayed}"
    );
    Diagnostic::warning(loc, "translation-of-unpublished-revision", message).with_help(help)
}

/// A translation of an earlier revision than the one shown.
fn out_of_date(loc: Loc, code: &str, translated: u32, displayed: u32) -> Diagnostic {
    let message = tr!(
        "bản dịch này dịch lần ban hành {translated} của {code}, nay {code} đã ở lần ban hành {displayed}",
        "this translation is of revision {translated} of {code}, which is at revision {displayed} now"
    );
    let help = tr!(
        "cập nhật bản dịch và ghi translates_revision = {displayed}; đến lúc đó trang của bản dịch ghi rằng nó đã cũ",
        "bring the translation up to date and set translates_revision = {displayed}; until then its page says it is out of date"
    );
    Diagnostic::warning(loc, "translation-out-of-date", message).with_help(help)
}

/// The translation's `[[…]]` links, checked like a document's.
fn resolve_links(
    resolved: &ResolvedManual,
    translation: &Translation,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Link> {
    let mut links = BTreeMap::new();
    for link in &translation.scan.links {
        let (code, anchor) = link.parts();
        let loc = || translation.body_loc(link.span.clone());
        if super::citations::legal_link_target(resolved, &link.target).is_some() {
            continue;
        }
        let Some(&target) = resolved.by_code.get(&code_key(code)) else {
            if !resolved.manual.unparsed_codes.contains(&code_key(code)) {
                let codes = resolved.manual.documents.iter().filter_map(|d| d.code());
                let help = closest(code, codes).map_or_else(
                    || {
                        tr!(
                            "kiểm tra lại mã, hoặc tạo tài liệu đó bằng `sotay new`",
                            "check the code, or create the document with `sotay new`"
                        )
                    },
                    |best| tr!("có phải ý bạn là [[{best}]]?", "did you mean [[{best}]]?"),
                );
                let message = tr!(
                    "[[{code}]] không dẫn tới tài liệu nào của sổ tay",
                    "[[{code}]] links to no document of this manual"
                );
                diagnostics.push(Diagnostic::error(loc(), "unknown-link", message).with_help(help));
            }
            continue;
        };
        if let Some(anchor) = anchor.filter(|a| !super::xref::has_anchor(&resolved.manual.documents[target], a)) {
            diagnostics.push(
                Diagnostic::error(
                    loc(),
                    "unknown-anchor",
                    tr!("{code} không có mục hay bước `#{anchor}`", "{code} has no section or step `#{anchor}`"),
                )
                .with_help(tr!(
                    "liên kết tới một bước bằng #buoc-N, hoặc tới một đề mục của tài liệu tiếng Việt bằng mã của nó",
                    "link to a step as #buoc-N, or to a heading of the Vietnamese document by its id"
                )),
            );
        }
        let public = |i: usize| resolved.manual.documents[i].meta.audience == Audience::Public;
        if resolved.by_code.get(&translation.meta.translation_of.get_ref().key()).is_some_and(|&o| public(o))
            && !public(target)
        {
            diagnostics.push(
                Diagnostic::warning(
                    loc(),
                    "link-to-internal",
                    tr!(
                        "bản dịch này liên kết tới tài liệu nội bộ {code}",
                        "this translation links to the internal document {code}"
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
    links
}
