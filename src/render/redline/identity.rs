//! The parts of a procedure's national record that a redline compares as whole texts, besides
//! its methods, dossier and steps: the official name and codes, the bodies in each role, the
//! cases, and — when the procedure has cases — each case's time limits and fees, which the
//! methods table (one row per method, the fees every case pays) would not show. A part the older
//! revision did not write yet (a manual moving to the national model) is not reported as changed:
//! see `redline::identity_fields`.

use crate::i18n::Strings;
use crate::model::procedure::Procedure;

/// The TTHC code and its local variant, as one line.
pub fn codes(p: &Procedure) -> String {
    let code = p.tthc_code.as_ref().map(|c| c.get_ref().to_string());
    let local = p.local_code.as_ref().map(|c| c.get_ref().to_string());
    code.into_iter().chain(local).collect::<Vec<_>>().join(" · ")
}

/// One line per role: "Cơ quan có thẩm quyền: Ủy ban nhân dân tỉnh …", then where to submit.
pub fn roles(p: &Procedure, unit_name: &dyn Fn(&str) -> String, ui: &Strings) -> String {
    let single = [
        ("procedure.role_authority", &p.authority),
        ("procedure.role_implementing", &p.implementing),
        ("procedure.role_delegated", &p.delegated),
    ];
    let mut lines: Vec<String> = single
        .iter()
        .filter_map(|(key, id)| id.as_ref().map(|id| format!("{}: {}", ui.get(key), unit_name(id.get_ref()))))
        .collect();
    if !p.cooperating.is_empty() {
        let names: Vec<String> = p.cooperating.iter().map(|id| unit_name(id.get_ref())).collect();
        lines.push(format!("{}: {}", ui.get("procedure.role_cooperating"), names.join(", ")));
    }
    if !p.submit_at.is_empty() {
        let names: Vec<String> = p.submit_at.iter().map(|id| unit_name(id.get_ref())).collect();
        lines.push(format!("{}: {}", ui.get("procedure.where"), names.join(", ")));
    }
    lines.join("\n")
}

/// The cases' names, one a line.
pub fn cases(p: &Procedure) -> String {
    p.cases.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join("\n")
}

/// Each case's time limit and fees per method, one line each ("Trực tiếp – Gia hạn: 15 ngày làm
/// việc; Phí: 75 % …"); empty when the procedure has no cases (the methods table shows it all).
pub fn per_case(p: &Procedure, ui: &Strings) -> String {
    let mut lines = Vec::new();
    for case in &p.cases {
        let id = case.id.get_ref().as_str();
        for method in p.methods.iter().filter(|m| m.applies_to(Some(id))) {
            let fees: Vec<String> = p.fees_for(method, Some(id)).iter().map(|f| f.text()).collect();
            let method_name = ui.named("method", method.kind.get_ref());
            let limit = ui.time_limit(method.time_limit.get_ref());
            lines.push(format!("{method_name} – {}: {limit}; {}", case.name, fees.join("; ")));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> std::sync::Arc<Strings> {
        crate::i18n::Catalog::builtin().strings("vi").unwrap().clone()
    }

    fn procedure(toml: &str) -> Procedure {
        toml::from_str(toml).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn each_case_has_a_line_per_method_with_its_limit_and_fees() {
        let p = procedure(
            "cases = [{ id = \"a\", name = \"Cấp mới\" }, { id = \"b\", name = \"Gia hạn\" }]\n\
             methods = [{ kind = \"in-person\", time_limit = \"10 ngày làm việc\" }]\n\
             fees = [{ kind = \"phí\", amount = 100000, cases = [\"a\"] }, { kind = \"phí\", percent = 75, of = \"phí cấp mới\", cases = [\"b\"] }]\n",
        );
        let ui = ui();
        let text = per_case(&p, &ui);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(
            lines[0].contains("Cấp mới") && lines[0].contains("10 ngày làm việc") && lines[0].contains("100.000"),
            "{text}"
        );
        assert!(lines[1].contains("Gia hạn") && lines[1].contains("75"), "{text}");
        assert_eq!(cases(&p), "Cấp mới\nGia hạn");
        assert_eq!(per_case(&procedure("methods = [{ kind = \"post\", time_limit = \"5 ngày\" }]\n"), &ui), "");
    }
}
