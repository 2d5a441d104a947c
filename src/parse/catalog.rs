//! The manual's official TTHC catalogue: the administrative procedures the agency handles, as
//! the national database of administrative procedures exports them (`catalog/tthc.csv`) or as a
//! TOML list (`catalog/tthc.toml`). The coverage report compares it with the procedures' TTHC
//! codes (ISO 9001 scope: the QMS must cover 100% of them).
//!
//! CSV columns are found by their header, in Vietnamese or English, with or without diacritics
//! and in any case; other columns (STT, cơ quan thực hiện, …) are ignored, and rows above the
//! header (a title line) are skipped. The delimiter is `,`, `;` or a tab, whichever the header
//! line holds most of. The file is read as the rest of the manual is: UTF-8, byte-order mark
//! stripped, NFC. Every bad row is a diagnostic at its line and column.
//!
//! Load reads the files' text (`load::CATALOG_FILES`); this module, part of parse, turns that
//! text into the catalogue ([`crate::parse::Manual::tthc`]).

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Loc, Text};
use crate::load::SourceFile;
use crate::model::TthcCode;

/// The catalogue's file names, as load reads them.
pub use crate::load::{CATALOG_CSV as CSV_FILE, CATALOG_TOML as TOML_FILE};

/// A column of the catalogue, and the headers that name it (as slugs: folded, lower-case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Code,
    Name,
    Field,
    Level,
    Decision,
}

const HEADERS: [(Column, &[&str]); 5] = [
    (Column::Code, &["ma-thu-tuc", "ma-tthc", "ma-thu-tuc-hanh-chinh", "ma-so", "ma", "code", "procedure-code"]),
    (Column::Name, &["ten-thu-tuc", "ten-tthc", "ten-thu-tuc-hanh-chinh", "ten", "name", "procedure-name"]),
    (Column::Field, &["linh-vuc", "field", "sector"]),
    (Column::Level, &["cap-thuc-hien", "cap", "level"]),
    (
        Column::Decision,
        &[
            "quyet-dinh-cong-bo",
            "so-quyet-dinh-cong-bo",
            "qd-cong-bo",
            "van-ban-cong-bo",
            "decision",
            "announcing-decision",
        ],
    ),
];

/// One catalogued administrative procedure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogEntry {
    pub code: TthcCode,
    pub name: String,
    pub field: Option<String>,
    pub level: Option<String>,
    pub decision: Option<String>,
    /// Where the row's code is, for diagnostics and the report.
    pub loc: Loc,
}

/// The catalogue as read: its file and its rows in file order, duplicates included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    pub file: Arc<Path>,
    pub entries: Vec<CatalogEntry>,
}

/// The catalogue of the manual, if it has one, and the problems of its rows, from the files
/// load read under `catalog/` (`Sources::catalog`).
pub fn parse(files: &[Arc<SourceFile>]) -> (Option<Catalog>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let csv = files.iter().find(|f| &*f.path == Path::new(CSV_FILE));
    let toml = files.iter().find(|f| &*f.path == Path::new(TOML_FILE));
    let file = match (csv, toml) {
        (Some(csv), Some(toml)) => {
            problems.push(
                Diagnostic::error(
                    Loc::file(&toml.path),
                    "two-catalogues",
                    tr!(
                        "sổ tay có cả catalog/tthc.csv và catalog/tthc.toml",
                        "the manual has both catalog/tthc.csv and catalog/tthc.toml"
                    ),
                )
                .with_help(tr!(
                    "chỉ giữ một tệp; cho đến lúc đó catalog/tthc.csv được dùng",
                    "keep one of them; catalog/tthc.csv is used until then"
                )),
            );
            csv
        }
        (Some(file), None) | (None, Some(file)) => file,
        (None, None) => return (None, problems),
    };
    let entries = if file.path.extension().is_some_and(|e| e == "csv") {
        parse_csv(file, &mut problems)
    } else {
        parse_toml(file, &mut problems)
    };
    (Some(Catalog { file: file.path.clone(), entries }), problems)
}

/// The delimiter the first non-empty line uses most: `,`, `;` or a tab.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| line.matches(c).count();
    [b',', b';', b'\t'].into_iter().max_by_key(|&d| (count(d as char), d == b',')).unwrap_or(b',')
}

