//! The words of each kind of TOML mistake, in Vietnamese and English: what is wrong, naming the
//! field as the user wrote it, and how to write it instead, with an example of the right form.
//! Types are said as the user knows them ("một số nguyên", "văn bản trong dấu ngoặc kép"), never
//! as serde names them.

use super::{Expected, Mistake, Place};
use crate::diagnostic::closest;
use crate::lang::Lang;

/// The code, message and help of `mistake` at `place`.
pub(super) fn word(mistake: &Mistake, place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    match mistake {
        Mistake::UnknownKey { wrong, accepted } => unknown_key(wrong, accepted, place, lang),
        Mistake::UnknownValue { wrong, accepted } => unknown_value(wrong, accepted, place, lang),
        Mistake::Missing { field } => missing(field, place, lang),
        Mistake::WrongType { expected } => wrong_type(*expected, place, lang),
        Mistake::Duplicate => (
            "duplicate-key",
            lang.pick("trường này được viết hai lần", "this key is written twice").to_owned(),
            lang.pick("giữ một trong hai dòng", "keep one of the two lines").to_owned(),
        ),
        Mistake::Syntax { detail } => syntax(detail, place, lang),
        Mistake::Invalid { reason } => invalid(reason, place, lang),
    }
}

/// The field's own key, e.g. `fee`.
fn key<'a>(place: &'a Place<'_>) -> &'a str {
    place.keys.last().map_or("", String::as_str)
}

/// " trong `[procedure]`" for a key inside a table.
fn within(keys: &[String], lang: Lang) -> String {
    match keys {
        [] => String::new(),
        _ => lang.pick(format!(" trong `[{}]`", keys.join(".")), format!(" in `[{}]`", keys.join("."))),
    }
}

fn quoted_list(names: &[String], quote: &str) -> String {
    names.iter().map(|n| format!("{quote}{n}{quote}")).collect::<Vec<_>>().join(", ")
}

fn unknown_key(wrong: &str, accepted: &[String], place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    let table = &place.keys[..place.keys.len().saturating_sub(1)];
    let message = lang.pick(
        format!("không có trường `{wrong}`{}", within(table, lang)),
        format!("unknown key `{wrong}`{}", within(table, lang)),
    );
    let list = quoted_list(accepted, "`");
    let help = match (closest(wrong, accepted.iter().map(String::as_str)), accepted.is_empty()) {
        (Some(best), _) => lang.pick(
            format!("có phải ý bạn là `{best}`? Các trường dùng được ở đây: {list}"),
            format!("did you mean `{best}`? Accepted keys here: {list}"),
        ),
        (None, true) => lang.pick("xóa dòng này", "remove this line").to_owned(),
        (None, false) => lang.pick(
            format!("xóa dòng này, hoặc dùng một trong các trường: {list}"),
            format!("remove it, or use one of the accepted keys: {list}"),
        ),
    };
    ("unknown-key", message, help)
}

fn unknown_value(wrong: &str, accepted: &[String], place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    let message = match key(place) {
        "" => {
            lang.pick(format!("không dùng được giá trị \"{wrong}\""), format!("the value \"{wrong}\" is not accepted"))
        }
        key => lang.pick(
            format!("`{key}` không nhận giá trị \"{wrong}\""),
            format!("`{key}` does not take the value \"{wrong}\""),
        ),
    };
    let list = quoted_list(accepted, "\"");
    let help = match closest(wrong, accepted.iter().map(String::as_str)) {
        Some(best) => lang.pick(
            format!("có phải ý bạn là \"{best}\"? Viết một trong: {list}"),
            format!("did you mean \"{best}\"? Accepted values: {list}"),
        ),
        None => lang.pick(format!("viết một trong: {list}"), format!("use one of: {list}")),
    };
    ("unknown-value", message, help)
}

fn missing(field: &str, place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    let message = lang.pick(
        format!("thiếu trường `{field}`{}", within(place.keys, lang)),
        format!("`{field}` is missing{}", within(place.keys, lang)),
    );
    let help = lang.pick(
        format!("thêm `{field} = …`; docs/front-matter.md nói mỗi loại tài liệu cần những trường nào"),
        format!("add `{field} = …`; docs/front-matter.md says what each kind needs"),
    );
    ("missing-key", message, help)
}

