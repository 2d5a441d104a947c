//! Redlines: what changed between two revisions of a document, readable without colour —
//! `<del>` and `<ins>` with a hidden spoken label — word by word for prose and fields, row by
//! row for steps, dossier and submission methods, with a one-line summary such as
//! "Trực tiếp: thời hạn 15 → 10 ngày làm việc; bỏ bước 3". The body is compared as rendered
//! HTML, block by block (`body`, over the tree `html_tree` reads).

mod body;
mod html_tree;
mod identity;

pub use body::rendered_redline;

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::i18n::Strings;
use crate::model::procedure::{Method, Procedure};
use crate::model::FrontMatter;

/// How a row or field changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Same,
    Added,
    Removed,
    Changed,
}

/// One row of a compared table: its label and each cell as redline HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowDiff {
    pub change: Change,
    pub label: String,
    pub cells: Vec<String>,
}

/// A compared field (title, time limit, where to submit…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    pub label: String,
    pub change: Change,
    pub html: String,
}

/// Everything that changed between two revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redline {
    pub summary: String,
    pub fields: Vec<FieldDiff>,
    pub methods: Vec<RowDiff>,
    pub dossier: Vec<RowDiff>,
    pub steps: Vec<RowDiff>,
    /// The rendered body, block by block and word by word (`rendered_redline`).
    pub body_html: String,
    pub body_changed: bool,
}

/// A revision's body: its Markdown source (to tell whether it changed) and its rendered,
/// sanitised HTML (what the redline shows).
#[derive(Clone, Copy, Debug)]
pub struct Body<'a> {
    pub markdown: &'a str,
    pub html: &'a str,
}

/// Compares revision `old` with revision `new`; `unit_name` names units by id, `ui` gives the
/// labels and the summary's words.
pub fn redline(
    (old, old_body): (&FrontMatter, Body),
    (new, new_body): (&FrontMatter, Body),
    unit_name: &dyn Fn(&str) -> String,
    ui: &Strings,
) -> Redline {
    let mut summary = Vec::new();
    let mut fields = Vec::new();
    let mut field = |key: &str, old: &str, new: &str| field(&mut fields, &mut summary, ui, key, old, new);
    field("redline.field_title", old.title.get_ref(), new.title.get_ref());
    field("redline.field_summary", opt(&old.summary), opt(&new.summary));
    let empty = Procedure::default();
    let (p_old, p_new) = (
        old.procedure.as_ref().map_or(&empty, |p| p.get_ref()),
        new.procedure.as_ref().map_or(&empty, |p| p.get_ref()),
    );
    for (key, before, after) in identity_fields(p_old, p_new, unit_name, ui) {
        field(key, &before, &after);
    }
    field("redline.field_where", opt(&p_old.where_to_submit), opt(&p_new.where_to_submit));
    field("redline.field_applicants", opt(&p_old.applicants), opt(&p_new.applicants));
    field("redline.field_result", &results(p_old), &results(p_new));
    field("redline.field_conditions", &p_old.conditions.join("\n"), &p_new.conditions.join("\n"));
    let methods = methods(p_old, p_new, &mut summary, ui);
    let dossier = rows("redline.dossier", &dossier_rows(p_old), &dossier_rows(p_new), &mut summary, ui);
    let step_rows = |p: &Procedure| -> Vec<Vec<String>> {
        p.steps
            .iter()
            .map(|s| {
                vec![
                    s.task.get_ref().clone(),
                    unit_name(s.unit.get_ref()),
                    s.time.as_ref().map(|t| ui.duration(t.get_ref())).unwrap_or_default(),
                    s.form.as_ref().map(|f| f.get_ref().clone()).or_else(|| s.result.clone()).unwrap_or_default(),
                ]
            })
            .collect()
    };
    let steps = rows("redline.steps", &step_rows(p_old), &step_rows(p_new), &mut summary, ui);
    let body_changed = old_body.markdown.trim() != new_body.markdown.trim();
    if body_changed {
        summary.push(ui.get("redline.body_changed").to_owned());
    }
    Redline {
        summary: if summary.is_empty() {
            ui.get("redline.nothing").to_owned()
        } else {
            capitalise(&summary.join("; "))
        },
        fields,
        methods,
        dossier,
        steps,
        body_html: if body_changed { rendered_redline(old_body.html, new_body.html, ui) } else { String::new() },
        body_changed,
    }
}

