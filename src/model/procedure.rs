//! The fields of a procedure (quy trình) that implements an administrative procedure (TTHC) or an
//! internal process, following DOMAIN.md §3 and §3a: the national database's procedure record
//! (identity, bodies and their roles, cases, methods with time limits and fees, dossier, steps,
//! results) and the ISO parts (step table, records). Fees, time limits and the dossier have their
//! own modules.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::code::TthcCode;
use super::dossier::ExternalTemplate;
pub use super::dossier::{DossierGroup, DossierItem};
use super::fee::Fee;
use super::quantity::{Duration, Money};
use super::time_limit::{ExcludedPeriod, Extension, Hour, TimeLimit};

/// The level of government that handles a TTHC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Central,
    Province,
    /// Cấp huyện: abolished on 01/07/2025, still written in manuals and catalogues from before.
    District,
    Commune,
}

impl Level {
    pub fn vietnamese(self) -> &'static str {
        match self {
            Level::Central => "Cấp trung ương",
            Level::Province => "Cấp tỉnh",
            Level::District => "Cấp huyện",
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

/// A named case (trường hợp), e.g. "Cấp mới" and "Cấp lại": methods, fees, dossier groups,
/// steps and results name the cases they apply to, and apply to all when they name none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// A short id the other tables use, e.g. "cap-moi".
    pub id: Spanned<String>,
    pub name: String,
}

/// A submission method with its own time limit (and fee, in the old way of writing one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub kind: Spanned<MethodKind>,
    /// The cases this row is for, by id; all when empty.
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
    pub time_limit: Spanned<TimeLimit>,
    /// With "trong ngày": after this hour the result is returned the next working day.
    pub cutoff: Option<Spanned<Hour>>,
    /// Where the time is counted from, when not written in `time_limit`.
    pub from: Option<String>,
    /// Extra time in named conditions.
    #[serde(default)]
    pub extra: Vec<Extension>,
    /// Periods that do not count towards the limit.
    #[serde(default)]
    pub not_counted: Vec<ExcludedPeriod>,
    /// The old single fee in đồng (0: not collected); `[[procedure.fees]]` says more.
    pub fee: Option<Spanned<Money>>,
    /// What the old single fee covers, e.g. "50.000 đồng/giấy phép".
    pub fee_note: Option<String>,
    pub note: Option<String>,
}

impl Method {
    /// Whether this row is for `case` (`None`: the procedure has no cases).
    pub fn applies_to(&self, case: Option<&str>) -> bool {
        self.cases.is_empty() || case.is_none_or(|c| self.cases.iter().any(|x| x.get_ref() == c))
    }
}

/// One row of the step table (5.7 Quy trình xử lý công việc).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub task: Spanned<String>,
    /// The responsible unit or external body, by its id in sotay.toml (`[[units]]`, `[[bodies]]`).
    pub unit: Spanned<String>,
    pub time: Option<Spanned<Duration>>,
    /// `false` when the step's time does not count towards the time limit (e.g. public posting).
    #[serde(default = "counted_by_default")]
    pub counted: bool,
    /// When the step happens at all, e.g. "Khi cần thẩm định thực tế".
    pub condition: Option<String>,
    /// The cases this step belongs to, by id; all when empty.
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
    /// The form used or produced in this step, by code.
    pub form: Option<Spanned<String>>,
    /// The result of the step when it is not a form, e.g. "Tờ trình".
    pub result: Option<String>,
    /// The submission methods this step belongs to; all of them when empty.
    #[serde(default)]
    pub methods: Vec<MethodKind>,
}

fn counted_by_default() -> bool {
    true
}

impl Step {
    /// Whether the step belongs to `method` in `case` (`None`: the procedure has no cases).
    pub fn applies(&self, method: MethodKind, case: Option<&str>) -> bool {
        (self.methods.is_empty() || self.methods.contains(&method))
            && (self.cases.is_empty() || case.is_none_or(|c| self.cases.iter().any(|x| x.get_ref() == c)))
    }
}

