//! A controlled document of the manual: the fields every kind shares (DOMAIN.md §2) and the
//! kind-specific tables. Front matter deserialises straight into these types, strictly: unknown
//! keys and ill-typed values are errors with a position.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::code::{DocCode, IsoClause};
use super::date::Date;
use super::legal::LegalNumber;
use super::procedure::Procedure;

/// The kinds of document a manual holds, each in its own folder under `content/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Policy,
    Objective,
    Procedure,
    Form,
    Manual,
    Announcement,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Manual, Kind::Policy, Kind::Objective, Kind::Procedure, Kind::Form, Kind::Announcement, Kind::Page];

    /// The folder under `content/` that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Policy => "policies",
            Kind::Objective => "objectives",
            Kind::Procedure => "procedures",
            Kind::Form => "forms",
            Kind::Manual => "manual",
            Kind::Announcement => "announcements",
            Kind::Page => "pages",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The URL section this kind is published under.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Policy => "chinh-sach",
            Kind::Objective => "muc-tieu",
            Kind::Procedure => "quy-trinh",
            Kind::Form => "bieu-mau",
            Kind::Manual => "so-tay",
            Kind::Announcement => "cong-bo",
            Kind::Page => "trang",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Objective => "objective",
            Kind::Procedure => "procedure",
            Kind::Form => "form",
            Kind::Manual => "manual",
            Kind::Announcement => "announcement",
            Kind::Page => "page",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Singular Vietnamese name, e.g. "Quy trình".
    pub fn vietnamese(self) -> &'static str {
        match self {
            Kind::Policy => "Chính sách chất lượng",
            Kind::Objective => "Mục tiêu chất lượng",
            Kind::Procedure => "Quy trình",
            Kind::Form => "Biểu mẫu",
            Kind::Manual => "Sổ tay chất lượng",
            Kind::Announcement => "Công bố",
            Kind::Page => "Trang",
        }
    }

    /// Whether documents of this kind are controlled (code, revision, approval required).
    pub fn is_controlled(self) -> bool {
        self != Kind::Page
    }
}

/// Where a document is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    #[serde(alias = "in force")]
    InForce,
    Withdrawn,
}

impl Status {
    pub fn vietnamese(self) -> &'static str {
        match self {
            Status::Draft => "Dự thảo",
            Status::InForce => "Đang có hiệu lực",
            Status::Withdrawn => "Đã hủy bỏ",
        }
    }
}

/// Who may read a document. Internal documents never reach a public build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    #[default]
    Public,
    Internal,
}

/// A person who prepared, reviewed or approved a revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    pub name: String,
    /// Their position, e.g. "Giám đốc Sở".
    pub title: String,
    pub date: Option<Date>,
}

/// A row of the amendment table (theo dõi sửa đổi tài liệu).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub revision: u32,
    pub date: Date,
    /// The section or page changed, e.g. "Mục 5.4".
    #[serde(rename(deserialize = "where"))]
    pub section: String,
    pub summary: String,
}

/// A legal document the document rests on, optionally at a provision (`khoản 6 Điều 4`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    pub number: Spanned<LegalNumber>,
    pub provision: Option<String>,
}

/// The `[form]` table: the files to download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormInfo {
    /// File names beside the form's .md file.
    pub files: Vec<Spanned<String>>,
}

/// One quality objective with its measure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveItem {
    pub objective: String,
    /// How it is measured and the target, e.g. "≥ 98% hồ sơ giải quyết đúng hạn".
    pub target: String,
    /// The unit responsible, by id.
    pub owner: Option<Spanned<String>>,
    pub deadline: Option<Date>,
    /// The result reached, once measured.
    pub result: Option<String>,
}

/// The `[objectives]` table: a year's measurable objectives (ISO 6.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objectives {
    pub year: Spanned<i32>,
    pub items: Vec<ObjectiveItem>,
}

/// A clause of the standard the manual does not apply, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub clause: IsoClause,
    pub reason: String,
}

/// The `[scope]` table of the manual: what the QMS covers and what it excludes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub statement: String,
    #[serde(default)]
    pub exclusions: Vec<Exclusion>,
}

/// The `[announcement]` table: the decision announcing conformity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    pub decision: Spanned<LegalNumber>,
    pub signed: Date,
    pub signer: String,
}

/// A document's front matter, as written between the `+++` lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub code: Option<Spanned<DocCode>>,
    pub title: Spanned<String>,
    /// One line on what the document is for, used in lists and page descriptions.
    pub summary: Option<String>,
    /// Lần ban hành.
    pub revision: Option<Spanned<u32>>,
    pub issued: Option<Spanned<Date>>,
    pub effective: Option<Spanned<Date>>,
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub audience: Audience,
    /// The unit that owns the document, by id.
    pub owner: Option<Spanned<String>>,
    pub prepared: Option<Signoff>,
    pub reviewed: Option<Signoff>,
    pub approved: Option<Signoff>,
    #[serde(default)]
    pub amendments: Vec<Spanned<Amendment>>,
    #[serde(default)]
    pub iso_clauses: Vec<IsoClause>,
    #[serde(default)]
    pub legal_basis: Vec<LegalBasis>,
    pub next_review: Option<Date>,
    /// Sort position in lists; lower first, then by code.
    pub weight: Option<i32>,
    pub procedure: Option<Spanned<Procedure>>,
    pub form: Option<Spanned<FormInfo>>,
    pub objectives: Option<Spanned<Objectives>>,
    pub scope: Option<Spanned<Scope>>,
    pub announcement: Option<Spanned<Announcement>>,
}
