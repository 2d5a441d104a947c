//! The imported document written out: TOML front matter in the order docs/front-matter.md
//! lists its keys (so it reads like a hand-written one), then the Markdown body. Strings go
//! through the `toml` crate's quoting; nothing depends on the clock, so the same Word file
//! always gives the same bytes.

use std::fmt::Write;

use super::{Draft, Procedure, Signoff};
use crate::model::Kind;

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The whole `.md` file.
pub fn document(draft: &Draft) -> String {
    let mut fm = String::new();
    let mut line = |key: &str, value: String| {
        let _ = writeln!(fm, "{key} = {value}");
    };
    line("code", quote(draft.code.as_str()));
    line("title", quote(&draft.title));
    if let Some(revision) = draft.revision {
        line("revision", revision.to_string());
    }
    if let Some(issued) = draft.issued {
        line("issued", issued.iso());
    }
    if let Some(effective) = draft.effective {
        line("effective", effective.iso());
    }
    line("status", quote("in-force"));
    if !draft.legal_basis.is_empty() {
        let rows: Vec<String> = draft.legal_basis.iter().map(|n| format!("  {{ number = {} }},\n", quote(n))).collect();
        line("legal_basis", format!("[\n{}]", rows.concat()));
    }
    for (key, signoff) in ["prepared", "reviewed", "approved"].iter().zip(&draft.signoffs) {
        if let Some(signoff) = signoff {
            line(key, inline_signoff(signoff));
        }
    }
    for row in &draft.amendments {
        let _ = write!(
            fm,
            "\n[[amendments]]\nrevision = {}\ndate = {}\nwhere = {}\nsummary = {}\n",
            row.revision,
            row.date.iso(),
            quote(&row.place),
            quote(&row.summary)
        );
    }
    match draft.kind {
        Kind::Procedure => procedure(&mut fm, draft.procedure.as_ref().unwrap_or(&Procedure::default())),
        Kind::Form => {
            let files: Vec<String> = draft.form_files.iter().map(|f| quote(f)).collect();
            let _ = write!(fm, "\n[form]\nfiles = [{}]\n", files.join(", "));
        }
        _ => {}
    }
    format!("+++\n{fm}+++\n\n{}", draft.body)
}

fn inline_signoff(signoff: &Signoff) -> String {
    let mut parts = vec![format!("name = {}", quote(&signoff.name)), format!("title = {}", quote(&signoff.title))];
    if let Some(date) = signoff.date {
        parts.push(format!("date = {}", date.iso()));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn procedure(fm: &mut String, p: &Procedure) {
    fm.push_str("\n[procedure]\n");
    if let Some(where_to_submit) = &p.where_to_submit {
        let _ = writeln!(fm, "where_to_submit = {}", quote(where_to_submit));
    }
    if let Some(count) = &p.dossier_count {
        let _ = writeln!(fm, "dossier_count = {}", quote(count));
    }
    for (kind, limit) in &p.methods {
        let _ = write!(fm, "\n[[procedure.methods]]\nkind = {}\ntime_limit = {}\n", quote(kind), quote(limit));
    }
    if let Some(fee) = &p.fee {
        let _ = write!(fm, "\n[[procedure.fees]]\nkind = {}\n", quote(fee.kind));
        if let Some(amount) = fee.amount {
            let _ = writeln!(fm, "amount = {amount}");
        }
        if let Some(per) = &fee.per {
            let _ = writeln!(fm, "per = {}", quote(per));
        }
        if let Some(note) = &fee.note {
            let _ = writeln!(fm, "note = {}", quote(note));
        }
    }
    if !p.dossier.is_empty() {
        fm.push_str("\n[[procedure.dossier]]\n");
    }
    for item in &p.dossier {
        let _ = write!(fm, "\n[[procedure.dossier.items]]\nname = {}\n", quote(&item.name));
        let numbers = [("originals", item.originals), ("copies", item.copies), ("count", item.count)];
        if let Some(copy) = &item.copy {
            let _ = writeln!(fm, "copy = {}", quote(copy));
        }
        for (key, value) in numbers {
            if let Some(value) = value {
                let _ = writeln!(fm, "{key} = {value}");
            }
        }
        optional(fm, "form", &item.form);
        optional(fm, "note", &item.note);
    }
    for step in &p.steps {
        let _ = write!(fm, "\n[[procedure.steps]]\ntask = {}\nunit = {}\n", quote(&step.task), quote(&step.unit));
        optional(fm, "time", &step.time);
        optional(fm, "form", &step.form);
        optional(fm, "result", &step.result);
    }
    for record in &p.records {
        let _ = write!(
            fm,
            "\n[[procedure.records]]\nname = {}\nkept_by = {}\nretention = {}\n",
            quote(&record.name),
            quote(&record.kept_by),
            quote(&record.retention)
        );
        optional(fm, "form", &record.form);
    }
}

fn optional(fm: &mut String, key: &str, value: &Option<String>) {
    if let Some(value) = value {
        let _ = writeln!(fm, "{key} = {}", quote(value));
    }
}
