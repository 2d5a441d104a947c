//! The dossier (thành phần hồ sơ) as the national TTHC database records it: for each paper,
//! whether it is handed in or only shown, in which kind of copy and how many, alternatives
//! ("một trong các giấy tờ sau"), and the template — a controlled form of the manual or a form
//! annexed to a legal document that the agency does not control.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::legal::LegalNumber;

/// Handed in (nộp) or only shown and kept by the applicant (xuất trình).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    #[default]
    #[serde(rename = "nộp", alias = "nop", alias = "submit")]
    Submit,
    #[serde(rename = "xuất trình", alias = "xuat trinh", alias = "show")]
    Show,
}

/// The kind of copy a paper is given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CopyKind {
    #[serde(rename = "bản chính", alias = "ban chinh", alias = "original")]
    Original,
    #[serde(rename = "bản sao", alias = "ban sao", alias = "copy")]
    Copy,
    #[serde(rename = "bản sao có chứng thực", alias = "ban sao co chung thuc", alias = "certified-copy")]
    CertifiedCopy,
    #[serde(
        rename = "bản sao kèm bản chính để đối chiếu",
        alias = "ban sao kem ban chinh de doi chieu",
        alias = "copy-with-original"
    )]
    CopyWithOriginal,
    #[serde(rename = "bản điện tử", alias = "ban dien tu", alias = "electronic")]
    Electronic,
}

impl CopyKind {
    pub fn vietnamese(self) -> &'static str {
        match self {
            CopyKind::Original => "bản chính",
            CopyKind::Copy => "bản sao",
            CopyKind::CertifiedCopy => "bản sao có chứng thực",
            CopyKind::CopyWithOriginal => "bản sao kèm bản chính để đối chiếu",
            CopyKind::Electronic => "bản điện tử",
        }
    }
}

/// A form annexed to a legal document, e.g. the Tờ khai in a ministry's circular.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalTemplate {
    /// The legal document it is annexed to; required (checked in resolve).
    pub number: Option<Spanned<LegalNumber>>,
    /// Where in it, e.g. "Phụ lục I" or "Mẫu số 01".
    pub annex: Option<String>,
    pub name: String,
    /// Where to get it, an `https://` address.
    pub url: Option<Spanned<String>>,
}

impl ExternalTemplate {
    /// "Tờ khai đăng ký khai sinh (Phụ lục I, 04/2020/TT-BTP)".
    pub fn text(&self) -> String {
        let mut source: Vec<String> = self.annex.iter().cloned().collect();
        source.extend(self.number.as_ref().map(|n| n.get_ref().to_string()));
        if source.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, source.join(", "))
        }
    }
}

/// One component of the dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierItem {
    pub name: String,
    /// The form (biểu mẫu) of the manual to fill in, by code.
    pub form: Option<Spanned<String>>,
    /// A form the agency does not control.
    pub template: Option<Spanned<ExternalTemplate>>,
    /// Nộp (default) or xuất trình.
    pub mode: Option<Spanned<Mode>>,
    /// The kind of copy; bản chính when absent.
    pub copy: Option<Spanned<CopyKind>>,
    /// How many; one when absent.
    pub count: Option<Spanned<u32>>,
    /// The old way of writing quantities: originals and copies. Not mixed with `copy`/`count`.
    pub originals: Option<Spanned<u32>>,
    pub copies: Option<Spanned<u32>>,
    /// "Một trong các giấy tờ sau": any one of these papers.
    #[serde(default)]
    pub one_of: Vec<String>,
    pub note: Option<String>,
}

impl DossierItem {
    /// What to bring, as the checklist says it: "01 bản chính", "Xuất trình bản chính",
    /// "01 bản sao có chứng thực". Empty when the manual says nothing about the quantity.
    pub fn quantities(&self) -> Vec<String> {
        if self.originals.is_some() || self.copies.is_some() {
            let legacy = [(&self.originals, CopyKind::Original), (&self.copies, CopyKind::Copy)];
            return legacy
                .into_iter()
                .filter_map(|(n, kind)| n.as_ref().map(|n| *n.get_ref()).filter(|n| *n > 0).map(|n| (n, kind)))
                .map(|(n, kind)| format!("{n:02} {}", kind.vietnamese()))
                .collect();
        }
        let copy = self.copy.as_ref().map_or(CopyKind::Original, |c| *c.get_ref());
        match self.mode.as_ref().map(|m| *m.get_ref()).unwrap_or_default() {
            Mode::Show => vec![format!("Xuất trình {}", copy.vietnamese())],
            Mode::Submit => {
                let count = self.count.as_ref().map_or(1, |c| *c.get_ref());
                vec![format!("{count:02} {}", copy.vietnamese())]
            }
        }
    }

    /// Whether the item is only shown, not handed in.
    pub fn shown_only(&self) -> bool {
        self.mode.as_ref().is_some_and(|m| *m.get_ref() == Mode::Show)
    }
}

/// Dossier components that apply in one case, e.g. "Trường hợp cấp lại".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierGroup {
    /// A heading for the group; when the procedure declares cases, a case's id or name.
    pub case: Option<Spanned<String>>,
    /// The cases (by id) these items apply to; all when empty.
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
    pub items: Vec<DossierItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str) -> DossierItem {
        toml::from_str(&format!("name = \"Giấy tờ\"\n{text}")).unwrap()
    }

    #[test]
    fn quantities_say_what_to_bring() {
        assert_eq!(item("mode = \"xuất trình\"").quantities(), ["Xuất trình bản chính"]);
        assert_eq!(item("copy = \"bản sao có chứng thực\"").quantities(), ["01 bản sao có chứng thực"]);
        assert_eq!(item("count = 2").quantities(), ["02 bản chính"]);
        assert_eq!(item("originals = 1\ncopies = 2").quantities(), ["01 bản chính", "02 bản sao"]);
        assert!(item("originals = 0").quantities().is_empty());
    }

    #[test]
    fn an_unknown_copy_kind_is_an_error() {
        assert!(toml::from_str::<DossierItem>("name = \"a\"\ncopy = \"bản photo\"").is_err());
    }
}