/// Whether the field is an amount of money in đồng.
fn is_money(key: &str) -> bool {
    matches!(key, "fee" | "amount" | "range")
}

/// What the field is called in words, and an example value.
fn field_words(key: &str, lang: Lang) -> (String, &'static str) {
    let (vi, en, example) = match key {
        "revision" => ("lần ban hành", "the revision", "3"),
        "weight" => ("thứ tự sắp xếp", "the list position", "10"),
        "year" => ("năm", "the year", "2026"),
        "count" => ("số lượng", "the count", "1"),
        "originals" => ("số bản chính", "the number of originals", "1"),
        "copies" => ("số bản sao", "the number of copies", "2"),
        "cutoff" => ("giờ nhận hồ sơ cuối ngày", "the cut-off hour", "15"),
        _ => ("", "", "1"),
    };
    let name = match lang.pick(vi, en) {
        "" => format!("`{key}`"),
        name => name.to_owned(),
    };
    (name, example)
}

fn wrong_type(expected: Expected, place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    let key = key(place);
    let raw = place.raw;
    let (name, example) = field_words(key, lang);
    let (message, help) = match expected {
        Expected::Integer | Expected::Pair if is_money(key) => money(key, raw, lang),
        Expected::Integer => (
            lang.pick(
                format!("{name} là một số nguyên, ví dụ `{key} = {example}`"),
                format!("{name} is a whole number, e.g. `{key} = {example}`"),
            ),
            lang.pick(
                format!("viết một số, không có dấu ngoặc kép, thay cho `{raw}`"),
                format!("write a number, without quotes, instead of `{raw}`"),
            ),
        ),
        Expected::Number => (
            lang.pick(
                format!("{name} là một số, ví dụ `{key} = 0.5`"),
                format!("{name} is a number, e.g. `{key} = 0.5`"),
            ),
            lang.pick(
                format!("viết một số, không có dấu ngoặc kép, thay cho `{raw}`"),
                format!("write a number, without quotes, instead of `{raw}`"),
            ),
        ),
        Expected::Text => (
            lang.pick(
                format!("{name} là văn bản, viết trong dấu ngoặc kép: `{key} = \"…\"`"),
                format!("{name} is text, written in double quotes: `{key} = \"…\"`"),
            ),
            lang.pick(
                format!("đặt giá trị trong dấu ngoặc kép: `{key} = \"{}\"`", raw.trim_matches('"')),
                format!("put the value in double quotes: `{key} = \"{}\"`", raw.trim_matches('"')),
            ),
        ),
        Expected::List | Expected::Pair => (
            lang.pick(
                format!("{name} là một danh sách, viết trong ngoặc vuông: `{key} = [\"…\", \"…\"]`"),
                format!("{name} is a list, written in square brackets: `{key} = [\"…\", \"…\"]`"),
            ),
            lang.pick(format!("viết `{key} = [{raw}]`"), format!("write `{key} = [{raw}]`")),
        ),
        Expected::Table => (
            lang.pick(
                format!("{name} là một bảng, không phải một giá trị"),
                format!("{name} is a table, not a single value"),
            ),
            lang.pick(
                format!("viết `[{}]` trên một dòng riêng, rồi các trường của nó ở các dòng dưới", place.keys.join(".")),
                format!("write `[{}]` on a line of its own, then its keys on the lines below", place.keys.join(".")),
            ),
        ),
        Expected::Boolean => (
            lang.pick(format!("{name} là `true` hoặc `false`"), format!("{name} is `true` or `false`")),
            lang.pick(
                format!("viết `{key} = true` hoặc `{key} = false`, không có dấu ngoặc kép"),
                format!("write `{key} = true` or `{key} = false`, without quotes"),
            ),
        ),
        Expected::Other => (
            lang.pick(
                format!("`{raw}` không phải là loại giá trị mà {name} nhận"),
                format!("`{raw}` is not the kind of value {name} takes"),
            ),
            lang.pick(
                "xem docs/front-matter.md: cách viết trường này",
                "see docs/front-matter.md for how to write this key",
            )
            .to_owned(),
        ),
    };
    ("wrong-type", message, help)
}

