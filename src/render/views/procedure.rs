//! What templates and the JSON API see of a procedure: the national database's record (official
//! name, bodies with their roles, cases, methods with time limits and fees, dossier, results)
//! and the ISO step table and records, every quantity with its printed `text`.

use serde::Serialize;

use super::{DocRef, FileView, FormDownload, UnitView};
use crate::model::dossier::{CopyKind, Mode};
use crate::model::fee::{FeeKind, Percent};
use crate::model::procedure::{Level, MethodKind, OnlineService};
use crate::model::time_limit::TimeLimit;
use crate::model::Duration;

/// A unit of the agency or an external body, with what a citizen needs to reach it.
#[derive(Clone, Debug, Serialize)]
pub struct BodyView {
    pub id: String,
    pub name: String,
    /// Whether it is outside the agency (`[[bodies]]`).
    pub external: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub map: Option<String>,
    pub online: Option<String>,
}

/// A body in one of the roles the national database names.
#[derive(Clone, Debug, Serialize)]
pub struct RoleView {
    /// `authority`, `implementing`, `delegated` or `cooperating`.
    pub role: &'static str,
    /// "Cơ quan có thẩm quyền", …
    pub role_name: String,
    pub body: BodyView,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    pub id: String,
    pub name: String,
}

/// One fee or charge.
#[derive(Clone, Debug, Serialize)]
pub struct FeeView {
    /// `phí` or `lệ phí`; none for a fee written the old way, whose kind was never said.
    pub kind: Option<FeeKind>,
    pub kind_name: Option<String>,
    /// A fixed amount in đồng (0: not collected).
    pub amount: Option<u64>,
    pub range: Option<[u64; 2]>,
    pub percent: Option<Percent>,
    pub of: Option<String>,
    pub per: Option<String>,
    pub exempt: Option<String>,
    /// The legal document that sets it.
    pub basis: Option<String>,
    pub note: Option<String>,
    /// The amount in words: "Miễn lệ phí", "8.000 đồng/bản sao".
    pub amount_text: String,
    /// The whole line: "Lệ phí: 8.000 đồng".
    pub text: String,
}

