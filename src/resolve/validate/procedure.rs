//! The rules of a procedure's `[procedure]` table (DOMAIN.md §3, §3a): what a TTHC must state,
//! that every case, unit and body it names is declared, that fees, dossier items and templates
//! say one thing each; the step-time invariant is in `step_times.rs`. Kept apart from the rules
//! every document follows.

use std::collections::BTreeSet;

use toml::Spanned;

use crate::diagnostic::{closest, Diagnostic, Diagnostics, Loc, Text};
use crate::model::fee::Fee;
use crate::model::procedure::{Level, Procedure};
use crate::model::time_limit::TimeLimit;
use crate::model::Date;
use crate::parse::Document;
use crate::resolve::ResolvedManual;

/// The day district-level government ended (Luật Tổ chức chính quyền địa phương 2025).
fn districts_end() -> Date {
    Date::new(2025, 7, 1).expect("1 July 2025 is a date")
}

/// Every problem of `procedure`, the `[procedure]` table of `doc`.
pub fn check(resolved: &ResolvedManual, doc: &Document, procedure: &Spanned<Procedure>) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let mut rules = Rules { resolved, doc, table: doc.loc(procedure), diagnostics: &mut diagnostics };
    let p = procedure.get_ref();
    rules.required(p);
    rules.identity(p);
    rules.cases(p);
    rules.bodies(p);
    rules.methods(p);
    rules.fees_stated(p);
    for fee in &p.fees {
        rules.fee(fee);
    }
    rules.dossier(p);
    diagnostics.extend(super::step_times::check(doc, p));
    diagnostics
}

struct Rules<'a> {
    resolved: &'a ResolvedManual,
    doc: &'a Document,
    table: Loc,
    diagnostics: &'a mut Diagnostics,
}