/// The national record's parts compared as texts (`identity`): name, codes, roles, cases, and
/// per-case limits and fees. A part the older revision does not write is left out, so moving a
/// procedure to the national model is no change where the meaning stays.
fn identity_fields(
    p_old: &Procedure,
    p_new: &Procedure,
    unit_name: &dyn Fn(&str) -> String,
    ui: &Strings,
) -> Vec<(&'static str, String, String)> {
    let texts = |p: &Procedure| {
        [
            ("redline.field_name", p.name.clone().unwrap_or_default()),
            ("redline.field_code", identity::codes(p)),
            ("redline.field_roles", identity::roles(p, unit_name, ui)),
            ("redline.field_cases", identity::cases(p)),
            ("redline.field_per_case", identity::per_case(p, ui)),
        ]
    };
    let (old, new) = (texts(p_old), texts(p_new));
    old.into_iter()
        .zip(new)
        .filter(|((_, before), _)| !before.is_empty())
        .map(|((key, before), (_, after))| (key, before, after))
        .collect()
}

fn opt(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn field(fields: &mut Vec<FieldDiff>, summary: &mut Vec<String>, ui: &Strings, key: &str, old: &str, new: &str) {
    let label = ui.get(key).to_owned();
    if old.is_empty() && new.is_empty() {
        return;
    }
    let change = match (old.is_empty(), new.is_empty()) {
        _ if old == new => Change::Same,
        (true, false) => Change::Added,
        (false, true) => Change::Removed,
        _ => Change::Changed,
    };
    if change != Change::Same {
        summary.push(ui.fill("redline.changed_field", &[("field", &label.to_lowercase())]));
    }
    fields.push(FieldDiff { label, change, html: words(old, new, ui) });
}

/// Submission methods, matched by kind; the summary names time-limit and fee changes.
fn methods(p_old: &Procedure, p_new: &Procedure, summary: &mut Vec<String>, ui: &Strings) -> Vec<RowDiff> {
    let (old, new) = (&p_old.methods, &p_new.methods);
    let fees = |p: &Procedure, m: &Method| {
        let lines: Vec<String> = p.fees_for(m, None).iter().map(|f| f.text()).collect();
        lines.join("; ")
    };
    let cells = |p: &Procedure, m: &Method| vec![ui.time_limit(m.time_limit.get_ref()), fees(p, m)];
    let words = |a: &str, b: &str| words(a, b, ui);
    let mut kinds: Vec<_> = old.iter().chain(new).map(|m| *m.kind.get_ref()).collect();
    kinds.sort();
    kinds.dedup();
    let mut out = Vec::new();
    for kind in kinds {
        let before = old.iter().find(|m| *m.kind.get_ref() == kind);
        let after = new.iter().find(|m| *m.kind.get_ref() == kind);
        let label = ui.named("method", &kind).to_owned();
        let row = match (before, after) {
            (Some(a), Some(b)) => {
                let (ca, cb) = (cells(p_old, a), cells(p_new, b));
                let mut notes = Vec::new();
                if ca[0] != cb[0] {
                    let (ta, tb) = (a.time_limit.get_ref(), b.time_limit.get_ref());
                    // "15 → 10 ngày làm việc" when the unit stays, else both durations in full.
                    let new_time = ui.time_limit(tb);
                    let old_time = match (ta.duration(), tb.duration()) {
                        (Some(da), Some(db)) if da.unit == db.unit && ta.from() == tb.from() && ta.from().is_none() => {
                            da.amount()
                        }
                        _ => ui.time_limit(ta),
                    };
                    notes.push(ui.fill("redline.time", &[("old", &old_time), ("new", &new_time)]));
                }
                if ca[1] != cb[1] {
                    notes.push(ui.fill("redline.fee", &[("old", &ca[1]), ("new", &cb[1])]));
                }
                let change = if notes.is_empty() { Change::Same } else { Change::Changed };
                if !notes.is_empty() {
                    summary
                        .push(ui.fill("redline.method_changes", &[("method", &label), ("changes", &notes.join(", "))]));
                }
                RowDiff { change, label, cells: ca.iter().zip(&cb).map(|(x, y)| words(x, y)).collect() }
            }
            (None, Some(b)) => {
                summary.push(ui.fill("redline.method_added", &[("method", &label.to_lowercase())]));
                RowDiff { change: Change::Added, label, cells: cells(p_new, b).iter().map(|c| words("", c)).collect() }
            }
            (Some(a), None) => {
                summary.push(ui.fill("redline.method_removed", &[("method", &label.to_lowercase())]));
                RowDiff {
                    change: Change::Removed,
                    label,
                    cells: cells(p_old, a).iter().map(|c| words(c, "")).collect(),
                }
            }
            (None, None) => continue,
        };
        out.push(row);
    }
    out
}

/// The results as one text: the written `result`, or each `[[procedure.results]]` with its validity,
/// so moving a result from one to the other is no change.
fn results(p: &Procedure) -> String {
    if p.results.is_empty() {
        return p.result.clone().unwrap_or_default();
    }
    let named = p.results.iter().map(|r| match &r.validity {
        Some(validity) => format!("{} ({validity})", r.name),
        None => r.name.clone(),
    });
    named.collect::<Vec<_>>().join("\n")
}

fn dossier_rows(p: &Procedure) -> Vec<Vec<String>> {
    p.dossier
        .iter()
        .flat_map(|g| {
            g.items.iter().map(move |item| {
                vec![
                    match &g.case {
                        Some(case) => format!("{}: {}", case.get_ref(), item.name),
                        None => item.name.clone(),
                    },
                    item.form.as_ref().map(|f| f.get_ref().clone()).unwrap_or_default(),
                    item.quantities().join("; "),
                ]
            })
        })
        .collect()
}

/// Rows matched in order: equal rows are the same, replaced runs pair up as changed rows and the
/// rest are added or removed. Rows are numbered as in the new revision (removed ones as in the old).
fn rows(what: &str, old: &[Vec<String>], new: &[Vec<String>], summary: &mut Vec<String>, ui: &Strings) -> Vec<RowDiff> {
    let words = |a: &str, b: &str| words(a, b, ui);
    let mut out = Vec::new();
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    let row = |change, number: usize, a: &[String], b: &[String]| {
        let cells = match change {
            Change::Added => b.iter().map(|c| words("", c)).collect(),
            Change::Removed => a.iter().map(|c| words(c, "")).collect(),
            _ => a.iter().zip(b).map(|(x, y)| words(x, y)).collect(),
        };
        RowDiff { change, label: number.to_string(), cells }
    };
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (old_index, old_len, new_index, new_len) = match op {
            DiffOp::Equal { old_index, new_index, len } => {
                for k in 0..len {
                    out.push(row(Change::Same, new_index + k + 1, &old[old_index + k], &new[new_index + k]));
                }
                continue;
            }
            DiffOp::Delete { old_index, old_len, new_index } => (old_index, old_len, new_index, 0),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index, 0, new_index, new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => (old_index, old_len, new_index, new_len),
        };
        let paired = old_len.min(new_len);
        for k in 0..paired {
            changed.push(new_index + k + 1);
            out.push(row(Change::Changed, new_index + k + 1, &old[old_index + k], &new[new_index + k]));
        }
        for k in paired..old_len {
            removed.push(old_index + k + 1);
            out.push(row(Change::Removed, old_index + k + 1, &old[old_index + k], &[]));
        }
        for k in paired..new_len {
            added.push(new_index + k + 1);
            out.push(row(Change::Added, new_index + k + 1, &[], &new[new_index + k]));
        }
    }
    for (verb, numbers) in [("removed", &removed), ("added", &added), ("changed", &changed)] {
        if !numbers.is_empty() {
            let list: Vec<String> = numbers.iter().map(usize::to_string).collect();
            summary.push(ui.fill(&format!("{what}_{verb}"), &[("rows", &list.join(", "))]));
        }
    }
    out
}

