//! A fee that every case pays alike is said once. A method's fees are shown one line per case
//! when they differ by case; a fee found in every one of those lines (the same "Miễn lệ phí" in
//! "Cấp mới" and "Gia hạn") would be read twice on a phone. It moves to one line of its own,
//! after the lines that keep what differs by case.

use crate::render::views::{FeeLineView, FeeView};

/// Moves the fees every line of `lines` shares into one line without a case, when each line
/// keeps at least one fee of its own; otherwise leaves `lines` as they are.
pub fn say_common_fees_once(lines: &mut Vec<FeeLineView>) {
    if lines.len() < 2 {
        return;
    }
    let common: Vec<FeeView> =
        lines[0].fees.iter().filter(|f| lines.iter().all(|l| l.fees.iter().any(|g| same(f, g)))).cloned().collect();
    let keeps_its_own = lines.iter().all(|l| l.fees.iter().any(|f| !common.iter().any(|c| same(f, c))));
    if common.is_empty() || !keeps_its_own {
        return;
    }
    for line in lines.iter_mut() {
        line.fees.retain(|f| !common.iter().any(|c| same(f, c)));
        line.text = joined(&line.fees);
    }
    lines.push(FeeLineView { case: None, text: joined(&common), fees: common });
}

/// Two fees read the same: the same line, exemption, basis and note.
fn same(a: &FeeView, b: &FeeView) -> bool {
    (&a.text, &a.exempt, &a.basis, &a.note) == (&b.text, &b.exempt, &b.basis, &b.note)
}

fn joined(fees: &[FeeView]) -> String {
    fees.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(text: &str) -> FeeView {
        FeeView {
            kind: None,
            kind_name: None,
            amount: None,
            range: None,
            percent: None,
            of: None,
            per: None,
            exempt: None,
            basis: None,
            note: None,
            amount_text: text.to_owned(),
            text: text.to_owned(),
        }
    }

    fn line(case: &str, fees: &[&str]) -> FeeLineView {
        let fees: Vec<FeeView> = fees.iter().map(|t| fee(t)).collect();
        FeeLineView { case: Some(case.to_owned()), text: joined(&fees), fees }
    }

    fn texts(lines: &[FeeLineView]) -> Vec<(Option<&str>, &str)> {
        lines.iter().map(|l| (l.case.as_deref(), l.text.as_str())).collect()
    }

    #[test]
    fn a_fee_every_case_pays_moves_to_one_line_after_the_cases() {
        let mut lines = vec![
            line("Cấp mới", &["Phí: 2.000.000 đồng", "Miễn lệ phí"]),
            line("Gia hạn", &["Phí: 75 % phí cấp mới", "Miễn lệ phí"]),
        ];
        say_common_fees_once(&mut lines);
        assert_eq!(
            texts(&lines),
            [
                (Some("Cấp mới"), "Phí: 2.000.000 đồng"),
                (Some("Gia hạn"), "Phí: 75 % phí cấp mới"),
                (None, "Miễn lệ phí")
            ]
        );
    }

    #[test]
    fn a_case_left_without_a_fee_of_its_own_keeps_the_lines_as_they_were() {
        let mut lines = vec![line("Đúng hạn", &["Miễn lệ phí"]), line("Quá hạn", &["Miễn lệ phí", "Phí: 3.000 đồng"])];
        say_common_fees_once(&mut lines);
        assert_eq!(
            texts(&lines),
            [(Some("Đúng hạn"), "Miễn lệ phí"), (Some("Quá hạn"), "Miễn lệ phí; Phí: 3.000 đồng")]
        );
        let mut different = vec![line("A", &["Phí: 1 đồng"]), line("B", &["Phí: 2 đồng"])];
        say_common_fees_once(&mut different);
        assert_eq!(texts(&different), [(Some("A"), "Phí: 1 đồng"), (Some("B"), "Phí: 2 đồng")]);
    }
}
