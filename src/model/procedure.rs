//! The fields of a procedure (quy trình) that implements an administrative procedure (TTHC) or an
//! internal process, following DOMAIN.md §3 and the national database's procedure record.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::code::TthcCode;
use super::quantity::{Duration, Money};

/// The level of government that handles a TTHC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Central,
    Province,
    Commune,
}

impl Level {
    pub fn vietnamese(self) -> &'static str {
        match self {
            Level::Central => "Cấp trung ương",
            Level::Province => "Cấp tỉnh",
            Level::Commune => "Cấp xã",
        }
    }
}

/// How much of a procedure can be done online.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnlineService {
    /// Toàn trình: the whole procedure online.
    Full,
    /// Một phần: partly online.
    Partial,
    None,
}

/// A way of submitting a dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodKind {
    InPerson,
    Online,
    Post,
}

impl MethodKind {
    pub fn vietnamese(self) -> &'static str {
        match self {
            MethodKind::InPerson => "Trực tiếp",
            MethodKind::Online => "Trực tuyến",
            MethodKind::Post => "Dịch vụ bưu chính",
        }
    }
}

/// A submission method with its own time limit and fee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub kind: Spanned<MethodKind>,
    pub time_limit: Spanned<Duration>,
    /// The fee in đồng; 0 when there is none.
    pub fee: Money,
    /// What the fee covers or how it varies, e.g. "50.000 đồng/giấy phép".
    pub fee_note: Option<String>,
    pub note: Option<String>,
}

/// One component of the dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierItem {
    pub name: String,
    /// The form (biểu mẫu) to fill in, by code.
    pub form: Option<Spanned<String>>,
    #[serde(default)]
    pub originals: u32,
    #[serde(default)]
    pub copies: u32,
    pub note: Option<String>,
}

/// Dossier components that apply in one case, e.g. "Trường hợp cấp lại".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierGroup {
    /// The case these items apply to; absent when the dossier has a single case.
    pub case: Option<String>,
    pub items: Vec<DossierItem>,
}

/// One row of the step table (5.7 Quy trình xử lý công việc).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub task: Spanned<String>,
    /// The responsible unit, by its id in sotay.toml.
    pub unit: Spanned<String>,
    pub time: Option<Spanned<Duration>>,
    /// The form used or produced in this step, by code.
    pub form: Option<Spanned<String>>,
    /// The result of the step when it is not a form, e.g. "Tờ trình".
    pub result: Option<String>,
    /// The submission methods this step belongs to; all of them when empty.
    #[serde(default)]
    pub methods: Vec<MethodKind>,
}

/// A record kept after the procedure (7. Hồ sơ cần lưu).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub name: String,
    /// The unit that keeps it, by id.
    pub kept_by: Spanned<String>,
    /// How long it is kept, e.g. "05 năm" or "Vĩnh viễn".
    pub retention: String,
    /// The form the record is made on, by code.
    pub form: Option<Spanned<String>>,
}

/// The `[procedure]` table of a procedure's front matter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub tthc_code: Option<Spanned<TthcCode>>,
    pub local_code: Option<Spanned<TthcCode>>,
    /// The decision that announced the TTHC.
    pub announced_by: Option<String>,
    pub level: Option<Level>,
    /// Lĩnh vực: the field the procedure belongs to.
    pub field: Option<String>,
    /// Who may apply.
    pub applicants: Option<String>,
    /// The implementing agency.
    pub agency: Option<String>,
    pub where_to_submit: Option<String>,
    pub result: Option<String>,
    /// Số lượng hồ sơ, e.g. "01 bộ".
    pub dossier_count: Option<String>,
    pub online: Option<OnlineService>,
    #[serde(default)]
    pub conditions: Vec<String>,
    #[serde(default)]
    pub methods: Vec<Method>,
    #[serde(default)]
    pub dossier: Vec<DossierGroup>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub records: Vec<Record>,
}