/// Word-level redline of two texts as HTML: unchanged words plain, removed ones in `<del>`,
/// added ones in `<ins>`, each with a hidden label for screen readers.
pub fn words(old: &str, new: &str, ui: &Strings) -> String {
    let diff = TextDiff::configure().algorithm(Algorithm::Patience).diff_unicode_words(old, new);
    let mut html = String::with_capacity(old.len() + new.len());
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            close_mark(&mut html, open);
            open_mark(&mut html, tag, ui);
            open = Some(tag);
        }
        html.push_str(&escape(change.value()));
    }
    close_mark(&mut html, open);
    html
}

/// Opens `<del>` or `<ins>` (nothing for equal text) with its hidden spoken label.
fn open_mark(html: &mut String, tag: ChangeTag, ui: &Strings) {
    let (element, label) = match tag {
        ChangeTag::Delete => ("<del>", "redline.spoken_removed"),
        ChangeTag::Insert => ("<ins>", "redline.spoken_added"),
        ChangeTag::Equal => return,
    };
    html.push_str(element);
    html.push_str("<span class=\"visually-hidden\">");
    html.push_str(&escape(ui.get(label)));
    html.push_str("</span>");
}

/// Closes what [`open_mark`] opened.
fn close_mark(html: &mut String, open: Option<ChangeTag>) {
    match open {
        Some(ChangeTag::Delete) => html.push_str("<span class=\"visually-hidden\">]</span></del>"),
        Some(ChangeTag::Insert) => html.push_str("<span class=\"visually-hidden\">]</span></ins>"),
        _ => {}
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        toml::from_str(text).unwrap()
    }

    const BASE: &str = r#"
title = "Quy trình cấp phép"
[procedure]
[[procedure.methods]]
kind = "in-person"
time_limit = "15 ngày làm việc"
fee = 200000
[[procedure.steps]]
task = "Tiếp nhận hồ sơ"
unit = "mc"
time = "1 ngày làm việc"
[[procedure.steps]]
task = "Thẩm định hồ sơ"
unit = "p1"
time = "10 ngày làm việc"
[[procedure.steps]]
task = "Kiểm tra thực tế"
unit = "p1"
time = "3 ngày làm việc"
[[procedure.steps]]
task = "Trả kết quả"
unit = "mc"
time = "1 ngày làm việc"
"#;

    const EMPTY: Body = Body { markdown: "", html: "" };

    fn unit(id: &str) -> String {
        id.to_uppercase()
    }

    fn vi() -> std::sync::Arc<Strings> {
        crate::i18n::Catalog::builtin().strings("vi").unwrap().clone()
    }

    #[test]
    fn prose_is_compared_word_by_word() {
        let html = words("Thời hạn 15 ngày làm việc.", "Thời hạn 10 ngày làm việc.", &vi());
        assert!(html.contains("<del><span class=\"visually-hidden\">[đã bỏ: </span>15"), "{html}");
        assert!(html.contains("<ins><span class=\"visually-hidden\">[thêm: </span>10"), "{html}");
        assert!(html.starts_with("Thời hạn "), "{html}");
        assert_eq!(words("a < b", "a < b", &vi()), "a &lt; b");
    }

    #[test]
    fn summary_names_time_limit_and_removed_step() {
        let old = fm(BASE);
        let new_text = BASE.replace("15 ngày làm việc", "10 ngày làm việc").replace(
            "[[procedure.steps]]\ntask = \"Kiểm tra thực tế\"\nunit = \"p1\"\ntime = \"3 ngày làm việc\"\n",
            "",
        );
        let new = fm(&new_text.replace(
            "time = \"10 ngày làm việc\"\n[[procedure.steps]]\ntask = \"Trả",
            "time = \"8 ngày làm việc\"\n[[procedure.steps]]\ntask = \"Trả",
        ));
        let r = redline((&old, EMPTY), (&new, EMPTY), &unit, &vi());
        assert!(r.summary.starts_with("Trực tiếp: thời hạn 15 → 10 ngày làm việc"), "{}", r.summary);
        assert!(r.summary.contains("bỏ bước 3") || r.summary.contains("sửa bước 2"), "{}", r.summary);
        let changes: Vec<Change> = r.steps.iter().map(|s| s.change).collect();
        assert!(changes.contains(&Change::Removed) || changes.contains(&Change::Changed), "{changes:?}");
        assert_eq!(r.steps[0].change, Change::Same);
        assert_eq!(r.methods[0].change, Change::Changed);
    }

    #[test]
    fn added_rows_and_unchanged_documents() {
        let old = fm(BASE);
        let same = Body { markdown: "Nội dung", html: "<p>Nội dung</p>" };
        let r = redline((&old, same), (&old, same), &unit, &vi());
        assert_eq!(r.summary, "Không thay đổi nội dung");
        assert!(!r.body_changed);
        let new = fm(&format!("{BASE}[[procedure.steps]]\ntask = \"Lưu hồ sơ\"\nunit = \"mc\"\n"));
        let r = redline((&old, EMPTY), (&new, EMPTY), &unit, &vi());
        assert_eq!(r.steps.last().unwrap().change, Change::Added);
        assert_eq!(r.summary, "Thêm bước 5");
    }

    #[test]
    fn moving_to_the_new_procedure_model_is_no_change_where_the_meaning_stays() {
        // Issue 18: `result` becomes [[procedure.results]], originals/copies become copy/count, and
        // the method's fee stays: the redline reports only what a citizen would see change.
        let old = fm(&BASE.replace("[procedure]\n", "[procedure]\nresult = \"Giấy phép\"\n"));
        let new_text = BASE.replace("[procedure]\n", "[procedure]\nname = \"Cấp giấy phép\"\n");
        let new = fm(&format!("{new_text}[[procedure.results]]\nname = \"Giấy phép\"\n"));
        let r = redline((&old, EMPTY), (&new, EMPTY), &unit, &vi());
        assert_eq!(r.summary, "Không thay đổi nội dung");
        let newer = fm(&format!("{new_text}[[procedure.results]]\nname = \"Giấy phép\"\nvalidity = \"05 năm\"\n"));
        let r = redline((&new, EMPTY), (&newer, EMPTY), &unit, &vi());
        assert_ne!(r.summary, "Không thay đổi nội dung");
    }

    #[test]
    fn the_official_name_roles_cases_and_each_cases_fees_are_compared() {
        let old = fm(&BASE.replace(
            "[procedure]\n",
            "[procedure]\nname = \"Cấp giấy phép\"\nauthority = \"p1\"\n\
             [[procedure.cases]]\nid = \"moi\"\nname = \"Cấp mới\"\n",
        ));
        let new = fm(&BASE.replace(
            "[procedure]\n",
            "[procedure]\nname = \"Cấp, gia hạn giấy phép\"\nauthority = \"mc\"\n\
             [[procedure.cases]]\nid = \"moi\"\nname = \"Cấp mới\"\n\
             [[procedure.cases]]\nid = \"gh\"\nname = \"Gia hạn\"\n",
        ));
        let r = redline((&old, EMPTY), (&new, EMPTY), &unit, &vi());
        let changed: Vec<&str> =
            r.fields.iter().filter(|f| f.change == Change::Changed).map(|f| f.label.as_str()).collect();
        for label in
            ["Tên thủ tục hành chính", "Cơ quan thực hiện thủ tục", "Trường hợp", "Thời hạn, phí theo trường hợp"]
        {
            assert!(changed.contains(&label), "{label} changed: {changed:?}");
        }
        let roles = r.fields.iter().find(|f| f.label == "Cơ quan thực hiện thủ tục").unwrap();
        assert!(roles.html.contains("P1") && roles.html.contains("MC"), "{}", roles.html);
        assert!(r.summary.contains("tên thủ tục hành chính"), "{}", r.summary);
    }
}