/// One step of what the applicant does (trình tự thực hiện, as the national portal means it:
/// prepare, submit, pay, receive), for the methods and cases it names (all when none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantStep {
    pub text: String,
    /// The submission methods this step is for; all of them when empty.
    #[serde(default)]
    pub methods: Vec<MethodKind>,
    /// The cases this step is for, by id; all when empty.
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
}

/// One result of the procedure (kết quả thực hiện).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub name: String,
    /// How long it is valid, e.g. "05 năm" or "Không thời hạn".
    pub validity: Option<String>,
    /// The form of the manual the result is made on, by code.
    pub form: Option<Spanned<String>>,
    /// A template annexed to a legal document.
    pub template: Option<Spanned<ExternalTemplate>>,
    /// The cases it is the result of, by id; all when empty.
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
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
    /// The official TTHC name (tên thủ tục), which is not the ISO procedure's title.
    pub name: Option<String>,
    pub tthc_code: Option<Spanned<TthcCode>>,
    pub local_code: Option<Spanned<TthcCode>>,
    /// The decision that announced the TTHC: its number, e.g. "2617/QĐ-UBND", or a sentence
    /// naming it ("Quyết định số 2617/QĐ-UBND ngày …").
    pub announced_by: Option<Spanned<String>>,
    /// Loại thủ tục, as the national database writes it.
    #[serde(rename = "type")]
    pub procedure_type: Option<String>,
    pub level: Option<Spanned<Level>>,
    /// Lĩnh vực: the field the procedure belongs to.
    pub field: Option<String>,
    /// Who may apply.
    pub applicants: Option<String>,
    /// The implementing agency, in words (the old way; `implementing` names a body).
    pub agency: Option<String>,
    /// Cơ quan có thẩm quyền, by unit or body id.
    pub authority: Option<Spanned<String>>,
    /// Cơ quan thực hiện, by unit or body id.
    pub implementing: Option<Spanned<String>>,
    /// Cơ quan được ủy quyền, by unit or body id.
    pub delegated: Option<Spanned<String>>,
    /// Cơ quan phối hợp, by unit or body id.
    #[serde(default)]
    pub cooperating: Vec<Spanned<String>>,
    /// Where to submit, in words.
    pub where_to_submit: Option<String>,
    /// Where to submit, by unit or body id: the page shows each one's address, hours and phone.
    #[serde(default)]
    pub submit_at: Vec<Spanned<String>>,
    /// The result in words (the old way; `[[procedure.results]]` says more).
    pub result: Option<String>,
    /// Số lượng hồ sơ, e.g. "01 bộ".
    pub dossier_count: Option<String>,
    pub online: Option<OnlineService>,
    #[serde(default)]
    pub conditions: Vec<String>,
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub methods: Vec<Method>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub dossier: Vec<DossierGroup>,
    /// What the applicant does; derived from the methods when not written.
    #[serde(default)]
    pub applicant_steps: Vec<ApplicantStep>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub results: Vec<Outcome>,
    #[serde(default)]
    pub records: Vec<Record>,
}

impl Procedure {
    /// The cases a row naming `cases` applies to: those, or every case, or `[None]` when the
    /// procedure has no cases.
    pub fn cases_of<'a>(&'a self, cases: &'a [Spanned<String>]) -> Vec<Option<&'a str>> {
        if !cases.is_empty() {
            cases.iter().map(|c| Some(c.get_ref().as_str())).collect()
        } else if self.cases.is_empty() {
            vec![None]
        } else {
            self.cases.iter().map(|c| Some(c.id.get_ref().as_str())).collect()
        }
    }

    /// The fees of `method` in `case`: the old `fee` of the method when written, then the
    /// `[[procedure.fees]]` rows that apply.
    pub fn fees_for(&self, method: &Method, case: Option<&str>) -> Vec<Fee> {
        let kind = *method.kind.get_ref();
        let legacy = method.fee.as_ref().map(|fee| Fee::legacy(*fee.get_ref(), method.fee_note.clone(), kind));
        legacy.into_iter().chain(self.fees.iter().filter(|f| f.applies(kind, case)).cloned()).collect()
    }

    /// The name of case `id`, when declared.
    pub fn case_name(&self, id: &str) -> Option<&str> {
        self.cases.iter().find(|c| c.id.get_ref() == id).map(|c| c.name.as_str())
    }
}
