//! `sotay init` and `sotay new`: a manual skeleton that builds as is, and new documents with the
//! front matter their kind requires, filled with placeholders staff replace.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fs;
use crate::model::{Date, Kind};

/// Creates a manual skeleton in `dir`, which must not exist or be empty.
pub fn init(dir: &Path, today: Date) -> Result<()> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Error::NotEmpty { path: dir.to_owned() });
    }
    fs::write(&dir.join("sotay.toml"), SOTAY_TOML.as_bytes())?;
    fs::write(&dir.join("legal/19-2014-qd-ttg.toml"), LEGAL_19.as_bytes())?;
    fs::write(&dir.join("static/.gitkeep"), b"")?;
    fs::write(&dir.join(".gitignore"), b"/public\n")?;
    let year = today.year();
    let docs = [
        (Kind::Manual, "STCL", "Sổ tay chất lượng"),
        (Kind::Policy, "CSCL", "Chính sách chất lượng"),
        (Kind::Objective, &*format!("MTCL-{year}"), &*format!("Mục tiêu chất lượng năm {year}")),
        (Kind::Procedure, "QT-01", "Quy trình kiểm soát tài liệu"),
    ];
    for (kind, code, title) in docs {
        let text = document(kind, code, title, today, "in-force");
        fs::write(&dir.join("content").join(kind.folder()).join(format!("{code}.md")), text.as_bytes())?;
    }
    Ok(())
}

/// Creates `content/<kind>/<CODE>.md` in the manual `dir`, as a draft.
pub fn new_document(dir: &Path, kind: Kind, code: &str, title: &str, today: Date) -> Result<PathBuf> {
    if !dir.join("sotay.toml").is_file() {
        return Err(Error::NotAManual { path: dir.to_owned() });
    }
    let checked = crate::model::DocCode::try_from(code.to_owned())
        .map_err(|why| Error::Refused(crate::diagnostic::Text::reason(&why)))?;
    if title.trim().is_empty() {
        return Err(Error::Refused(tr!(
            "tiêu đề đang trống; ghi tiêu đề tài liệu trong dấu ngoặc kép",
            "the title is empty; give the document's title in quotes"
        )));
    }
    let file_name: String = checked.as_str().chars().map(|c| if c == '/' || c == ' ' { '-' } else { c }).collect();
    let path = dir.join("content").join(kind.folder()).join(format!("{file_name}.md"));
    if path.exists() {
        return Err(Error::Exists { path });
    }
    let unit = first_unit(dir).unwrap_or_else(|| "vp".to_owned());
    let text = document(kind, checked.as_str(), title.trim(), today, "draft").replace("\"vp\"", &format!("\"{unit}\""));
    fs::write(&path, text.as_bytes())?;
    Ok(path)
}

fn first_unit(dir: &Path) -> Option<String> {
    let bytes = crate::read::read_capped(&dir.join("sotay.toml"), crate::read::DOCUMENT_BYTES).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table.get("units")?.as_array()?.first()?.get("id")?.as_str().map(str::to_owned)
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn document(kind: Kind, code: &str, title: &str, today: Date, status: &str) -> String {
    let date = today.iso();
    let mut fm = String::new();
    if kind.is_controlled() || !code.is_empty() {
        fm.push_str(&format!("code = {}\n", toml_string(code)));
    }
    fm.push_str(&format!("title = {}\n", toml_string(title)));
    if kind.is_controlled() {
        fm.push_str(&format!(
            "revision = 1\nissued = {date}\neffective = {date}\nstatus = \"{status}\"\nowner = \"vp\"\niso_clauses = [{}]\nlegal_basis = [{{ number = \"19/2014/QĐ-TTg\" }}]\n\n",
            clauses(kind)
        ));
        for role in ["prepared", "reviewed", "approved"] {
            fm.push_str(&format!("[{role}]\nname = \"Họ và tên\"\ntitle = \"Chức vụ\"\ndate = {date}\n\n"));
        }
        fm.push_str(&format!(
            "[[amendments]]\nrevision = 1\ndate = {date}\nwhere = \"Toàn bộ\"\nsummary = \"Ban hành lần đầu\"\n"
        ));
    }
    fm.push_str(&kind_table(kind, code, today));
    format!("+++\n{fm}+++\n\n{}", body(kind))
}

fn clauses(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "\"5.2\"",
        Kind::Objective => "\"6.2\"",
        Kind::Procedure => "\"7.5\"",
        Kind::Form => "\"7.5\"",
        Kind::Manual => "\"4.3\"",
        Kind::Announcement | Kind::Page => "\"4.4\"",
    }
}

fn kind_table(kind: Kind, code: &str, today: Date) -> String {
    match kind {
        Kind::Procedure => "\n[procedure]\n\n[[procedure.steps]]\ntask = \"Mô tả công việc của bước 1\"\nunit = \"vp\"\ntime = \"1 ngày làm việc\"\nresult = \"Kết quả của bước\"\n\n[[procedure.records]]\nname = \"Hồ sơ cần lưu\"\nkept_by = \"vp\"\nretention = \"05 năm\"\n".to_owned(),
        Kind::Form => format!("\n[form]\n# Put the files beside this .md file and list them, e.g. files = [\"{code}.docx\"]\nfiles = []\n"),
        Kind::Objective => format!("\n[objectives]\nyear = {}\n\n[[objectives.items]]\nobjective = \"Giải quyết hồ sơ thủ tục hành chính đúng hạn\"\ntarget = \"≥ 98% hồ sơ đúng hạn\"\nowner = \"vp\"\n", today.year()),
        Kind::Manual => "\n[scope]\nstatement = \"Hệ thống quản lý chất lượng áp dụng cho toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết của cơ quan.\"\n\n[[scope.exclusions]]\nclause = \"8.3\"\nreason = \"Cơ quan không thiết kế và phát triển sản phẩm, dịch vụ.\"\n".to_owned(),
        Kind::Announcement => format!("\n[announcement]\ndecision = \"1/QĐ-UBND\"\nsigned = {}\nsigner = \"Họ và tên\"\n", today.iso()),
        Kind::Policy | Kind::Page => String::new(),
    }
}

fn body(kind: Kind) -> &'static str {
    match kind {
        Kind::Procedure => "## 1. Mục đích\n\nQuy định cách thức …\n\n## 2. Phạm vi\n\nÁp dụng đối với …\n\n## 3. Tài liệu viện dẫn\n\n- TCVN ISO 9001:2015\n- Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ\n\n## 4. Định nghĩa, viết tắt\n\n- QT: Quy trình\n",
        Kind::Policy => "Lãnh đạo và toàn thể công chức cam kết xây dựng, áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015, phục vụ người dân và doanh nghiệp ngày càng tốt hơn.\n",
        _ => "Nội dung của tài liệu.\n",
    }
}

const SOTAY_TOML: &str = r#"# The manual's settings. See docs/front-matter.md for every key.
[agency]
name = "Tên cơ quan"
short_name = "Cơ quan"
parent = "Ủy ban nhân dân tỉnh"
address = "Địa chỉ của cơ quan"
phone = "0000 000 000"
email = "iso@example.gov.vn"

[site]
base_url = "/"
language = "vi"
standard = "TCVN ISO 9001:2015"
theme = "default"

[[units]]
id = "vp"
name = "Văn phòng"
"#;

const LEGAL_19: &str = r#"number = "19/2014/QĐ-TTg"
issuer = "Thủ tướng Chính phủ"
summary = "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước"
signed = 2014-03-05
status = "in-force"
note = "Ngày hiệu lực và tình trạng hiệu lực hiện tại chưa được kiểm chứng với văn bản gốc."
"#;