fn parse_csv(file: &SourceFile, problems: &mut Vec<Diagnostic>) -> Vec<CatalogEntry> {
    let delimiter = delimiter(&file.text);
    // The csv crate reads an unclosed quote to the end of the file as one field, silently.
    let unclosed = unclosed_quote(&file.text, delimiter);
    if let Some(at) = unclosed {
        problems.push(
            Diagnostic::error(file.loc(at..at + 1), "bad-catalogue-row", tr!(
                "dấu ngoặc kép này không được đóng: phần còn lại của tệp bị đọc thành một giá trị",
                "this quote is never closed: the rest of the file reads as one value"
            ))
            .with_help(tr!(
                "thêm dấu ngoặc kép đóng sau giá trị; dấu ngoặc kép bên trong giá trị viết hai lần, \"như \"\"thế này\"\"\"",
                "add the closing quote after the value; a quote inside a quoted value is written twice, \"like \"\"this\"\"\""
            )),
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(file.text.as_bytes());
    let mut columns: Option<Vec<Option<Column>>> = None;
    let mut entries = Vec::new();
    let mut records = reader.records().peekable();
    while let Some(record) = records.next() {
        // The row an unclosed quote opens in runs to the end of the file: it is the last one.
        let unclosed_row = unclosed.is_some() && records.peek().is_none();
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let at = error.position().map_or(0, |p| p.byte() as usize);
                problems.push(
                    Diagnostic::error(
                        file.loc(at..at),
                        "bad-catalogue-row",
                        tr!(
                            "không đọc được dòng này theo dạng CSV: {error}",
                            "this row cannot be read as CSV: {error}"
                        ),
                    )
                    .with_help(tr!(
                        "kiểm tra dấu ngoặc kép của dòng: ô có dấu phẩy hay ngoặc kép viết \"như \"\"thế này\"\"\"",
                        "check the row's quotes: a field with a comma or a quote is written \"like \"\"this\"\"\""
                    )),
                );
                continue;
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        if unclosed_row {
            break;
        }
        let offsets = field_offsets(&file.text, start, delimiter, record.len());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let Some(map) = &columns else {
            let map: Vec<Option<Column>> = record.iter().map(column_of).collect();
            if map.contains(&Some(Column::Code)) {
                if !map.contains(&Some(Column::Name)) {
                    problems.push(missing_header(file, start, "name", "tên thủ tục / name"));
                }
                columns = Some(map);
            }
            continue;
        };
        if record.len() != map.len() {
            problems.push(wrong_width(file, start, record.len(), map.len()));
            continue;
        }
        if let Some(entry) = entry(file, &record, map, &offsets, start, problems) {
            entries.push(entry);
        }
    }
    if columns.is_none() {
        problems.push(missing_header(file, 0, "code", "mã thủ tục / code"));
    }
    entries
}

/// The entry of one catalogue row below the header, or `None` (with the row's problem).
fn entry(
    file: &SourceFile,
    record: &csv::StringRecord,
    map: &[Option<Column>],
    offsets: &[usize],
    start: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<CatalogEntry> {
    let cell = |column: Column| {
        let at = map.iter().position(|c| *c == Some(column))?;
        let raw = record.get(at)?;
        let text = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        (!text.is_empty()).then(|| (text.to_owned(), offsets.get(at).copied().unwrap_or(start) + lead))
    };
    let Some((code, code_at)) = cell(Column::Code) else {
        problems.push(
            Diagnostic::error(
                file.loc(start..start),
                "bad-catalogue-row",
                tr!("dòng này của danh mục không có mã thủ tục", "this catalogue row has no TTHC code"),
            )
            .with_help(tr!(
                "điền mã thủ tục, ví dụ 1.001193, hoặc xóa dòng",
                "fill in the procedure's code (mã thủ tục), e.g. 1.001193, or delete the row"
            )),
        );
        return None;
    };
    let loc = file.loc(code_at..code_at + code.len());
    let code = match TthcCode::try_from(code) {
        Ok(code) => code,
        Err(message) => {
            problems.push(Diagnostic::error(loc, "bad-catalogue-row", Text::reason(&message)).with_help(tr!(
                "chép mã từ Cơ sở dữ liệu quốc gia về thủ tục hành chính",
                "copy the code from the national database of administrative procedures"
            )));
            return None;
        }
    };
    let Some((name, _)) = cell(Column::Name) else {
        if map.contains(&Some(Column::Name)) {
            problems.push(
                Diagnostic::error(
                    loc,
                    "bad-catalogue-row",
                    tr!(
                        "dòng của {code} trong danh mục không có tên thủ tục",
                        "the catalogue row of {code} has no name"
                    ),
                )
                .with_help(tr!("điền tên thủ tục", "fill in the procedure's name (tên thủ tục)")),
            );
        }
        return None;
    };
    let text = |column| cell(column).map(|(t, _)| t);
    Some(CatalogEntry {
        code,
        name,
        field: text(Column::Field),
        level: text(Column::Level),
        decision: text(Column::Decision),
        loc,
    })
}

fn wrong_width(file: &SourceFile, start: usize, found: usize, header: usize) -> Diagnostic {
    Diagnostic::error(
        file.loc(start..start),
        "bad-catalogue-row",
        tr!(
            "dòng này có {found} giá trị nhưng dòng tiêu đề có {header} cột, nên không ghép được giá trị với cột",
            "this row has {found} values but the header has {header} columns, so its values cannot be matched to columns"
        ),
    )
    .with_help(tr!(
        "đặt trong ngoặc kép giá trị có dấu phân cách (\"Cấp phép, lần đầu\"), và mỗi dòng một giá trị cho mỗi cột",
        "quote values that hold the delimiter (\"Cấp phép, lần đầu\"), and give every row one value per column"
    ))
}

/// Where a quoted value that is never closed opens, if one is. A quote opens a value only at
/// its start (as the csv crate reads it); inside, `""` is a quote and a lone `"` closes it.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut at, mut field_start, mut open) = (0, true, None);
    while at < bytes.len() {
        let b = bytes[at];
        match open {
            Some(_) if b == b'"' && bytes.get(at + 1) == Some(&b'"') => at += 1,
            Some(_) if b == b'"' => open = None,
            Some(_) => {}
            None if b == b'"' && field_start => open = Some(at),
            None => {}
        }
        field_start = open.is_none() && (b == delimiter || b == b'\n' || b == b'\r');
        at += 1;
    }
    open
}

fn missing_header(file: &SourceFile, at: usize, what: &str, names: &str) -> Diagnostic {
    let vi_what = if what == "code" { "mã thủ tục" } else { "tên thủ tục" };
    Diagnostic::error(
        file.loc(at..at),
        "bad-catalogue-header",
        tr!("danh mục không có cột {vi_what}", "the catalogue has no {what} column"),
    )
    .with_help(tr!(
        "dòng tiêu đề phải ghi tên các cột: {names} (và lĩnh vực / field, cấp thực hiện / level, quyết định công bố / decision)",
        "the header row must name the columns: {names} (also lĩnh vực / field, cấp thực hiện / level, quyết định công bố / decision)"
    ))
}

fn column_of(header: &str) -> Option<Column> {
    let slug = crate::vietnamese::slug(header);
    HEADERS.iter().find(|(_, names)| names.contains(&slug.as_str())).map(|(column, _)| *column)
}

/// Where each of a record's `count` fields starts in `text`, the record starting at `start`:
/// only positions are worked out here (quotes respected); the csv crate reads the values.
fn field_offsets(text: &str, start: usize, delimiter: u8, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut offsets = vec![start];
    let (mut at, mut quoted) = (start, false);
    while at < bytes.len() && offsets.len() < count {
        match bytes[at] {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b if b == delimiter && !quoted => offsets.push(at + 1),
            _ => {}
        }
        at += 1;
    }
    // A quoted value starts after its quote.
    offsets.into_iter().map(|o| if bytes.get(o) == Some(&b'"') { o + 1 } else { o }).collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlCatalog {
    #[serde(default)]
    procedure: Vec<TomlEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlEntry {
    code: Spanned<TthcCode>,
    name: String,
    field: Option<String>,
    level: Option<String>,
    decision: Option<String>,
}

fn parse_toml(file: &SourceFile, problems: &mut Vec<Diagnostic>) -> Vec<CatalogEntry> {
    match toml::from_str::<TomlCatalog>(&file.text) {
        Ok(catalog) => catalog
            .procedure
            .into_iter()
            .map(|e| CatalogEntry {
                loc: file.loc(e.code.span()),
                code: e.code.into_inner(),
                name: e.name,
                field: e.field,
                level: e.level,
                decision: e.decision,
            })
            .collect(),
        Err(error) => {
            problems.push(crate::toml_error::diagnostic(file, 0, &error));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> Vec<Arc<SourceFile>> {
        let path: Arc<Path> = Arc::from(Path::new(name));
        vec![Arc::new(SourceFile::new(path, text.to_owned(), None))]
    }

    #[test]
    fn vietnamese_headers_semicolons_and_a_title_row() {
        let text = "DANH MỤC THỦ TỤC;;\nSTT;Mã thủ tục;Tên thủ tục;Lĩnh vực;Cấp thực hiện;Quyết định công bố\n1;1.001193;\"Cấp chứng chỉ; lần đầu\";An toàn bức xạ;Cấp tỉnh;45/QĐ-UBND\n";
        let (catalog, problems) = parse(&file(CSV_FILE, text));
        assert!(problems.is_empty(), "{problems:?}");
        let entries = catalog.unwrap().entries;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].code.as_str(), "1.001193");
        assert_eq!(entries[0].name, "Cấp chứng chỉ; lần đầu");
        assert_eq!(entries[0].level.as_deref(), Some("Cấp tỉnh"));
        assert_eq!((entries[0].loc.line, entries[0].loc.column), (3, 3));
    }

    #[test]
    fn english_headers_and_a_bad_code_with_its_column() {
        let text = "Code,Name,Field\n1.002341,\"Công bố, hợp chuẩn\",TĐC\n\"x\",\"a, b\",bad\n";
        let (catalog, problems) = parse(&file(CSV_FILE, text));
        assert_eq!(catalog.unwrap().entries.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].loc.line, problems[0].loc.column), (3, 2));
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_the_quote() {
        let text = "Code,Name\n1.001193,A\n1.002341,\"B, never closed\n1.003000,C\n";
        let (catalog, problems) = parse(&file(CSV_FILE, text));
        assert_eq!(catalog.unwrap().entries.len(), 1, "{problems:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].loc.line, problems[0].loc.column), (3, 10));
        assert!(problems[0].message.contains("never closed"));
    }

    #[test]
    fn closed_and_doubled_quotes_are_not_reported() {
        assert_eq!(unclosed_quote("a,\"b \"\"x\"\" c\",d\n\"e\nf\",g\n", b','), None);
        assert_eq!(unclosed_quote("a,b\"c,d\n", b','), None, "a quote inside an unquoted value is text");
        assert_eq!(unclosed_quote("a,\"b\n", b','), Some(2));
    }

    #[test]
    fn a_row_with_the_wrong_number_of_values_is_an_error() {
        let text = "Code,Name,Field\n1.001193,A,X\n1.002341,Cấp phép, lần đầu,Y\n";
        let (catalog, problems) = parse(&file(CSV_FILE, text));
        assert_eq!(catalog.unwrap().entries.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].loc.line, problems[0].loc.column), (3, 1));
        assert!(problems[0].message.contains("4 values but the header has 3"), "{:?}", problems[0].message);
    }

    #[test]
    fn no_code_column_is_reported() {
        let (_, problems) = parse(&file(CSV_FILE, "STT,Tên\n1,A\n"));
        assert_eq!(problems[0].code, "bad-catalogue-header");
    }

    #[test]
    fn toml_catalogue() {
        let text = "[[procedure]]\ncode = \"1.001193\"\nname = \"A\"\n";
        let (catalog, problems) = parse(&file(TOML_FILE, text));
        assert!(problems.is_empty());
        assert_eq!(catalog.unwrap().entries[0].loc.line, 2);
        let (_, problems) = parse(&file(TOML_FILE, "[[procedure]]\ncode = \"1.00\"\nname = \"A\"\n"));
        assert_eq!(problems.len(), 1);
    }
}
