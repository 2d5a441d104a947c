//! What the applicant does (trình tự thực hiện, as the national portal means it): the steps the
//! manual writes under `[[procedure.applicant_steps]]`, or, when it writes none, the steps every
//! TTHC has, derived from its methods — prepare the dossier, submit it (where, for each method),
//! pay what is charged, receive the result within each method's time limit. The office's own
//! flow stays in the step table (Quy trình xử lý công việc).

use crate::i18n::Strings;
use crate::model::procedure::{MethodKind, Procedure};
use crate::render::views::{ApplicantDetailView, ApplicantStepView, BodyView, ProcedureView};

/// The applicant's steps of `p`, whose view (methods, places, results) is `view`.
pub fn applicant_steps(p: &Procedure, view: &ProcedureView, ui: &Strings) -> Vec<ApplicantStepView> {
    if p.applicant_steps.is_empty() {
        return derived(view, ui);
    }
    p.applicant_steps
        .iter()
        .map(|step| {
            let methods = step.methods.iter().map(|m| ui.named("method", m).to_owned());
            let cases = step.cases.iter().map(|c| p.case_name(c.get_ref()).unwrap_or(c.get_ref()).to_owned());
            ApplicantStepView {
                text: step.text.clone(),
                details: Vec::new(),
                applies_to: methods.chain(cases).collect(),
                prepare: false,
            }
        })
        .collect()
}

fn step(text: String, details: Vec<ApplicantDetailView>) -> ApplicantStepView {
    ApplicantStepView { text, details, applies_to: Vec::new(), prepare: false }
}

fn line(text: String) -> ApplicantDetailView {
    ApplicantDetailView { text, url: None }
}

fn derived(view: &ProcedureView, ui: &Strings) -> Vec<ApplicantStepView> {
    if view.methods.is_empty() {
        return Vec::new();
    }
    let mut steps = Vec::new();
    if !view.dossier.is_empty() {
        steps.push(ApplicantStepView { prepare: true, ..step(ui.get("procedure.do_prepare").to_owned(), Vec::new()) });
    }
    steps.push(step(ui.get("procedure.do_submit").to_owned(), submit_lines(view, ui)));
    let payable: Vec<_> =
        view.methods.iter().filter(|m| m.fees.iter().flat_map(|l| &l.fees).any(|f| f.amount != Some(0))).collect();
    if !payable.is_empty() {
        let lines = payable.iter().map(|m| line(format!("{}: {}", m.name, m.fee_text))).collect();
        steps.push(step(ui.get("procedure.do_pay").to_owned(), lines));
    }
    let results: Vec<&str> = view.results.iter().map(|r| r.name.as_str()).collect();
    let receive = if results.is_empty() {
        ui.get("procedure.do_receive_plain").to_owned()
    } else {
        ui.fill("procedure.do_receive", &[("results", &results.join("; "))])
    };
    let limits = view.methods.iter().map(|m| {
        let cases = if m.cases.is_empty() { String::new() } else { format!(" ({})", m.cases.join("; ")) };
        line(format!("{}{cases}: {}", m.name, m.time_limit_text))
    });
    steps.push(step(receive, limits.collect()));
    steps
}

/// One line per method: where to hand the dossier in, or the online service's address.
fn submit_lines(view: &ProcedureView, ui: &Strings) -> Vec<ApplicantDetailView> {
    let place = place(view);
    let mut kinds: Vec<MethodKind> = view.methods.iter().map(|m| m.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| match kind {
            MethodKind::InPerson => line(ui.fill("procedure.submit_in_person", &[("place", &place)])),
            MethodKind::Post => line(ui.fill("procedure.submit_post", &[("place", &place)])),
            MethodKind::Online => {
                ApplicantDetailView { text: ui.get("procedure.submit_online_line").to_owned(), url: online_url(view) }
            }
        })
        .collect()
}

/// Where to submit in a few words: the bodies named, else the sentence written, else the
/// implementing body or agency.
fn place(view: &ProcedureView) -> String {
    let with_address = |b: &BodyView| match &b.address {
        Some(address) => format!("{} ({address})", b.name),
        None => b.name.clone(),
    };
    if !view.submit_at.is_empty() {
        return view.submit_at.iter().map(with_address).collect::<Vec<_>>().join("; ");
    }
    view.where_to_submit
        .clone()
        .or_else(|| view.implementing.as_ref().map(with_address))
        .or_else(|| view.agency.clone())
        .unwrap_or_default()
}

/// The online service: the first place to submit that has one, else the national portal's page.
pub fn online_url(view: &ProcedureView) -> Option<String> {
    view.submit_at.iter().find_map(|b| b.online.clone()).or_else(|| view.portal_url.clone())
}
