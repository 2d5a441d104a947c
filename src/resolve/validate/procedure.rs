//! The rules of a procedure's `[procedure]` table (DOMAIN.md §3, §3a): what a TTHC must state,
//! that every case, unit and body it names is declared, that fees, dossier items and templates
//! say one thing each; the step-time invariant is in `step_times.rs`. Kept apart from the rules
//! every document follows.

use std::collections::BTreeSet;

use toml::Spanned;

use crate::diagnostic::{closest, Diagnostic, Diagnostics, Loc};
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
    let lang = crate::lang::Lang::of_code(resolved.manual.config.site.language.get_ref());
    diagnostics.extend(super::step_times::check(doc, p, lang));
    diagnostics
}

struct Rules<'a> {
    resolved: &'a ResolvedManual,
    doc: &'a Document,
    table: Loc,
    diagnostics: &'a mut Diagnostics,
}

impl Rules<'_> {
    fn error(&mut self, loc: Loc, code: &'static str, message: impl Into<String>, help: impl Into<String>) {
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
                "the procedure has no steps",
                "add [[procedure.steps]] rows (task, unit, time)",
            );
        }
        if p.records.is_empty() && !unread("procedure.records") {
            let help = "add [[procedure.records]] rows (name, kept_by, retention)";
            self.error(table.clone(), "missing-records", "the procedure lists no records to keep", help);
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
                let message = format!("a procedure with a TTHC code needs `{key}`");
                self.error(
                    table.clone(),
                    "missing-key",
                    message,
                    format!("add `{key}` to [procedure]; see docs/front-matter.md"),
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
                self.error(loc, "decision-without-number", format!("`{text}` does not name the announcing decision by its number"), "write the decision's number, e.g. announced_by = \"2617/QĐ-UBND\" (it is linked to the legal registry)");
            }
        }
        if let Some(level) = p.level.as_ref().filter(|l| *l.get_ref() == Level::District) {
            if self.resolved.options.date >= districts_end() {
                let loc = self.doc.loc(level);
                self.diagnostics.push(
                    Diagnostic::warning(loc, "district-level", "district-level government (cấp huyện) ended on 01/07/2025; this procedure still says level = \"district\"")
                        .with_help("write level = \"commune\" or \"province\", as the decision announcing the procedure since 01/07/2025 says"),
                );
            }
        }
        if !p.results.is_empty() && p.result.is_some() {
            let table = self.table.clone();
            self.error(
                table,
                "result-twice",
                "the procedure has both `result` and [[procedure.results]]",
                "keep [[procedure.results]] (name, validity, form or template) and remove `result`",
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
                    format!("the case id `{id}` is declared twice"),
                    "give each [[procedure.cases]] its own id",
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
        let help = match closest(name, ids.iter().copied()) {
            Some(best) => format!("did you mean \"{best}\"? Cases declared: {}", ids.join(", ")),
            None if ids.is_empty() => "declare the case under [[procedure.cases]] with an id and a name".to_owned(),
            None => {
                format!("use one of the declared cases ({}), or declare it under [[procedure.cases]]", ids.join(", "))
            }
        };
        let loc = self.doc.loc(case);
        self.error(loc, "unknown-case", format!("no case of this procedure has the id `{name}`"), help);
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
                Some(best) => format!("did you mean \"{best}\"?"),
                None => "declare it in sotay.toml under [[units]] (a unit of the agency) or [[bodies]] (a body outside it, with name, address, phone, hours)".to_owned(),
            };
            let loc = self.doc.loc(id);
            self.error(loc, code, format!("no unit of the agency or body has the id `{}`", id.get_ref()), help);
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
                    "this submission method is listed twice for the same case",
                    "keep one row per method and case, or name the row's cases with `cases = [...]`",
                );
            }
            if let Some(cutoff) = &method.cutoff {
                if *method.time_limit.get_ref() != TimeLimit::SameDay {
                    let loc = self.doc.loc(cutoff);
                    self.error(
                        loc,
                        "cutoff-without-same-day",
                        "a cut-off hour only applies to a time limit of \"trong ngày\"",
                        "write time_limit = \"trong ngày\", or remove `cutoff`",
                    );
                }
            }
            if method.from.is_some() && method.time_limit.get_ref().from().is_some() {
                let loc = self.doc.loc(&method.time_limit);
                self.error(
                    loc,
                    "origin-twice",
                    "the time limit says where it is counted from twice (in `time_limit` and in `from`)",
                    "keep one of the two",
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
            let unstated: Vec<String> = p
                .cases_of(&method.cases)
                .into_iter()
                .filter(|case| p.fees_for(method, *case).is_empty())
                .map(|case| {
                    case.map(|c| format!(" in the case \"{}\"", p.case_name(c).unwrap_or(c))).unwrap_or_default()
                })
                .collect();
            if let Some(first) = unstated.first() {
                let kind = method.kind.get_ref().vietnamese().to_lowercase();
                self.diagnostics.push(
                    Diagnostic::warning(
                        self.doc.loc(&method.kind),
                        "fee-not-stated",
                        format!("no fee is stated for the {kind} method{first}; the page says \"Chưa công bố\""),
                    )
                    .with_help("add a [[procedure.fees]] row for it (kind, and amount = 0 when nothing is collected)"),
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
                "this fee does not say whether it is a phí or a lệ phí",
                "add kind = \"phí\" or kind = \"lệ phí\"",
            );
        }
        let amounts = [fee.amount.is_some(), fee.range.is_some(), fee.percent.is_some()].iter().filter(|x| **x).count();
        if amounts > 1 {
            self.error(
                loc.clone(),
                "fee-amount-twice",
                "this fee has more than one of `amount`, `range` and `percent`",
                "keep the one the legal basis sets",
            );
        }
        if amounts == 0 && fee.note.is_none() {
            self.error(loc.clone(), "missing-fee-amount", "this fee has no amount", "add amount = 8000 (amount = 0 when it is not collected), range = [min, max], percent = 0.5, or a note such as \"Theo Nghị quyết của HĐND tỉnh\" with its basis");
        }
        if let Some(range) = &fee.range {
            let [low, high] = range.get_ref();
            if low >= high {
                let loc = self.doc.loc(range);
                self.error(
                    loc,
                    "fee-range-upside-down",
                    format!("the range goes from {} down to {} đồng", low.amount(), high.amount()),
                    "write the smaller amount first, e.g. range = [10000, 50000]",
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
                problems.push((self.doc.loc(old), "mixed-quantity", format!("\"{}\" gives its quantity both as originals/copies and as copy/count/mode", item.name), "write copy = \"bản chính\" (or \"bản sao có chứng thực\", …) and count = 1, and remove originals/copies".to_owned()));
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
                problems.push((self.doc.loc(spanned), "template-without-number", format!("the template \"{}\" of \"{name}\" does not say which legal document it is annexed to", template.name), "add number = \"04/2020/TT-BTP\" (and annex = \"Phụ lục …\") to the template; a form the agency controls is named with form = \"BM-…\" instead".to_owned()));
            }
            if let Some(url) = &template.url {
                if let Err(why) = crate::model::url::check_link(url.get_ref()) {
                    problems.push((self.doc.loc(url), "invalid-link", why, "write an https:// address".to_owned()));
                }
            }
        }
        for (loc, code, message, help) in problems {
            self.error(loc, code, message, help);
        }
    }
}