/// "100.000" for an amount: the dots a Vietnamese reader puts between thousands.
fn money(key: &str, raw: &str, lang: Lang) -> (String, String) {
    let key = if key.is_empty() { "fee" } else { key };
    let example = if key == "range" { "[10000, 50000]" } else { "100000" };
    if !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit()) {
        return (
            lang.pick(
                format!("số tiền `{raw}` quá lớn: tối đa 1.000.000.000.000 đồng"),
                format!("the amount `{raw}` is too large: at most 1.000.000.000.000 đồng"),
            ),
            lang.pick(
                format!("kiểm tra lại số chữ số, ví dụ 100.000 đồng viết là `{key} = 100000`"),
                format!("check the number of digits, e.g. 100.000 đồng is written `{key} = 100000`"),
            ),
        );
    }
    (
        lang.pick(
            format!("số tiền viết liền, không có dấu chấm: `{key} = {example}`"),
            format!("write an amount of money as digits only, without dots: `{key} = {example}`"),
        ),
        lang.pick(
            format!("`{raw}` không phải là một số tiền; 100.000 đồng viết là `100000`"),
            format!("`{raw}` is not an amount; 100.000 đồng is written `100000`"),
        ),
    )
}

/// A value the model refused. Dates, time limits, hours and rates are worded here; a reason
/// the model gives in both languages (`lang::reason`) is used as given; other fields are worded
/// by what they take.
fn invalid(reason: &str, place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    let (key, raw) = (key(place), place.raw);
    let vi = match key {
        "time_limit" | "time" => Some((
            format!("`{raw}` không phải là một thời hạn"),
            "viết số và đơn vị trong dấu ngoặc kép, ví dụ \"10 ngày làm việc\", \"4 giờ\", \"15 ngày\" (ngày theo lịch), \"trong ngày\", hoặc \"10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ\"".to_owned(),
        )),
        k if (is_date(k) || reason.contains("date")) && reason.contains("1900") => Some((
            format!("`{raw}`: năm phải từ 1900 đến 2200"),
            format!("viết ngày theo dạng năm-tháng-ngày, ví dụ `{} = 2026-01-15`", or_key(key, "date")),
        )),
        k if is_date(k) || reason.contains("date") || reason.contains("calendar") => Some((
            format!("`{raw}` không phải là một ngày hợp lệ"),
            format!("viết ngày theo dạng năm-tháng-ngày, không có dấu ngoặc kép, ví dụ `{} = 2026-01-15`", or_key(key, "date")),
        )),
        "cutoff" => Some((format!("`{raw}` không phải là một giờ trong ngày làm việc"), "viết giờ bằng một số từ 1 đến 23, ví dụ `cutoff = 15`".to_owned())),
        "percent" => Some((format!("`{raw}` không phải là một tỉ lệ từ 0 đến 100 %"), "viết tỉ lệ bằng số, tối đa hai chữ số thập phân, ví dụ `percent = 0.5` cho 0,5 %".to_owned())),
        k if is_money(k) => Some(money(k, raw, Lang::Vi)),
        _ => None,
    };
    let (message, help) = match (lang, vi, crate::lang::split_reason(reason)) {
        (Lang::Vi, Some(words), _) => words,
        (Lang::Vi, None, Some((vi, _))) => {
            (vi.to_owned(), format!("sửa lại giá trị của `{}`", or_key(key, "trường này")))
        }
        (Lang::Vi, None, None) => other_vi(key, raw),
        (Lang::En, _, Some((_, en))) => (en.to_owned(), format!("correct the value of `{}`", or_key(key, "this key"))),
        (Lang::En, _, None) => (reason.to_owned(), format!("correct the value of `{}`", or_key(key, "this key"))),
    };
    ("invalid-value", message, help)
}

/// The Vietnamese for a value the model refused with an English reason only: what the field
/// takes, by the kind of field (codes, legal numbers, addresses), else where to read it.
fn other_vi(key: &str, raw: &str) -> (String, String) {
    let (what, how) = match key {
        "code" | "form" | "translates" => ("một mã tài liệu", "viết mã như `QT-07` hoặc `BM-07-01`"),
        "number" | "decision" | "announced_by" | "replaces" | "replaced_by" | "amends" | "amended_by" | "guides"
        | "guided_by" | "repeals" | "repealed_by" | "based_on" => {
            ("một số hiệu văn bản", "viết số hiệu như `66/2025/QH15` hoặc `118/2025/NĐ-CP`")
        }
        "url" | "portal" | "link" | "base_url" => {
            ("một địa chỉ trang web", "viết địa chỉ đầy đủ, bắt đầu bằng `https://`")
        }
        _ => ("một giá trị dùng được ở đây", "xem cách viết trường này trong docs/front-matter.md"),
    };
    (format!("`{raw}` không phải là {what} (trường `{}`)", or_key(key, "này")), how.to_owned())
}