/// The fees of a method in one case (or in every case, when they are the same).
#[derive(Clone, Debug, Serialize)]
pub struct FeeLineView {
    /// The case's name, when the fees differ by case.
    pub case: Option<String>,
    pub fees: Vec<FeeView>,
    /// "Miễn lệ phí", "Lệ phí: 8.000 đồng; Phí: 3.000 đồng/bản sao"; "Chưa công bố" when no fee
    /// row applies (never "Không thu phí" unless the manual says so).
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExtraTimeView {
    pub time: Duration,
    pub when: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExcludedView {
    pub what: String,
    pub time: Option<Duration>,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MethodView {
    pub kind: MethodKind,
    pub name: String,
    /// The names of the cases this row is for; empty: every case.
    pub cases: Vec<String>,
    pub time_limit: TimeLimit,
    /// "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Trong ngày làm việc".
    pub time_limit_text: String,
    pub cutoff: Option<u8>,
    /// "Nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo".
    pub cutoff_text: Option<String>,
    pub extra: Vec<ExtraTimeView>,
    pub not_counted: Vec<ExcludedView>,
    pub fees: Vec<FeeLineView>,
    /// Every line of `fees`, as one text.
    pub fee_text: String,
    pub note: Option<String>,
}

/// Methods that a citizen reads the same (one time limit, one set of fee lines) shown as one
/// card at the top of the page: "Trực tiếp, dịch vụ bưu chính".
#[derive(Clone, Debug, Serialize)]
pub struct MethodGroupView {
    pub kinds: Vec<MethodKind>,
    /// The methods' names in one line, the first capitalised.
    pub name: String,
    pub names: Vec<String>,
    /// Each method's own note, with the method it belongs to.
    pub notes: Vec<MethodNoteView>,
    /// The group's first method: its time limit and fees are every method's of the group.
    pub method: MethodView,
}

#[derive(Clone, Debug, Serialize)]
pub struct MethodNoteView {
    pub method: String,
    pub text: String,
}

/// A template annexed to a legal document.
#[derive(Clone, Debug, Serialize)]
pub struct TemplateView {
    pub number: Option<String>,
    pub annex: Option<String>,
    pub name: String,
    pub url: Option<String>,
    /// "Tờ khai đăng ký khai sinh (Phụ lục I, 04/2020/TT-BTP)".
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DossierItemView {
    pub name: String,
    pub form: Option<DocRef>,
    pub template: Option<TemplateView>,
    pub mode: Mode,
    /// Shown to the office and kept by the applicant (xuất trình), not handed in.
    pub shown_only: bool,
    pub copy: Option<CopyKind>,
    pub count: Option<u32>,
    /// What to bring: "01 bản chính", "Xuất trình bản chính", "01 bản sao có chứng thực".
    pub quantities: Vec<String>,
    /// "Một trong các giấy tờ sau".
    pub one_of: Vec<String>,
    pub note: Option<String>,
    /// The files of `form`, for its "Tải mẫu đơn" link.
    pub files: Vec<FileView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DossierGroupView {
    /// The group's heading: its case's name, or the text written.
    pub case: Option<String>,
    pub items: Vec<DossierItemView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepView {
    pub number: usize,
    /// The step's anchor on the procedure page, `buoc-3`.
    pub anchor: String,
    pub task: String,
    /// The task as HTML, with its legal citations linked.
    pub task_html: String,
    /// The responsible unit or external body.
    pub unit: UnitView,
    pub external: bool,
    pub time: Option<Duration>,
    /// `false` when the step's time does not count towards the time limit.
    pub counted: bool,
    pub condition: Option<String>,
    pub form: Option<DocRef>,
    pub result: Option<String>,
    /// Names of the methods the step applies to; empty means all.
    pub methods: Vec<String>,
    /// Names of the cases the step applies to; empty means all.
    pub cases: Vec<String>,
}

/// One line under an applicant's step: a method, a fee, a time limit; with a link when it is
/// where to go online.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicantDetailView {
    pub text: String,
    pub url: Option<String>,
}

/// One step of what the applicant does (trình tự thực hiện): written in the manual, or derived
/// from the methods (prepare, submit, pay, receive).
#[derive(Clone, Debug, Serialize)]
pub struct ApplicantStepView {
    pub text: String,
    pub details: Vec<ApplicantDetailView>,
    /// The methods and cases a written step is for; empty: every one.
    pub applies_to: Vec<String>,
    /// Whether the step links the dossier checklist ("Chuẩn bị hồ sơ").
    pub prepare: bool,
}

/// The numbers of the standard sections of a procedure (DOMAIN.md §3), following the
/// procedure's own numbering of "Nội dung quy trình": "5.2" … "5.7", then "6" and "7".
#[derive(Clone, Debug, Default, Serialize)]
pub struct SectionNumbers {
    pub dossier: String,
    pub count: String,
    pub time: String,
    pub place: String,
    pub fee: String,
    pub flow: String,
    pub forms: String,
    pub records: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResultView {
    pub name: String,
    pub validity: Option<String>,
    pub form: Option<DocRef>,
    pub template: Option<TemplateView>,
    pub cases: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecordView {
    pub name: String,
    pub kept_by: UnitView,
    pub retention: String,
    pub form: Option<DocRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProcedureView {
    /// The official TTHC name; the document's title when none is written.
    pub name: Option<String>,
    pub tthc_code: Option<String>,
    pub local_code: Option<String>,
    pub announced_by: Option<String>,
    pub procedure_type: Option<String>,
    pub level: Option<Level>,
    pub level_name: Option<String>,
    /// For `district`: when the level was abolished.
    pub level_note: Option<String>,
    pub field: Option<String>,
    pub applicants: Option<String>,
    pub agency: Option<String>,
    /// The bodies with their roles, in the national database's order.
    pub roles: Vec<RoleView>,
    /// The implementing body, when named.
    pub implementing: Option<BodyView>,
    pub where_to_submit: Option<String>,
    pub submit_at: Vec<BodyView>,
    /// The old single result; see `results`.
    pub result: Option<String>,
    pub results: Vec<ResultView>,
    pub dossier_count: Option<String>,
    pub online: Option<OnlineService>,
    pub online_name: Option<String>,
    pub conditions: Vec<String>,
    /// The conditions as HTML, with their legal citations linked.
    pub conditions_html: Vec<String>,
    pub cases: Vec<CaseView>,
    pub methods: Vec<MethodView>,
    /// `methods` with the same time limit and fees grouped, for the top of the page.
    pub method_groups: Vec<MethodGroupView>,
    pub fees: Vec<FeeView>,
    pub dossier: Vec<DossierGroupView>,
    pub steps: Vec<StepView>,
    pub records: Vec<RecordView>,
    /// The forms the dossier, the steps and the records name, each once in that order, with
    /// their files to download; `applicant` tells the applicant's forms from the office's.
    pub downloads: Vec<FormDownload>,
    /// What the applicant does, in order.
    pub applicant_steps: Vec<ApplicantStepView>,
    /// Whether `applicant_steps` were written in the manual (else derived from the methods).
    pub applicant_steps_written: bool,
    pub sections: SectionNumbers,
    /// The national portal's page of this TTHC, when sotay.toml asks for the link.
    pub portal_url: Option<String>,
}