impl Rules<'_> {
    fn error(&mut self, loc: Loc, code: &'static str, message: Text, help: Text) {
        self.diagnostics.push(Diagnostic::error(loc, code, message).with_help(help));
    }

    fn required(&mut self, p: &Procedure) {
        let table = self.table.clone();
        // A list whose rows were all written wrongly has been reported at those rows.
        let unread = |list: &str| self.doc.unread_keys.contains(list);
        if p.steps.is_empty() && !unread("procedure.steps") {
            self.error(
                table.clone(),
                "missing-steps",
                tr!("quy trình chưa có bước nào", "the procedure has no steps"),
                tr!(
                    "thêm các dòng [[procedure.steps]] (task, unit, time)",
                    "add [[procedure.steps]] rows (task, unit, time)"
                ),
            );
        }
        if p.records.is_empty() && !unread("procedure.records") {
            let help = tr!(
                "thêm các dòng [[procedure.records]] (name, kept_by, retention): tên hồ sơ, nơi lưu, thời gian lưu",
                "add [[procedure.records]] rows (name, kept_by, retention)"
            );
            let message = tr!("quy trình chưa liệt kê hồ sơ cần lưu", "the procedure lists no records to keep");
            self.error(table.clone(), "missing-records", message, help);
        }
        if p.tthc_code.is_none() {
            return;
        }
        let required = [
            ("level", p.level.is_some()),
            ("field", p.field.is_some()),
            ("applicants", p.applicants.is_some()),
            ("where_to_submit", p.where_to_submit.is_some() || !p.submit_at.is_empty()),
            ("result", p.result.is_some() || !p.results.is_empty()),
            ("methods", !p.methods.is_empty()),
            ("dossier", !p.dossier.is_empty()),
        ];
        for (key, present) in required {
            if !present {
                let message = tr!(
                    "quy trình có mã thủ tục hành chính cần có `{key}`",
                    "a procedure with a TTHC code needs `{key}`"
                );
                self.error(
                    table.clone(),
                    "missing-key",
                    message,
                    tr!(
                        "thêm `{key}` vào [procedure]; xem docs/front-matter.md",
                        "add `{key}` to [procedure]; see docs/front-matter.md"
                    ),
                );
            }
        }
    }

    /// The announcing decision names a legal number; district level is a thing of the past.
    fn identity(&mut self, p: &Procedure) {
        if let Some(decision) = &p.announced_by {
            let text = decision.get_ref();
            let named = text.split_whitespace().any(|w| {
                crate::model::LegalNumber::parse(w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')')))
                    .is_ok()
            });
            if !named {
                let loc = self.doc.loc(decision);
                let message = tr!(
                    "`{text}` không ghi số hiệu của quyết định công bố",
                    "`{text}` does not name the announcing decision by its number"
                );
                let help = tr!(
                    "ghi số hiệu quyết định, ví dụ announced_by = \"2617/QĐ-UBND\" (số hiệu được liên kết tới danh mục văn bản pháp luật)",
                    "write the decision's number, e.g. announced_by = \"2617/QĐ-UBND\" (it is linked to the legal registry)"
                );
                self.error(loc, "decision-without-number", message, help);
            }
        }
        if let Some(level) = p.level.as_ref().filter(|l| *l.get_ref() == Level::District) {
            if self.resolved.options.date >= districts_end() {
                let loc = self.doc.loc(level);
                self.diagnostics.push(
                    Diagnostic::warning(loc, "district-level", tr!(
                        "chính quyền cấp huyện đã kết thúc hoạt động từ 01/07/2025; thủ tục này vẫn ghi level = \"district\"",
                        "district-level government (cấp huyện) ended on 01/07/2025; this procedure still says level = \"district\""
                    ))
                    .with_help(tr!(
                        "ghi level = \"commune\" (cấp xã) hoặc \"province\" (cấp tỉnh), theo quyết định công bố thủ tục từ 01/07/2025",
                        "write level = \"commune\" or \"province\", as the decision announcing the procedure since 01/07/2025 says"
                    )),
                );
            }
        }
        if !p.results.is_empty() && p.result.is_some() {
            let table = self.table.clone();
            self.error(
                table,
                "result-twice",
                tr!(
                    "quy trình có cả `result` và [[procedure.results]]",
                    "the procedure has both `result` and [[procedure.results]]"
                ),
                tr!(
                    "giữ [[procedure.results]] (name, validity, form hoặc template) và bỏ `result`",
                    "keep [[procedure.results]] (name, validity, form or template) and remove `result`"
                ),
            );
        }
    }

    /// Case ids are short and unique, and every case a row names is declared.
    fn cases(&mut self, p: &Procedure) {
        let mut seen = BTreeSet::new();
        for case in &p.cases {
            let id = case.id.get_ref();
            if !seen.insert(id.as_str()) {
                let loc = self.doc.loc(&case.id);
                self.error(
                    loc,
                    "duplicate-case",
                    tr!("mã trường hợp `{id}` được khai báo hai lần", "the case id `{id}` is declared twice"),
                    tr!("mỗi [[procedure.cases]] cần một mã riêng", "give each [[procedure.cases]] its own id"),
                );
            }
        }
        let named = p
            .methods
            .iter()
            .flat_map(|m| &m.cases)
            .chain(p.fees.iter().flat_map(|f| &f.cases))
            .chain(p.dossier.iter().flat_map(|g| &g.cases))
            .chain(p.steps.iter().flat_map(|s| &s.cases))
            .chain(p.applicant_steps.iter().flat_map(|s| &s.cases))
            .chain(p.results.iter().flat_map(|r| &r.cases));
        let ids: Vec<&str> = p.cases.iter().map(|c| c.id.get_ref().as_str()).collect();
        let mut unknown = Vec::new();
        for case in named {
            if !ids.contains(&case.get_ref().as_str()) {
                unknown.push(case);
            }
        }
        for case in unknown {
            self.unknown_case(case, &ids);
        }
        for group in &p.dossier {
            let Some(case) = &group.case else { continue };
            let text = case.get_ref();
            if group.cases.is_empty()
                && !p.cases.is_empty()
                && !p.cases.iter().any(|c| c.id.get_ref() == text || c.name == *text)
            {
                self.unknown_case(case, &ids);
            }
        }
    }

    fn unknown_case(&mut self, case: &Spanned<String>, ids: &[&str]) {
        let name = case.get_ref();
        let declared = ids.join(", ");
        let help = match closest(name, ids.iter().copied()) {
            Some(best) => tr!(
                "có phải ý bạn là \"{best}\"? Các trường hợp đã khai báo: {declared}",
                "did you mean \"{best}\"? Cases declared: {declared}"
            ),
            None if ids.is_empty() => tr!(
                "khai báo trường hợp ở [[procedure.cases]] với id và name",
                "declare the case under [[procedure.cases]] with an id and a name"
            ),
            None => tr!(
                "dùng một trong các trường hợp đã khai báo ({declared}), hoặc khai báo nó ở [[procedure.cases]]",
                "use one of the declared cases ({declared}), or declare it under [[procedure.cases]]"
            ),
        };
        let loc = self.doc.loc(case);
        let message =
            tr!("quy trình không có trường hợp nào mang mã `{name}`", "no case of this procedure has the id `{name}`");
        self.error(loc, "unknown-case", message, help);
    }

    /// Every role and every step names a unit of the agency or a declared external body. A step
    /// keeps the code it always had (`unknown-unit`); the roles are new (`unknown-body`).
    fn bodies(&mut self, p: &Procedure) {
        let roles =
            p.authority.iter().chain(&p.implementing).chain(&p.delegated).chain(&p.cooperating).chain(&p.submit_at);
        let named = roles.map(|id| (id, "unknown-body")).chain(p.steps.iter().map(|s| (&s.unit, "unknown-unit")));
        let config = &self.resolved.manual.config;
        let mut unknown = Vec::new();
        for (id, code) in named {
            if config.unit(id.get_ref()).is_none() && config.body(id.get_ref()).is_none() {
                unknown.push((id, code));
            }
        }
        for (id, code) in unknown {
            let known = config
                .units
                .iter()
                .map(|u| u.id.get_ref().as_str())
                .chain(config.bodies.iter().map(|b| b.id.get_ref().as_str()));
            let help = match closest(id.get_ref(), known) {
                Some(best) => tr!("có phải ý bạn là \"{best}\"?", "did you mean \"{best}\"?"),
                None => tr!(
                    "khai báo trong sotay.toml ở [[units]] (một đơn vị của cơ quan) hoặc [[bodies]] (một cơ quan bên ngoài, với name, address, phone, hours)",
                    "declare it in sotay.toml under [[units]] (a unit of the agency) or [[bodies]] (a body outside it, with name, address, phone, hours)"
                ),
            };
            let loc = self.doc.loc(id);
            let id = id.get_ref();
            let message = tr!(
                "không có đơn vị hay cơ quan nào mang mã `{id}`",
                "no unit of the agency or body has the id `{id}`"
            );
            self.error(loc, code, message, help);
        }
    }

    /// One row per method and case; a cut-off hour only with "trong ngày".
    fn methods(&mut self, p: &Procedure) {
        let mut seen = BTreeSet::new();
        for method in &p.methods {
            let kind = *method.kind.get_ref();
            if p.cases_of(&method.cases).into_iter().any(|case| !seen.insert((kind, case))) {
                let loc = self.doc.loc(&method.kind);
                self.error(
                    loc,
                    "duplicate-method",
                    tr!(
                        "cách nộp này được ghi hai lần cho cùng một trường hợp",
                        "this submission method is listed twice for the same case"
                    ),
                    tr!(
                        "mỗi cách nộp và trường hợp chỉ một dòng, hoặc ghi trường hợp của dòng bằng `cases = [...]`",
                        "keep one row per method and case, or name the row's cases with `cases = [...]`"
                    ),
                );
            }
            if let Some(cutoff) = &method.cutoff {
                if *method.time_limit.get_ref() != TimeLimit::SameDay {
                    let loc = self.doc.loc(cutoff);
                    self.error(
                        loc,
                        "cutoff-without-same-day",
                        tr!(
                            "giờ tiếp nhận cuối cùng chỉ dùng với thời hạn \"trong ngày\"",
                            "a cut-off hour only applies to a time limit of \"trong ngày\""
                        ),
                        tr!(
                            "ghi time_limit = \"trong ngày\", hoặc bỏ `cutoff`",
                            "write time_limit = \"trong ngày\", or remove `cutoff`"
                        ),
                    );
                }
            }
            if method.from.is_some() && method.time_limit.get_ref().from().is_some() {
                let loc = self.doc.loc(&method.time_limit);
                self.error(
                    loc,
                    "origin-twice",
                    tr!(
                        "thời hạn ghi mốc tính hai lần (trong `time_limit` và trong `from`)",
                        "the time limit says where it is counted from twice (in `time_limit` and in `from`)"
                    ),
                    tr!("chỉ giữ một trong hai", "keep one of the two"),
                );
            }
        }
    }

    /// A TTHC says what each method costs in each case: "Không thu phí" is never assumed.
    fn fees_stated(&mut self, p: &Procedure) {
        // A fee written wrongly has been reported where it is written.
        let unread = |k: &String| k == "procedure.methods.fee" || k.starts_with("procedure.fees");
        if p.tthc_code.is_none() || self.doc.unread_keys.iter().any(unread) {
            return;
        }
        for method in &p.methods {
            let unstated: Vec<Option<&str>> = p
                .cases_of(&method.cases)
                .into_iter()
                .filter(|case| p.fees_for(method, *case).is_empty())
                .map(|case| case.map(|c| p.case_name(c).unwrap_or(c)))
                .collect();
            if let Some(first) = unstated.first() {
                let kind = method.kind.get_ref().vietnamese().to_lowercase();
                let (vi_case, en_case) = match first {
                    Some(name) => (format!(" trong trường hợp \"{name}\""), format!(" in the case \"{name}\"")),
                    None => (String::new(), String::new()),
                };
                self.diagnostics.push(
                    Diagnostic::warning(
                        self.doc.loc(&method.kind),
                        "fee-not-stated",
                        tr!(
                            "chưa ghi phí, lệ phí cho cách nộp {kind}{vi_case}; trang sẽ ghi \"Chưa công bố\"",
                            "no fee is stated for the {kind} method{en_case}; the page says \"Chưa công bố\""
                        ),
                    )
                    .with_help(tr!(
                        "thêm một dòng [[procedure.fees]] cho nó (kind, và amount = 0 khi không thu)",
                        "add a [[procedure.fees]] row for it (kind, and amount = 0 when nothing is collected)"
                    )),
                );
            }
        }
    }

    /// A fee has a kind and one amount (a fixed amount, a range or a rate), or says why not.
    fn fee(&mut self, fee: &Fee) {
        let at = fee.amount.as_ref().map(|a| self.doc.loc(a));
        let at = at
            .or_else(|| fee.range.as_ref().map(|r| self.doc.loc(r)))
            .or_else(|| fee.percent.as_ref().map(|r| self.doc.loc(r)));
        let loc = at.clone().unwrap_or_else(|| self.table.clone());
        if fee.kind.is_none() {
            self.error(
                loc.clone(),
                "missing-fee-kind",
                tr!(
                    "khoản thu này chưa ghi là phí hay lệ phí",
                    "this fee does not say whether it is a phí or a lệ phí"
                ),
                tr!("thêm kind = \"phí\" hoặc kind = \"lệ phí\"", "add kind = \"phí\" or kind = \"lệ phí\""),
            );
        }
        let amounts = [fee.amount.is_some(), fee.range.is_some(), fee.percent.is_some()].iter().filter(|x| **x).count();
        if amounts > 1 {
            self.error(
                loc.clone(),
                "fee-amount-twice",
                tr!(
                    "khoản thu này ghi nhiều hơn một trong `amount`, `range` và `percent`",
                    "this fee has more than one of `amount`, `range` and `percent`"
                ),
                tr!("chỉ giữ cách ghi mà căn cứ pháp lý quy định", "keep the one the legal basis sets"),
            );
        }
        if amounts == 0 && fee.note.is_none() {
            let help = tr!(
                "thêm amount = 8000 (amount = 0 khi không thu), range = [thấp nhất, cao nhất], percent = 0.5, hoặc note như \"Theo Nghị quyết của HĐND tỉnh\" kèm căn cứ",
                "add amount = 8000 (amount = 0 when it is not collected), range = [min, max], percent = 0.5, or a note such as \"Theo Nghị quyết của HĐND tỉnh\" with its basis"
            );
            self.error(
                loc.clone(),
                "missing-fee-amount",
                tr!("khoản thu này chưa có số tiền", "this fee has no amount"),
                help,
            );
        }
        if let Some(range) = &fee.range {
            let [low, high] = range.get_ref();
            if low >= high {
                let loc = self.doc.loc(range);
                self.error(
                    loc,
                    "fee-range-upside-down",
                    {
                        let (low, high) = (low.amount(), high.amount());
                        tr!(
                            "khoảng tiền đi từ {low} xuống {high} đồng",
                            "the range goes from {low} down to {high} đồng"
                        )
                    },
                    tr!(
                        "ghi số tiền nhỏ trước, ví dụ range = [10000, 50000]",
                        "write the smaller amount first, e.g. range = [10000, 50000]"
                    ),
                );
            }
        }
    }

    /// Quantities are written one way; an external template names its legal document.
    fn dossier(&mut self, p: &Procedure) {
        let items = p.dossier.iter().flat_map(|g| &g.items);
        let mut problems = Vec::new();
        for item in items {
            let old = item.originals.as_ref().or(item.copies.as_ref());
            let new = item
                .count
                .as_ref()
                .map(|c| c.span())
                .or(item.copy.as_ref().map(|c| c.span()))
                .or(item.mode.as_ref().map(|m| m.span()));
            if let (Some(old), Some(_)) = (old, new) {
                let name = &item.name;
                let message = tr!(
                    "\"{name}\" ghi số lượng theo cả hai cách: originals/copies và copy/count/mode",
                    "\"{name}\" gives its quantity both as originals/copies and as copy/count/mode"
                );
                let help = tr!(
                    "ghi copy = \"bản chính\" (hoặc \"bản sao có chứng thực\", …) và count = 1, rồi bỏ originals/copies",
                    "write copy = \"bản chính\" (or \"bản sao có chứng thực\", …) and count = 1, and remove originals/copies"
                );
                problems.push((self.doc.loc(old), "mixed-quantity", message, help));
            }
        }
        let templates = p
            .dossier
            .iter()
            .flat_map(|g| &g.items)
            .filter_map(|i| i.template.as_ref().map(|t| (i.name.as_str(), t)))
            .chain(p.results.iter().filter_map(|r| r.template.as_ref().map(|t| (r.name.as_str(), t))));
        for (name, spanned) in templates {
            let template = spanned.get_ref();
            if template.number.is_none() {
                let template_name = &template.name;
                let message = tr!(
                    "mẫu \"{template_name}\" của \"{name}\" không ghi là phụ lục của văn bản pháp luật nào",
                    "the template \"{template_name}\" of \"{name}\" does not say which legal document it is annexed to"
                );
                let help = tr!(
                    "thêm number = \"04/2020/TT-BTP\" (và annex = \"Phụ lục …\") cho mẫu; biểu mẫu do cơ quan kiểm soát thì ghi form = \"BM-…\"",
                    "add number = \"04/2020/TT-BTP\" (and annex = \"Phụ lục …\") to the template; a form the agency controls is named with form = \"BM-…\" instead"
                );
                problems.push((self.doc.loc(spanned), "template-without-number", message, help));
            }
            if let Some(url) = &template.url {
                if let Err(why) = crate::model::url::check_link(url.get_ref()) {
                    let help = tr!("viết một địa chỉ bắt đầu bằng https://", "write an https:// address");
                    problems.push((self.doc.loc(url), "invalid-link", Text::reason(&why), help));
                }
            }
        }
        for (loc, code, message, help) in problems {
            self.error(loc, code, message, help);
        }
    }
}
