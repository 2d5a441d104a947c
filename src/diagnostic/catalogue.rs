//! Every diagnostic code sotay can emit, with what it means in Vietnamese and in English.
//!
//! The code is the stable name tools match on; it is the same in both languages. This table is
//! what docs/diagnostics.md lists (a test keeps them in step), what SARIF names each rule by, and
//! what `Diagnostic::error`/`warning`/`note` check a code against in debug builds.
//!
//! # Adding a diagnostic
//! One line at the place that finds the problem, both languages side by side:
//! ```ignore
//! Diagnostic::error(loc, "unknown-unit", tr!("không có đơn vị `{id}`", "there is no unit `{id}`"))
//!     .with_help(tr!("viết một trong: {ids}", "write one of: {ids}"))
//! ```
//! and, for a new code, one line here (kept in order): `entry("unknown-unit", "…", "…"),`.
//! Then add the code to docs/diagnostics.md's table (`cargo test --test diagnostics_catalogue`
//! says which line is missing). Vietnamese wording: plain words a civil servant uses, value names
//! as the user writes them, no English sentence (the catalogue's tests look for " the ", " must "…).

use crate::lang::Lang;

/// One code and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub code: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

impl Entry {
    /// The meaning in `lang`.
    pub fn meaning(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

const fn entry(code: &'static str, vi: &'static str, en: &'static str) -> Entry {
    Entry { code, vi, en }
}

/// The entry of `code`, if it is a code sotay emits.
pub fn meaning(code: &str) -> Option<&'static Entry> {
    CODES.binary_search_by(|e| e.code.cmp(code)).ok().map(|i| &CODES[i])
}

/// Every code, in alphabetical order.
#[rustfmt::skip]
pub const CODES: &[Entry] = &[
    entry("attachment-type", "tệp đính kèm có loại không dùng được", "an attachment's file type cannot be used"),
    entry("attachment-type-not-allowed", "loại tệp đính kèm không được phép", "an attachment's file type is not allowed"),
    entry("bad-catalogue-header", "dòng tiêu đề của danh mục thủ tục sai", "the TTHC catalogue's header row is wrong"),
    entry("bad-catalogue-row", "một dòng của danh mục thủ tục sai", "a row of the TTHC catalogue is wrong"),
    entry("changed-without-revision", "tài liệu đã sửa mà không tăng lần ban hành", "a document changed without a new revision"),
    entry("citation-date-mismatch", "ngày ghi kèm số hiệu khác ngày ký trong danh mục văn bản", "the date cited with a number differs from the registry's signing date"),
    entry("cites-ended", "dẫn chiếu văn bản đã hết hiệu lực", "cites a legal document that has ended"),
    entry("cites-not-in-force", "dẫn chiếu văn bản chưa có hiệu lực", "cites a legal document not yet in force"),
    entry("contradicting-relation", "hai văn bản ghi quan hệ trái nhau", "two legal documents state contradicting relations"),
    entry("control-character", "văn bản có ký tự điều khiển ẩn", "the text holds a hidden control character"),
    entry("cutoff-without-same-day", "có giờ tiếp nhận cuối mà không trả trong ngày", "a cut-off time without same-day handling"),
    entry("date-too-early", "ngày quá sớm để là thật", "a date too early to be real"),
    entry("decision-without-number", "quyết định công bố không ghi số hiệu", "the announcing decision is not named by its number"),
    entry("district-level", "thủ tục còn ghi cấp huyện", "a procedure still at district level"),
    entry("draft-not-published", "bản dự thảo không được công bố", "a draft is not published"),
    entry("duplicate-amendment", "một lần sửa đổi được ghi hai lần", "an amendment is recorded twice"),
    entry("duplicate-body", "mã cơ quan bị trùng", "a body's id is used twice"),
    entry("duplicate-case", "mã trường hợp bị trùng", "a case's id is used twice"),
    entry("duplicate-code", "mã tài liệu bị trùng", "a document code is used twice"),
    entry("duplicate-edition", "tên phiên bản bị trùng", "an edition's name is used twice"),
    entry("duplicate-key", "một trường được viết hai lần", "a key is written twice"),
    entry("duplicate-legal-number", "số hiệu văn bản bị trùng", "a legal document number is used twice"),
    entry("duplicate-method", "một cách nộp được ghi hai lần", "a submission method is listed twice"),
    entry("duplicate-translation", "một tài liệu có hai bản dịch cùng ngôn ngữ", "two translations into the same language"),
    entry("duplicate-tthc", "mã thủ tục hành chính bị trùng", "a TTHC code is used twice"),
    entry("duplicate-unit", "mã đơn vị bị trùng", "a unit's id is used twice"),
    entry("duplicate-url", "hai trang cùng một địa chỉ", "two pages share one address"),
    entry("edition-before-history", "phiên bản ghi ngày trước commit đầu tiên", "an edition's date is before the first commit"),
    entry("edition-without-commit", "phiên bản không tìm thấy trong lịch sử", "an edition's commit is not in the history"),
    entry("editions-without-history", "có phiên bản mà không có lịch sử git", "editions without git history"),
    entry("effective-before-issued", "ngày hiệu lực trước ngày ban hành", "effective before it was issued"),
    entry("empty-file", "tệp trống", "the file is empty"),
    entry("empty-policy", "chính sách chất lượng trống", "the quality policy is empty"),
    entry("excluded-clause-claimed", "điều khoản đã loại trừ vẫn được nhận là áp dụng", "an excluded ISO clause is claimed"),
    entry("fee-amount-twice", "lệ phí ghi số tiền hai lần", "a fee gives its amount twice"),
    entry("fee-not-stated", "thủ tục không nói có thu phí hay không", "a procedure does not state its fees"),
    entry("fee-range-upside-down", "khoảng lệ phí viết ngược", "a fee range is upside down"),
    entry("file-name-not-utf8", "tên tệp có ký tự không đọc được", "a file name is not valid UTF-8"),
    entry("file-too-large", "tệp quá lớn", "a file is too large"),
    entry("future-amendment", "lần sửa đổi ghi ngày trong tương lai", "an amendment dated in the future"),
    entry("i18n-file-name", "tên tệp chuỗi giao diện sai", "an interface-string file is misnamed"),
    entry("i18n-missing-key", "thiếu chuỗi giao diện", "an interface string is missing"),
    entry("i18n-not-text", "chuỗi giao diện không phải văn bản", "an interface string is not text"),
    entry("i18n-placeholder", "chuỗi giao diện sai chỗ điền", "an interface string's placeholders differ"),
    entry("i18n-unknown-key", "chuỗi giao diện không ai dùng", "an interface string nobody uses"),
    entry("incomparable-time", "không so được thời gian các bước với thời hạn", "step times cannot be compared with the time limit"),
    entry("invalid-base-url", "địa chỉ trang (base_url) sai", "the base_url is not valid"),
    entry("invalid-body-id", "mã cơ quan viết sai", "a body's id is not valid"),
    entry("invalid-edition-name", "tên phiên bản viết sai", "an edition's name is not valid"),
    entry("invalid-limit", "giới hạn trong sotay.toml sai", "a limit in sotay.toml is not valid"),
    entry("invalid-link", "liên kết viết sai", "a link is not valid"),
    entry("invalid-portal-link", "liên kết Cổng dịch vụ công sai", "a public-service portal link is not valid"),
    entry("invalid-revision", "lần ban hành sai", "a revision number is not valid"),
    entry("invalid-toml", "phần khai báo viết sai cú pháp", "the TOML cannot be read"),
    entry("invalid-unit-id", "mã đơn vị viết sai", "a unit's id is not valid"),
    entry("invalid-value", "giá trị không dùng được", "a value cannot be used"),
    entry("link-to-internal", "trang công khai liên kết tới tài liệu nội bộ", "a public page links to an internal document"),
    entry("look-alike-letter", "số hiệu có chữ chỉ trông giống chữ đúng (phông cũ, PDF)", "a number has letters that only look like the right ones (legacy fonts, PDFs)"),
    entry("misplaced-table", "bảng khai báo không hợp với loại tài liệu", "a table that does not fit the document's kind"),
    entry("missing-amendment", "thiếu dòng sửa đổi cho lần ban hành", "a revision has no amendment record"),
    entry("missing-approval", "thiếu người phê duyệt", "the approval is missing"),
    entry("missing-attachment", "thiếu tệp đính kèm", "an attachment is missing"),
    entry("missing-fee-amount", "lệ phí không có số tiền", "a fee has no amount"),
    entry("missing-fee-kind", "lệ phí không nói là phí hay lệ phí", "a fee does not say its kind"),
    entry("missing-front-matter", "thiếu phần khai báo đầu tệp", "the front matter is missing"),
    entry("missing-key", "thiếu trường bắt buộc", "a required key is missing"),
    entry("missing-records", "quy trình không liệt kê hồ sơ cần lưu", "a procedure lists no records"),
    entry("missing-signoff", "thiếu chữ ký soạn thảo, kiểm tra hoặc phê duyệt", "a sign-off is missing"),
    entry("missing-steps", "quy trình không có bước nào", "a procedure has no steps"),
    entry("missing-table", "thiếu bảng khai báo bắt buộc", "a required table is missing"),
    entry("missing-template", "thiếu mẫu trang", "a page template is missing"),
    entry("mixed-quantity", "số lượng giấy tờ ghi theo hai cách", "a dossier item gives its quantity two ways"),
    entry("more-problems", "còn nhiều lỗi nữa trong tệp", "more problems in the file"),
    entry("no-history", "không có lịch sử git", "no git history"),
    entry("no-slug", "không đặt được địa chỉ trang từ tên tệp", "no page address can be made from the file name"),
    entry("not-a-form", "mã được dẫn không phải biểu mẫu", "the code named is not a form"),
    entry("not-a-regular-file", "không phải tệp thường", "not a regular file"),
    entry("not-utf8", "tệp không lưu ở dạng UTF-8", "the file is not UTF-8"),
    entry("objective-without-result", "mục tiêu chưa có kết quả đo", "an objective has no measured result"),
    entry("origin-twice", "nguồn gốc ghi hai lần", "the origin is given twice"),
    entry("outside-manual", "liên kết ra ngoài thư mục sổ tay", "a path leads outside the manual"),
    entry("portal-agency-failed", "sổ tay của một cơ quan có lỗi", "an agency's manual failed"),
    entry("portal-agency-kind", "cơ quan không ghi đúng một nguồn", "an agency does not give exactly one source"),
    entry("portal-agency-missing", "không tìm thấy thư mục của cơ quan", "an agency's folder is missing"),
    entry("portal-agency-not-a-manual", "thư mục của cơ quan không phải sổ tay", "an agency's folder is not a manual"),
    entry("portal-agency-rejected", "trang đã công bố của cơ quan không kiểm chứng được", "an agency's published site did not verify"),
    entry("portal-agency-twice", "một cơ quan được liệt kê hai lần", "an agency is listed twice"),
    entry("portal-duplicate-slug", "hai cơ quan cùng một tên viết tắt", "two agencies share a slug"),
    entry("portal-invalid-slug", "tên viết tắt của cơ quan viết sai", "an agency's slug is not valid"),
    entry("portal-loop", "các cổng lồng nhau thành vòng", "nested portals form a loop"),
    entry("portal-without-agencies", "cổng không có cơ quan nào", "a portal without agencies"),
    entry("relation-cycle", "các văn bản sửa đổi, thay thế nhau thành vòng", "legal relations form a cycle"),
    entry("result-twice", "kết quả ghi hai lần", "the result is given twice"),
    entry("review-needed", "cần rà soát vì văn bản dẫn chiếu đã thay đổi", "a review is needed: a cited document changed"),
    entry("review-overdue", "quá hạn rà soát", "the review is overdue"),
    entry("revision-decreased", "lần ban hành giảm đi", "the revision number went down"),
    entry("revision-skipped", "lần ban hành bị nhảy cóc", "a revision number was skipped"),
    entry("self-relation", "văn bản ghi quan hệ với chính nó", "a legal document relates to itself"),
    entry("shallow-history", "lịch sử git bị cắt ngắn", "the git history is shallow"),
    entry("signed-after-issue", "ký sau ngày ban hành", "signed after the issue date"),
    entry("static-collision", "tệp tĩnh trùng địa chỉ với một trang", "a static file has a page's address"),
    entry("steps-exceed-time-limit", "tổng thời gian các bước vượt thời hạn", "the steps take longer than the time limit"),
    entry("stray-file", "tệp nằm ngoài chỗ sotay đọc", "a file sotay does not read"),
    entry("template-error", "mẫu trang có lỗi", "a template has an error"),
    entry("template-recursion", "mẫu trang gọi lại chính nó", "a template includes itself"),
    entry("template-render", "không dựng được trang từ mẫu", "a page could not be rendered"),
    entry("template-syntax", "mẫu trang viết sai cú pháp", "a template's syntax is wrong"),
    entry("template-without-number", "mẫu đơn không ghi văn bản ban hành", "a template does not name its legal document"),
    entry("translation-folder", "bản dịch đặt sai thư mục", "a translation is in the wrong folder"),
    entry("translation-into-original", "bản dịch sang chính ngôn ngữ gốc", "a translation into the original's language"),
    entry("translation-of-draft", "bản dịch của một bản dự thảo", "a translation of a draft"),
    entry("translation-of-unpublished-revision", "bản dịch của lần ban hành chưa công bố", "a translation of an unpublished revision"),
    entry("translation-out-of-date", "bản dịch đã cũ", "a translation is out of date"),
    entry("translation-revision-unknown", "bản dịch ghi lần ban hành không có", "a translation names an unknown revision"),
    entry("translation-without-original", "bản dịch không có bản gốc", "a translation without an original"),
    entry("tthc-covered-twice", "một thủ tục hành chính có hai quy trình", "a TTHC is covered by two procedures"),
    entry("tthc-not-in-catalogue", "mã thủ tục không có trong danh mục", "a TTHC code is not in the catalogue"),
    entry("two-catalogues", "có hai danh mục thủ tục", "two TTHC catalogues"),
    entry("unattached-file", "tệp đính kèm không tài liệu nào dùng", "an attachment no document uses"),
    entry("unknown-anchor", "không có mục hoặc bước được liên kết", "the linked section or step does not exist"),
    entry("unknown-article", "văn bản không có điều được dẫn", "the cited article does not exist"),
    entry("unknown-body", "không có cơ quan với mã này", "no body has this id"),
    entry("unknown-case", "không có trường hợp với mã này", "no case has this id"),
    entry("unknown-clause", "điều không có khoản được dẫn", "the cited clause does not exist"),
    entry("unknown-edition-commit", "không tìm thấy commit của phiên bản", "an edition's commit is not found"),
    entry("unknown-edition-tag", "không tìm thấy thẻ git của phiên bản", "an edition's git tag is not found"),
    entry("unknown-folder", "thư mục lạ trong sổ tay", "an unknown folder in the manual"),
    entry("unknown-form", "không có biểu mẫu với mã này", "no form has this code"),
    entry("unknown-key", "trường không có trong khai báo", "an unknown key"),
    entry("unknown-language", "không có chuỗi giao diện cho ngôn ngữ này", "no interface strings for this language"),
    entry("unknown-legal-number", "số hiệu văn bản không có trong danh mục văn bản pháp luật", "a legal number not in the registry"),
    entry("unknown-link", "liên kết tới tài liệu không có", "a link to no document"),
    entry("unknown-point", "khoản không có điểm được dẫn", "the cited point does not exist"),
    entry("unknown-precompress", "kiểu nén không có trong precompress", "an unknown compression in precompress"),
    entry("unknown-theme", "không có giao diện (theme) này", "no such theme"),
    entry("unknown-unit", "không có đơn vị với mã này", "no unit has this id"),
    entry("unknown-value", "giá trị không nằm trong các giá trị được nhận", "a value not among the accepted ones"),
    entry("unquoted-text", "văn bản thiếu dấu ngoặc kép", "text without quotes"),
    entry("unreadable", "không đọc được tệp", "a file cannot be read"),
    entry("unreadable-history", "không đọc được lịch sử git", "the git history cannot be read"),
    entry("unsafe-url", "địa chỉ liên kết không an toàn", "an unsafe link address"),
    entry("unterminated-front-matter", "phần khai báo đầu tệp không có dòng đóng", "the front matter is not closed"),
    entry("wrong-type", "giá trị sai kiểu", "a value of the wrong kind"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_kebab_case() {
        for pair in CODES.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} before {}", pair[0].code, pair[1].code);
        }
        for e in CODES {
            assert!(e.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", e.code);
            assert!(!e.vi.is_empty() && !e.en.is_empty() && e.vi != e.en, "{}", e.code);
        }
        assert_eq!(meaning("unknown-unit").map(|e| e.meaning(Lang::En)), Some("no unit has this id"));
        assert!(meaning("no-such-code").is_none());
    }
}
