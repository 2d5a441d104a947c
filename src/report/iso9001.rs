//! The requirement clauses of TCVN ISO 9001:2015 (clauses 4 to 10) with their Vietnamese titles,
//! as data: the rows of the clause matrix. Numbered paragraphs without a title of their own
//! (4.4.1, 7.1.5.1, 8.7.1, …) are not rows; a document that names one serves the titled clause
//! above it.
//!
//! The titles follow the Vietnamese adoption TCVN ISO 9001:2015 (DOMAIN.md §5 gives the main
//! ones); check them against the published text before quoting them in an official document.

/// One clause: its number and its title.
pub type Clause = (&'static str, &'static str);

/// Every titled clause of 4 to 10, in the standard's order.
pub const CLAUSES: &[Clause] = &[
    ("4", "Bối cảnh của tổ chức"),
    ("4.1", "Hiểu tổ chức và bối cảnh của tổ chức"),
    ("4.2", "Hiểu nhu cầu và mong đợi của các bên quan tâm"),
    ("4.3", "Xác định phạm vi của hệ thống quản lý chất lượng"),
    ("4.4", "Hệ thống quản lý chất lượng và các quá trình của hệ thống"),
    ("5", "Sự lãnh đạo"),
    ("5.1", "Sự lãnh đạo và cam kết"),
    ("5.1.1", "Khái quát"),
    ("5.1.2", "Hướng vào khách hàng"),
    ("5.2", "Chính sách"),
    ("5.2.1", "Thiết lập chính sách chất lượng"),
    ("5.2.2", "Truyền đạt chính sách chất lượng"),
    ("5.3", "Vai trò, trách nhiệm và quyền hạn trong tổ chức"),
    ("6", "Hoạch định"),
    ("6.1", "Hành động giải quyết rủi ro và cơ hội"),
    ("6.2", "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu"),
    ("6.3", "Hoạch định các thay đổi"),
    ("7", "Hỗ trợ"),
    ("7.1", "Nguồn lực"),
    ("7.1.1", "Khái quát"),
    ("7.1.2", "Con người"),
    ("7.1.3", "Cơ sở hạ tầng"),
    ("7.1.4", "Môi trường cho việc thực hiện các quá trình"),
    ("7.1.5", "Nguồn lực theo dõi và đo lường"),
    ("7.1.6", "Tri thức của tổ chức"),
    ("7.2", "Năng lực"),
    ("7.3", "Nhận thức"),
    ("7.4", "Trao đổi thông tin"),
    ("7.5", "Thông tin dạng văn bản"),
    ("7.5.1", "Khái quát"),
    ("7.5.2", "Tạo lập và cập nhật"),
    ("7.5.3", "Kiểm soát thông tin dạng văn bản"),
    ("8", "Thực hiện"),
    ("8.1", "Hoạch định và kiểm soát việc thực hiện"),
    ("8.2", "Yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.2.1", "Trao đổi thông tin với khách hàng"),
    ("8.2.2", "Xác định các yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.2.3", "Xem xét các yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.2.4", "Thay đổi các yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.3", "Thiết kế và phát triển sản phẩm và dịch vụ"),
    ("8.3.1", "Khái quát"),
    ("8.3.2", "Hoạch định thiết kế và phát triển"),
    ("8.3.3", "Đầu vào của thiết kế và phát triển"),
    ("8.3.4", "Kiểm soát thiết kế và phát triển"),
    ("8.3.5", "Đầu ra của thiết kế và phát triển"),
    ("8.3.6", "Thay đổi thiết kế và phát triển"),
    ("8.4", "Kiểm soát quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp"),
    ("8.4.1", "Khái quát"),
    ("8.4.2", "Loại và mức độ kiểm soát"),
    ("8.4.3", "Thông tin cho nhà cung cấp bên ngoài"),
    ("8.5", "Sản xuất và cung cấp dịch vụ"),
    ("8.5.1", "Kiểm soát sản xuất và cung cấp dịch vụ"),
    ("8.5.2", "Nhận biết và xác định nguồn gốc"),
    ("8.5.3", "Tài sản của khách hàng hoặc nhà cung cấp bên ngoài"),
    ("8.5.4", "Bảo toàn"),
    ("8.5.5", "Hoạt động sau giao hàng"),
    ("8.5.6", "Kiểm soát thay đổi"),
    ("8.6", "Thông qua sản phẩm và dịch vụ"),
    ("8.7", "Kiểm soát đầu ra không phù hợp"),
    ("9", "Đánh giá kết quả thực hiện"),
    ("9.1", "Theo dõi, đo lường, phân tích và đánh giá"),
    ("9.1.1", "Khái quát"),
    ("9.1.2", "Sự thỏa mãn của khách hàng"),
    ("9.1.3", "Phân tích và đánh giá"),
    ("9.2", "Đánh giá nội bộ"),
    ("9.3", "Xem xét của lãnh đạo"),
    ("9.3.1", "Khái quát"),
    ("9.3.2", "Đầu vào xem xét của lãnh đạo"),
    ("9.3.3", "Đầu ra xem xét của lãnh đạo"),
    ("10", "Cải tiến"),
    ("10.1", "Khái quát"),
    ("10.2", "Sự không phù hợp và hành động khắc phục"),
    ("10.3", "Cải tiến liên tục"),
];

/// How deep a clause number is: `8` → 1, `8.5` → 2, `8.5.1` → 3.
pub fn depth(clause: &str) -> usize {
    clause.split('.').count()
}

/// Whether `ancestor` is `clause` or a clause above it: `8.5` contains `8.5.1`, not `8.50`.
pub fn contains(ancestor: &str, clause: &str) -> bool {
    clause == ancestor || clause.strip_prefix(ancestor).is_some_and(|rest| rest.starts_with('.'))
}

/// The titled clause a claimed number stands for: itself, or the nearest titled clause above it
/// (`4.4.1` → `4.4`); `None` for a number the standard does not have under a known clause.
pub fn titled(clause: &str) -> Option<&'static str> {
    let mut number = clause;
    loop {
        if let Some((n, _)) = CLAUSES.iter().find(|(n, _)| *n == number) {
            return Some(n);
        }
        number = &number[..number.rfind('.')?];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_unique_ordered_and_every_sub_clause_has_its_parent() {
        for (i, (n, _)) in CLAUSES.iter().enumerate() {
            assert!(CLAUSES[..i].iter().all(|(m, _)| m != n), "{n} twice");
            if let Some((parent, _)) = n.rsplit_once('.') {
                assert!(CLAUSES[..i].iter().any(|(m, _)| *m == parent), "{n} before its parent");
            }
        }
        assert_eq!(CLAUSES.iter().filter(|(n, _)| depth(n) == 1).count(), 7);
    }

    #[test]
    fn untitled_paragraphs_stand_for_the_clause_above() {
        assert_eq!(titled("4.4.1"), Some("4.4"));
        assert_eq!(titled("7.1.5.1"), Some("7.1.5"));
        assert_eq!(titled("8.5.1"), Some("8.5.1"));
        assert!(contains("8.5", "8.5.1") && !contains("8.5", "8.50") && contains("8", "8.5"));
    }
}
