//! The rules a controlled document must satisfy (ISO 9001 clause 7.5 and DOMAIN.md §3): the
//! fields each kind requires, a consistent revision history and known units; a procedure's own
//! rules (cases, bodies, fees, dossier, step times) are in `validate/procedure.rs`.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::ResolvedManual;
use crate::diagnostic::{closest, Diagnostic, Diagnostics, Loc, Text};
use crate::model::document::Kind;
use crate::model::Status;
use crate::parse::Document;
use toml::Spanned;

mod procedure;
mod step_times;

/// Each document's problems under the rules, kept (in the caller's `ResolveMemo`) so that a
/// rebuild checks again only the documents that changed. The rules read a document and the
/// configuration, nothing else: results are taken while the configuration file's digest stays.
#[derive(Debug, Default)]
pub struct Checked {
    config: Option<u64>,
    per_document: Vec<Arc<[Diagnostic]>>,
}

/// Runs every document rule and the configuration's own checks; `earlier` holds the last run's
/// results and, per document, whether it is the same (by content key) as then: those results
/// are taken as they are. Returns each document's problems, for the next rebuild.
pub fn validate(
    resolved: &ResolvedManual,
    diagnostics: &mut Diagnostics,
    earlier: Option<(&Checked, &[bool])>,
) -> Checked {
    validate_config(resolved, diagnostics);
    let config = resolved.manual.config_file.digest();
    let earlier = earlier.filter(|(checked, _)| checked.config == Some(config));
    let per_document: Vec<Arc<[Diagnostic]>> = super::per_document(
        resolved,
        earlier.map(|(_, same)| same),
        |i| earlier?.0.per_document.get(i).cloned(),
        |_, doc| check_document(resolved, doc).into_vec().into(),
    );
    for problems in &per_document {
        diagnostics.extend(problems.iter().cloned());
    }
    Checked { config: Some(config), per_document }
}

fn check_document(resolved: &ResolvedManual, doc: &Document) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let mut check = Check { resolved, doc, diagnostics: &mut diagnostics };
    check.kind_tables();
    if doc.kind.is_controlled() {
        check.controlled_fields();
        check.revision_history();
    }
    check.units();
    if let Some(procedure) = &doc.meta.procedure {
        diagnostics.extend(procedure::check(resolved, doc, procedure).into_vec());
    }
    diagnostics.extend(super::control_chars::in_document(doc));
    diagnostics.extend(super::dates::in_document(doc, resolved.manual.config.site.earliest_date()));
    diagnostics
}

fn validate_config(resolved: &ResolvedManual, diagnostics: &mut Diagnostics) {
    let manual = &resolved.manual;
    let file = &manual.config_file;
    let mut seen = BTreeSet::new();
    for unit in &manual.config.units {
        let id = unit.id.get_ref();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            diagnostics.push(
                Diagnostic::error(
                    file.loc(unit.id.span()),
                    "invalid-unit-id",
                    tr!("mã đơn vị `{id}` không phải mã ngắn không dấu", "the unit id `{id}` is not a short ASCII id"),
                )
                .with_help(tr!(
                    "dùng chữ thường không dấu, chữ số và `-`, ví dụ \"vp\" hoặc \"phong-tdc\"",
                    "use lower-case letters, digits and `-`, e.g. \"vp\" or \"phong-tdc\""
                )),
            );
        }
        if !seen.insert(id.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    file.loc(unit.id.span()),
                    "duplicate-unit",
                    tr!("mã đơn vị `{id}` được khai báo hai lần", "the unit id `{id}` is declared twice"),
                )
                .with_help(tr!("mỗi đơn vị cần một mã riêng", "give each unit its own id")),
            );
        }
    }
    for body in &manual.config.bodies {
        let id = body.id.get_ref();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            diagnostics.push(
                Diagnostic::error(
                    file.loc(body.id.span()),
                    "invalid-body-id",
                    tr!("mã cơ quan `{id}` không phải mã ngắn không dấu", "the body id `{id}` is not a short ASCII id"),
                )
                .with_help(tr!(
                    "dùng chữ thường không dấu, chữ số và `-`, ví dụ \"chi-cuc-thue\"",
                    "use lower-case letters, digits and `-`, e.g. \"chi-cuc-thue\""
                )),
            );
        }
        if !seen.insert(id.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    file.loc(body.id.span()),
                    "duplicate-body",
                    tr!(
                        "mã `{id}` được khai báo hai lần trong [[units]] và [[bodies]]",
                        "the id `{id}` is declared twice among [[units]] and [[bodies]]"
                    ),
                )
                .with_help(tr!("mỗi đơn vị và cơ quan cần một mã riêng", "give each unit and body its own id")),
            );
        }
        for link in body.map.iter().chain(&body.online) {
            if let Err(why) = crate::model::url::check_link(link.get_ref()) {
                diagnostics.push(
                    Diagnostic::error(file.loc(link.span()), "invalid-link", Text::reason(&why))
                        .with_help(tr!("viết một địa chỉ bắt đầu bằng https://", "write an https:// address")),
                );
            }
        }
    }
    if let Some(portal) = &manual.config.site.tthc_portal {
        diagnostics.extend(tthc_portal(portal, file));
    }
    diagnostics.extend(super::editions::check_names(&manual.config, file));
    diagnostics.extend(super::dates::in_registry(manual));
    diagnostics.extend(super::control_chars::in_config(&manual.config, file));
    let language = &manual.config.site.language;
    if manual.catalog.strings(language.get_ref()).is_none() {
        diagnostics.push(unknown_language(&manual.catalog, file.loc(language.span()), language.get_ref()));
    }
}