fn or_key<'a>(key: &'a str, default: &'a str) -> &'a str {
    if key.is_empty() {
        default
    } else {
        key
    }
}

fn is_date(key: &str) -> bool {
    matches!(
        key,
        "issued"
            | "effective"
            | "next_review"
            | "date"
            | "signed"
            | "deadline"
            | "effective_from"
            | "effective_to"
            | "earliest_date"
    )
}

/// What is wrong with a line that is not TOML: usually text without its quotes.
fn syntax(detail: &str, place: &Place<'_>, lang: Lang) -> (&'static str, String, String) {
    if let Some((key, value)) = assignment(place.line) {
        if is_date(key) || looks_like_a_date(value) {
            let message =
                lang.pick(format!("`{value}` không phải là một ngày hợp lệ"), format!("`{value}` is not a date"));
            let help = lang.pick(
                format!("viết ngày theo dạng năm-tháng-ngày, ví dụ `{key} = 2026-01-15`"),
                format!("write the date as year-month-day, e.g. `{key} = 2026-01-15`"),
            );
            return ("invalid-value", message, help);
        }
        if looks_like_money(value) {
            let (message, help) = money(key, value, lang);
            return ("invalid-toml", message, help);
        }
        if !starts_a_value(value) {
            let message = lang.pick(
                format!("văn bản phải viết trong dấu ngoặc kép: `{key} = \"{value}\"`"),
                format!("text must be written in double quotes: `{key} = \"{value}\"`"),
            );
            let help = lang.pick(
                "thêm dấu ngoặc kép ở hai đầu giá trị; chỉ số, ngày (2026-01-15) và `true`/`false` mới viết không có dấu ngoặc kép",
                "put double quotes around the value; only numbers, dates (2026-01-15) and `true`/`false` go without quotes",
            );
            return ("unquoted-text", message, help.to_owned());
        }
    }
    let missing = ["]", "\"", "=", "}"].into_iter().find(|c| detail.contains(&format!("expected `{c}`")));
    let message = match missing {
        Some(c) => lang.pick(format!("thiếu dấu `{c}` ở đây"), format!("a `{c}` is missing here")),
        None => lang.pick(
            "dòng này không viết đúng cú pháp TOML".to_owned(),
            detail.lines().next().unwrap_or(detail).to_owned(),
        ),
    };
    let help = lang.pick(
        "mỗi dòng là `tên = giá trị`: văn bản trong dấu ngoặc kép, danh sách trong ngoặc vuông `[…]`, tên bảng `[…]` trên một dòng riêng, ngày viết 2026-01-15",
        "each line is `key = value`: text in double quotes, lists in square brackets `[…]`, a table's name `[…]` on a line of its own, dates as 2026-01-15",
    );
    ("invalid-toml", message, help.to_owned())
}

/// `key = value` of a line, when it is one and its key is a plain name.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    plain.then_some((key, value.trim()))
}

/// Whether `value` starts the way a TOML value does (quotes, brackets, a number, a date…) —
/// anything else is words that needed quotes.
fn starts_a_value(value: &str) -> bool {
    let first_word = value.split_whitespace().next().unwrap_or("");
    let tokenish = first_word.chars().all(|c| c.is_ascii_digit() || "-:.+_eE".contains(c));
    value.starts_with(['"', '\'', '[', '{'])
        || matches!(first_word, "true" | "false" | "inf" | "nan" | "+inf" | "-inf")
        || (tokenish && value.split_whitespace().count() == 1)
}

/// "2026-13-45": a date the calendar does not have.
fn looks_like_a_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// "100.000.000" or "100,000": an amount with separators between thousands.
fn looks_like_money(value: &str) -> bool {
    let separators = value.chars().filter(|c| *c == '.' || *c == ',').count();
    value.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && value.starts_with(|c: char| c.is_ascii_digit())
        && (separators >= 2 || value.contains(','))
}
