//! `sotay new legal NUMBER`: a registry entry's file, with what the number says filled in.
//!
//! The number alone gives the type (`QĐ` → Quyết định), the year and the issuer's code (`TTg` →
//! Thủ tướng Chính phủ); the rest — the trích yếu, the signing date, the status — must be copied
//! from the official text, so those lines are written commented out with what to put there: the
//! build names each one still missing until it is filled in, and nothing is guessed. A misspelt
//! number is refused with the reason, before any file is written.

use std::path::{Path, PathBuf};

use crate::diagnostic::Text;
use crate::error::{Error, Result};
use crate::fs;
use crate::model::LegalNumber;

/// Issuer codes and the names they stand for; the last code of a number names its issuer.
const ISSUERS: &[(&str, &str)] = &[
    ("TTg", "Thủ tướng Chính phủ"),
    ("CP", "Chính phủ"),
    ("CTN", "Chủ tịch nước"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("BTC", "Bộ Tài chính"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("BTP", "Bộ Tư pháp"),
    ("BNV", "Bộ Nội vụ"),
    ("BQP", "Bộ Quốc phòng"),
    ("BCA", "Bộ Công an"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
];

/// Issuer codes of local bodies, whose name needs the province.
const LOCAL: &[&str] = &["UBND", "HĐND", "SKHCN"];

/// Creates `legal/<slug>.toml` in the manual `dir` for `number`; returns its path.
pub fn new_legal(dir: &Path, number: &str) -> Result<PathBuf> {
    if !dir.join("sotay.toml").is_file() {
        return Err(Error::NotAManual { path: dir.to_owned() });
    }
    let parsed = checked_number(number).map_err(Error::Refused)?;
    let folder = dir.join("legal");
    let path = folder.join(format!("{}.toml", parsed.slug()));
    if path.exists() {
        return Err(Error::Exists { path });
    }
    fs::create_dir_all(&folder)?;
    fs::write(&path, entry_text(&parsed).as_bytes())?;
    Ok(path)
}

/// The number, or why it is refused (in the words a user needs to fix it).
pub fn checked_number(text: &str) -> std::result::Result<LegalNumber, Text> {
    let text = text.trim();
    let refuse = |reason: Text| {
        let (vi, en) = (&reason.vi, &reason.en);
        tr!(
            "`{text}` không phải số hiệu văn bản: {vi}. Ví dụ: 19/2014/QĐ-TTg, 64/2025/QH15, 2617/QĐ-UBND",
            "`{text}` is not a legal document number: {en}. Examples: 19/2014/QĐ-TTg, 64/2025/QH15, 2617/QĐ-UBND"
        )
    };
    let look_alikes = crate::parse::lookalike::found_in(text);
    if let Some(&c) = look_alikes.first() {
        let proper = crate::parse::lookalike::proper(c).unwrap_or(c);
        let code = format!("U+{:04X}", c as u32);
        return Err(refuse(tr!(
            "chữ «{c}» ({code}) chỉ trông giống «{proper}», hãy gõ lại",
            "the letter «{c}» ({code}) only looks like «{proper}»; type it again"
        )));
    }
    let number = LegalNumber::parse(text).map_err(|_| refuse(reason(text)))?;
    if crate::parse::non_legal::is_non_legal(&number, &[]) {
        let code = number.issuer().split('-').next().unwrap_or_default().to_owned();
        return Err(refuse(tr!(
            "{code} là số của giấy tờ (giấy phép, giấy chứng nhận, biên nhận…), không phải văn bản pháp luật",
            "{code} is the number of a paper (a permit, certificate, receipt…), not of a legal document"
        )));
    }
    Ok(number)
}

/// Why `text` does not parse as a number, as plainly as it can be said.
fn reason(text: &str) -> Text {
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let serial_ok = |s: &str| !s.is_empty() && s.len() <= 6 && s.starts_with(|c: char| c.is_ascii_digit());
    match parts.as_slice() {
        [_] => tr!("thiếu dấu / giữa số thứ tự và ký hiệu", "no / between the serial number and the code"),
        [serial, ..] if !serial_ok(serial) => tr!(
            "số thứ tự trước dấu / phải bắt đầu bằng chữ số, tối đa 6 ký tự",
            "the serial number before the / must start with a digit, at most 6 characters"
        ),
        [_, year, _] if year.parse::<u16>().is_ok_and(|y| !(1945..=2100).contains(&y)) => {
            tr!("năm {year} nằm ngoài khoảng 1945–2100", "the year {year} is outside 1945–2100")
        }
        [_, year, _] if year.parse::<u16>().is_err() => tr!(
            "phần giữa hai dấu / phải là năm ban hành (4 chữ số), không phải «{year}»",
            "the part between the two / must be the year of issue (4 digits), not «{year}»"
        ),
        [.., code] if code.chars().any(char::is_lowercase) && !code.chars().next().is_some_and(char::is_uppercase) => {
            tr!(
                "ký hiệu phải viết hoa (chỉ chữ cuối như trong TTg được viết thường)",
                "the code must be in capitals (only a last letter, as in TTg, is lower case)"
            )
        }
        _ => tr!(
            "ký hiệu cần có loại văn bản và cơ quan ban hành nối bằng dấu -, ví dụ QĐ-UBND, TT-BTC",
            "the code needs the document type and the issuer joined by a dash, e.g. QĐ-UBND, TT-BTC"
        ),
    }
}

/// The entry's text: what the number says, and commented lines for what the official text says.
fn entry_text(number: &LegalNumber) -> String {
    let issuer_codes = number.issuer();
    let last = issuer_codes.rsplit('-').next().unwrap_or_default();
    let issuer = if last.starts_with("QH") && number.type_code().is_none() {
        Some("Quốc hội")
    } else {
        ISSUERS.iter().find(|(code, _)| *code == last).map(|(_, name)| *name)
    };
    let quoted = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let mut out = String::from(
        "# Tạo bởi `sotay new legal`. Điền các dòng còn để trống theo văn bản gốc (bỏ dấu # ở đầu dòng),\n\
         # rồi ghi `verified` chỉ sau khi đã đối chiếu. Xem docs/front-matter.md, mục danh mục văn bản.\n",
    );
    out.push_str(&format!("number = {}\n", quoted(&number.to_string())));
    if let Some(name) = number.type_name() {
        out.push_str(&format!("type = {}\n", quoted(name)));
    }
    match issuer {
        Some(name) if LOCAL.contains(&last) => {
            out.push_str(&format!("issuer = {}  # ghi đủ tên, thêm tên tỉnh\n", quoted(&format!("{name} tỉnh …"))));
        }
        Some(name) => out.push_str(&format!("issuer = {}\n", quoted(name))),
        None => out.push_str(&format!("# issuer = \"\"  # bắt buộc: cơ quan ban hành (ký hiệu {issuer_codes})\n")),
    }
    out.push_str("# summary = \"\"  # bắt buộc: trích yếu, chép nguyên văn\n");
    let year = number.year().map_or_else(|| "YYYY".to_owned(), |y| y.to_string());
    out.push_str(&format!("# signed = {year}-MM-DD  # bắt buộc: ngày ký\n"));
    out.push_str("# effective_from = YYYY-MM-DD  # ngày có hiệu lực\n");
    out.push_str(
        "# status = \"in-force\"  # bắt buộc: in-force, partly-expired, expired, not-yet-in-force, suspended\n",
    );
    out.push_str("# source = \"https://vbpl.vn/…\"  # đường dẫn tới văn bản chính thức\n");
    out.push_str("# verified = { date = YYYY-MM-DD, by = \"\" }  # chỉ ghi sau khi đã đối chiếu văn bản gốc\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_issuer_and_year_come_from_the_number() {
        let text = entry_text(&checked_number("19/2014/QĐ-TTg").unwrap());
        assert!(text.contains("number = \"19/2014/QĐ-TTg\"\n"), "{text}");
        assert!(text.contains("type = \"Quyết định\"\n"), "{text}");
        assert!(text.contains("issuer = \"Thủ tướng Chính phủ\""), "{text}");
        assert!(text.contains("# signed = 2014-MM-DD"), "{text}");
        let law = entry_text(&checked_number("64/2025/QH15").unwrap());
        assert!(law.contains("type = \"Luật\"") && law.contains("issuer = \"Quốc hội\""), "{law}");
    }

    #[test]
    fn a_misspelt_number_is_refused_with_the_reason() {
        let why = |text: &str| checked_number(text).unwrap_err();
        assert!(why("19-2014-QĐ-TTg").contains("thiếu dấu /"));
        assert!(why("19/3000/QĐ-TTg").contains("năm 3000"));
        assert!(why("19/2014/qđ-ttg").contains("viết hoa"));
        assert!(why("19/2014/Q\u{00D0}-TTg").contains("U+00D0"));
        assert!(why("12/GP-SKHCN").contains("giấy phép"));
        assert!(why("45/QĐ").contains("loại văn bản và cơ quan ban hành"));
    }
}
