//! Methods grouped for the top of a procedure's page. A citizen reading on a phone needs each
//! time limit and fee once: methods whose time limit (with its cut-off, additions and periods
//! that do not count) and fee lines are the same become one card, "Trực tiếp, dịch vụ bưu
//! chính", and what differs between them (a method's note) stays under that card, named.

use crate::render::views::{MethodGroupView, MethodNoteView, MethodView};

/// `methods` grouped by what a citizen reads of them, in the order each group's first method is
/// written. A method that shares nothing stays a group of its own.
pub fn method_groups(methods: &[MethodView]) -> Vec<MethodGroupView> {
    let mut groups: Vec<(String, MethodGroupView)> = Vec::new();
    for method in methods {
        let key = same_terms_key(method);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => join(group, method),
            None => groups.push((key, first_of_group(method))),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// What must be equal for two methods to share a card: cases, time limit and its notes, fees.
fn same_terms_key(m: &MethodView) -> String {
    let extra: Vec<&str> = m.extra.iter().map(|x| x.text.as_str()).collect();
    let not_counted: Vec<&str> = m.not_counted.iter().map(|x| x.text.as_str()).collect();
    [
        m.cases.join("\u{1f}"),
        m.time_limit_text.clone(),
        m.cutoff_text.clone().unwrap_or_default(),
        extra.join("\u{1f}"),
        not_counted.join("\u{1f}"),
        m.fee_text.clone(),
    ]
    .join("\u{1e}")
}

fn first_of_group(m: &MethodView) -> MethodGroupView {
    MethodGroupView {
        kinds: vec![m.kind],
        name: m.name.clone(),
        names: vec![m.name.clone()],
        notes: m.note.iter().map(|note| MethodNoteView { method: m.name.clone(), text: note.clone() }).collect(),
        method: m.clone(),
    }
}

/// Adds `m` to `group`: "Trực tiếp" and "Dịch vụ bưu chính" read "Trực tiếp, dịch vụ bưu chính".
fn join(group: &mut MethodGroupView, m: &MethodView) {
    group.kinds.push(m.kind);
    group.names.push(m.name.clone());
    group.name = format!("{}, {}", group.name, lower_first(&m.name));
    if let Some(note) = &m.note {
        group.notes.push(MethodNoteView { method: m.name.clone(), text: note.clone() });
    }
}

/// "Dịch vụ bưu chính" → "dịch vụ bưu chính", for the second name of a list onwards.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::procedure::MethodKind;
    use crate::model::time_limit::TimeLimit;

    fn method(kind: MethodKind, name: &str, limit: &str, fee: &str, note: Option<&str>) -> MethodView {
        MethodView {
            kind,
            name: name.to_owned(),
            cases: Vec::new(),
            time_limit: TimeLimit::SameDay,
            time_limit_text: limit.to_owned(),
            cutoff: None,
            cutoff_text: None,
            extra: Vec::new(),
            not_counted: Vec::new(),
            fees: Vec::new(),
            fee_text: fee.to_owned(),
            note: note.map(str::to_owned),
        }
    }

    #[test]
    fn methods_with_the_same_limit_and_fees_share_one_card_and_keep_their_notes() {
        let methods = [
            method(MethodKind::InPerson, "Trực tiếp", "15 ngày làm việc", "Phí: 2.000.000 đồng", None),
            method(MethodKind::Online, "Trực tuyến", "15 ngày làm việc", "Phí: 2.000.000 đồng", Some("Ký số")),
            method(MethodKind::Post, "Dịch vụ bưu chính", "15 ngày làm việc", "Phí: 2.000.000 đồng", Some("Cước")),
        ];
        let groups = method_groups(&methods);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].name, "Trực tiếp, trực tuyến, dịch vụ bưu chính");
        assert_eq!(groups[0].kinds, [MethodKind::InPerson, MethodKind::Online, MethodKind::Post]);
        let notes: Vec<(&str, &str)> = groups[0].notes.iter().map(|n| (n.method.as_str(), n.text.as_str())).collect();
        assert_eq!(notes, [("Trực tuyến", "Ký số"), ("Dịch vụ bưu chính", "Cước")]);
    }

    #[test]
    fn a_different_limit_or_fee_keeps_a_card_of_its_own_in_written_order() {
        let methods = [
            method(MethodKind::InPerson, "Trực tiếp", "10 ngày làm việc", "Lệ phí: 200.000 đồng", None),
            method(MethodKind::Online, "Trực tuyến", "08 ngày làm việc", "Lệ phí: 150.000 đồng", None),
            method(MethodKind::Post, "Dịch vụ bưu chính", "10 ngày làm việc", "Lệ phí: 200.000 đồng", None),
            method(MethodKind::Post, "Dịch vụ bưu chính", "10 ngày làm việc", "Lệ phí: 100.000 đồng", None),
        ];
        let names: Vec<String> = method_groups(&methods).into_iter().map(|g| g.name).collect();
        assert_eq!(names, ["Trực tiếp, dịch vụ bưu chính", "Trực tuyến", "Dịch vụ bưu chính"]);
    }
}