/// `[site] tthc_portal` is an https address with `{code}` in it.
fn tthc_portal(portal: &toml::Spanned<String>, file: &crate::load::SourceFile) -> Option<Diagnostic> {
    let template = portal.get_ref();
    let why = if template.contains("{code}") {
        Text::reason(&crate::model::url::check_link(&template.replace("{code}", "1.000000")).err()?)
    } else {
        Text::new(
            "địa chỉ Cổng dịch vụ công không có `{code}` ở chỗ điền mã thủ tục",
            "the national portal's address has no `{code}` where the TTHC code goes",
        )
    };
    Some(Diagnostic::error(file.loc(portal.span()), "invalid-portal-link", why).with_help(Text::new(
        "viết địa chỉ trên Cổng của một thủ tục, thay mã thủ tục bằng {code}, ví dụ \
         \"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}\"",
        "write the portal's address of one procedure with {code} for its code, e.g. \
         \"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}\"",
    )))
}

/// A language without interface strings, at `loc`.
pub fn unknown_language(catalog: &crate::i18n::Catalog, loc: Loc, lang: &str) -> Diagnostic {
    let known: Vec<String> = catalog.languages().map(|l| format!("\"{l}\"")).collect();
    let (vi_hint, en_hint) = match closest(lang, catalog.languages()) {
        Some(best) => (format!("có phải ý bạn là \"{best}\"? "), format!("did you mean \"{best}\"? ")),
        None => (String::new(), String::new()),
    };
    let known = known.join(", ");
    let message = tr!(
        "không có chuỗi giao diện cho ngôn ngữ `{lang}`",
        "there are no interface strings for the language `{lang}`"
    );
    Diagnostic::error(loc, "unknown-language", message).with_help(tr!(
        "{vi_hint}dùng một trong {known}, hoặc thêm i18n/{lang}.toml có đủ mọi khóa của i18n/vi.toml trong giao diện mặc định",
        "{en_hint}use one of {known}, or add i18n/{lang}.toml with every key of the default theme's i18n/vi.toml"
    ))
}

struct Check<'a> {
    resolved: &'a ResolvedManual,
    doc: &'a Document,
    diagnostics: &'a mut Diagnostics,
}

impl Check<'_> {
    fn error(&mut self, loc: Loc, code: &'static str, message: Text, help: Text) {
        self.diagnostics.push(Diagnostic::error(loc, code, message).with_help(help));
    }

    fn title_loc(&self) -> Loc {
        self.doc.loc(&self.doc.meta.title)
    }

    /// Kind-specific tables belong to their kind, and the kind's own table is present.
    fn kind_tables(&mut self) {
        let meta = &self.doc.meta;
        let tables: [(&str, Kind, Option<Loc>); 5] = [
            ("procedure", Kind::Procedure, meta.procedure.as_ref().map(|t| self.doc.loc(t))),
            ("form", Kind::Form, meta.form.as_ref().map(|t| self.doc.loc(t))),
            ("objectives", Kind::Objective, meta.objectives.as_ref().map(|t| self.doc.loc(t))),
            ("scope", Kind::Manual, meta.scope.as_ref().map(|t| self.doc.loc(t))),
            ("announcement", Kind::Announcement, meta.announcement.as_ref().map(|t| self.doc.loc(t))),
        ];
        for (name, kind, loc) in tables {
            match loc {
                Some(loc) if kind != self.doc.kind => self.error(
                    loc,
                    "misplaced-table",
                    {
                        let (kind_vi, kind_en, folder) = (kind.vietnamese().to_lowercase(), kind.name(), kind.folder());
                        let (this_vi, this_en) = (self.doc.kind.vietnamese().to_lowercase(), self.doc.kind.name());
                        tr!(
                            "bảng [{name}] chỉ dùng cho {kind_vi} (content/{folder}/), không dùng cho {this_vi}",
                            "a [{name}] table belongs in a {kind_en} (content/{folder}/), not in a {this_en}"
                        )
                    },
                    {
                        let folder = kind.folder();
                        tr!(
                            "bỏ bảng này, hoặc chuyển tệp vào content/{folder}/",
                            "remove the table, or move the file to content/{folder}/"
                        )
                    },
                ),
                None if kind == self.doc.kind && !self.doc.unread_keys.contains(name) => self.error(
                    self.title_loc(),
                    "missing-table",
                    {
                        let (kind_vi, kind_en) = (kind.vietnamese(), kind.name());
                        tr!("{kind_vi} cần có bảng [{name}]", "a {kind_en} needs a [{name}] table")
                    },
                    tr!(
                        "thêm bảng này vào phần khai báo đầu tệp; xem docs/front-matter.md",
                        "add it to the front matter; see docs/front-matter.md"
                    ),
                ),
                _ => {}
            }
        }
        if self.doc.kind == Kind::Policy && self.doc.markdown().trim().is_empty() {
            let loc = self.title_loc();
            self.error(
                loc,
                "empty-policy",
                tr!("chính sách chất lượng chưa có nội dung", "the quality policy has no text"),
                tr!("viết chính sách bên dưới phần khai báo đầu tệp", "write the policy below the front matter"),
            );
        }
    }

    fn controlled_fields(&mut self) {
        let meta = &self.doc.meta;
        let title = self.title_loc();
        let required: [(&str, bool); 5] = [
            ("code", meta.code.is_some()),
            ("revision", meta.revision.is_some()),
            ("issued", meta.issued.is_some()),
            ("effective", meta.effective.is_some()),
            ("status", meta.status.is_some()),
        ];
        let (kind_vi, kind_en) = (self.doc.kind.vietnamese(), self.doc.kind.name());
        for (key, present) in required {
            // A key written with a wrong value is reported where it is written, not again here.
            if !present && !self.doc.unread_keys.contains(key) {
                let message =
                    tr!("{kind_vi} là tài liệu được kiểm soát nên cần `{key}`", "a controlled {kind_en} needs `{key}`");
                let help = tr!("thêm `{key} = …` vào phần khai báo đầu tệp", "add `{key} = …` to the front matter");
                self.error(title.clone(), "missing-key", message, help);
            }
        }
        if let Some(revision) = &meta.revision {
            if *revision.get_ref() == 0 {
                let loc = self.doc.loc(revision);
                self.error(
                    loc,
                    "invalid-revision",
                    tr!(
                        "lần ban hành đếm từ 1 (lần ban hành thứ nhất)",
                        "revisions count from 1 (lần ban hành thứ nhất)"
                    ),
                    tr!("viết `revision = 1` cho lần ban hành đầu tiên", "set `revision = 1` for a first issue"),
                );
            }
        }
        if let (Some(issued), Some(effective)) = (&meta.issued, &meta.effective) {
            if effective.get_ref() < issued.get_ref() {
                let loc = self.doc.loc(effective);
                self.error(
                    loc,
                    "effective-before-issued",
                    {
                        let (effective, issued) = (effective.get_ref(), issued.get_ref());
                        tr!(
                            "ngày hiệu lực ({effective}) trước ngày ban hành ({issued})",
                            "effective ({effective}) is before issued ({issued})"
                        )
                    },
                    tr!(
                        "tài liệu có hiệu lực từ ngày ban hành hoặc sau đó",
                        "a document takes effect on or after the day it is issued"
                    ),
                );
            }
        }
        let in_force = meta.status.as_ref().is_some_and(|s| *s.get_ref() == Status::InForce);
        if in_force && meta.approved.is_none() {
            self.error(
                title.clone(),
                "missing-approval",
                tr!("tài liệu đang có hiệu lực cần có mục [approved]", "a document in force needs an [approved] block"),
                tr!(
                    "thêm [approved] với họ tên, chức vụ và ngày của người phê duyệt",
                    "add [approved] with name, title and date of the approver"
                ),
            );
        }
        self.signoffs(in_force, title);
    }

    /// ISO 9001 7.5.2: a document in force was prepared and reviewed before it was approved, and
    /// nobody signed it after the day it was issued.
    fn signoffs(&mut self, in_force: bool, title: Loc) {
        let meta = &self.doc.meta;
        let roles = [("prepared", &meta.prepared), ("reviewed", &meta.reviewed), ("approved", &meta.approved)];
        for (role, signoff) in roles {
            match (signoff, meta.issued.as_ref()) {
                (None, _) if in_force && role != "approved" => self.diagnostics.push(
                    Diagnostic::warning(
                        title.clone(),
                        "missing-signoff",
                        tr!(
                            "tài liệu đang có hiệu lực thiếu mục [{role}]",
                            "a document in force has no [{role}] block"
                        ),
                    )
                    .with_help(tr!(
                        "thêm [{role}] với họ tên, chức vụ và ngày",
                        "add [{role}] with name, title and date"
                    )),
                ),
                (Some(s), Some(issued)) if s.date.is_some_and(|d| d > *issued.get_ref()) => self.diagnostics.push(
                    Diagnostic::warning(title.clone(), "signed-after-issue", {
                        let (signed, issued) = (s.date.map(|d| d.to_string()).unwrap_or_default(), issued.get_ref());
                        tr!(
                            "[{role}] ghi ngày {signed}, sau ngày ban hành {issued}",
                            "[{role}] is dated {signed}, after the issue date {issued}"
                        )
                    })
                    .with_help(tr!(
                        "mỗi lần ban hành được soạn thảo, kiểm tra và phê duyệt trước hoặc đúng ngày ban hành",
                        "a revision is prepared, reviewed and approved on or before the day it is issued"
                    )),
                ),
                _ => {}
            }
        }
    }

    fn revision_history(&mut self) {
        let meta = &self.doc.meta;
        let Some(revision) = &meta.revision else { return };
        let current = *revision.get_ref();
        let mut seen = BTreeSet::new();
        for row in &meta.amendments {
            let r = row.get_ref().revision;
            let loc = self.doc.loc(row);
            if r > current {
                self.error(
                    loc.clone(),
                    "future-amendment",
                    tr!(
                        "bảng theo dõi sửa đổi có lần ban hành {r}, sau lần ban hành hiện tại {current}",
                        "the amendment table has revision {r}, after the current revision {current}"
                    ),
                    tr!("tăng `revision`, hoặc sửa lại dòng này", "raise `revision`, or correct the row"),
                );
            }
            if !seen.insert(r) {
                self.error(
                    loc,
                    "duplicate-amendment",
                    tr!(
                        "lần ban hành {r} có hai dòng trong bảng theo dõi sửa đổi",
                        "revision {r} appears twice in the amendment table"
                    ),
                    tr!("mỗi lần ban hành chỉ một dòng", "keep one row per revision"),
                );
            }
        }
        if current > 0 && !seen.contains(&current) {
            let loc = self.doc.loc(revision);
            self.error(
                loc,
                "missing-amendment",
                tr!(
                    "bảng theo dõi sửa đổi chưa có dòng cho lần ban hành hiện tại {current}",
                    "the amendment table has no entry for the current revision {current}"
                ),
                tr!(
                    "thêm [[amendments]] với revision = {current}, date, where và summary",
                    "add [[amendments]] with revision = {current}, date, where and summary"
                ),
            );
        }
    }

    fn unit(&mut self, id: &Spanned<String>) {
        if self.resolved.manual.config.unit(id.get_ref()).is_some() {
            return;
        }
        let ids = self.resolved.manual.config.units.iter().map(|u| u.id.get_ref().as_str());
        let help = match closest(id.get_ref(), ids) {
            Some(best) => tr!("có phải ý bạn là \"{best}\"?", "did you mean \"{best}\"?"),
            None => tr!(
                "khai báo đơn vị trong sotay.toml ở [[units]], hoặc dùng một mã đã có",
                "declare the unit in sotay.toml under [[units]], or use one of its ids"
            ),
        };
        let loc = self.doc.loc(id);
        let id = id.get_ref();
        self.error(
            loc,
            "unknown-unit",
            tr!("cơ quan không có đơn vị nào mang mã `{id}`", "no unit of the agency has the id `{id}`"),
            help,
        );
    }

    fn units(&mut self) {
        let meta = &self.doc.meta;
        let mut ids: Vec<&Spanned<String>> = meta.owner.iter().collect();
        if let Some(p) = &meta.procedure {
            ids.extend(p.get_ref().records.iter().map(|r| &r.kept_by));
        }
        if let Some(o) = &meta.objectives {
            ids.extend(o.get_ref().items.iter().filter_map(|i| i.owner.as_ref()));
        }
        for id in ids {
            self.unit(id);
        }
    }
}
