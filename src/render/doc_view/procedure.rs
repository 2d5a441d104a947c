//! Building a procedure's view from its `[procedure]` table: bodies looked up in sotay.toml,
//! case ids turned into names, each method's fees gathered per case, and every quantity given
//! the text a citizen reads ("Miễn lệ phí", "Xuất trình bản chính").

use super::applicant_steps::applicant_steps;
use super::common_fees::say_common_fees_once;
use super::method_groups::method_groups;
use super::{downloads, form_files, form_ref};
use crate::i18n::Strings;
use crate::model::dossier::ExternalTemplate;
use crate::model::fee::{Fee, FeeKind};
use crate::model::procedure::{Level, Method, Procedure};
use crate::render::links::Resolver;
use crate::render::markdown::link_citations;
use crate::render::views::*;
use crate::render::Urls;
use crate::resolve::ResolvedManual;

/// The view of procedure `p`, the `[procedure]` table of document `index`, its standard sections
/// numbered `sections`.
pub fn view(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    p: &Procedure,
    sections: SectionNumbers,
) -> ProcedureView {
    let ui = resolved.manual.ui();
    let mut view = record_view(resolved, urls, index, p);
    view.sections = sections;
    view.method_groups = method_groups(&view.methods);
    view.portal_url =
        p.tthc_code.as_ref().and_then(|c| resolved.manual.config.site.tthc_portal_url(&c.get_ref().to_string()));
    view.applicant_steps = applicant_steps(p, &view, ui);
    view.applicant_steps_written = !p.applicant_steps.is_empty();
    view
}

/// The national database's record and the ISO tables, without the parts derived from them.
fn record_view(resolved: &ResolvedManual, urls: &Urls, index: usize, p: &Procedure) -> ProcedureView {
    let links = &Resolver { resolved, urls, from: index };
    let ui = resolved.manual.ui();
    let level = p.level.as_ref().map(|l| *l.get_ref());
    ProcedureView {
        name: p.name.clone(),
        tthc_code: p.tthc_code.as_ref().map(|c| c.get_ref().to_string()),
        local_code: p.local_code.as_ref().map(|c| c.get_ref().to_string()),
        announced_by: p.announced_by.as_ref().map(|a| a.get_ref().clone()),
        procedure_type: p.procedure_type.clone(),
        level,
        level_name: level.map(|l| ui.named("level", &l).to_owned()),
        level_note: (level == Some(Level::District)).then(|| {
            "Cấp huyện theo quy định trước ngày 01/07/2025, khi chính quyền cấp huyện chấm dứt hoạt động".to_owned()
        }),
        field: p.field.clone(),
        applicants: p.applicants.clone(),
        agency: p.agency.clone(),
        roles: roles(resolved, p, ui),
        implementing: p.implementing.as_ref().map(|id| body_view(resolved, id.get_ref())),
        where_to_submit: p.where_to_submit.clone(),
        submit_at: p.submit_at.iter().map(|id| body_view(resolved, id.get_ref())).collect(),
        result: p.result.clone(),
        results: results(resolved, urls, p),
        dossier_count: p.dossier_count.clone(),
        online: p.online,
        online_name: p.online.map(|o| ui.named("online", &o).to_owned()),
        conditions: p.conditions.clone(),
        conditions_html: p.conditions.iter().map(|c| link_citations(c, links)).collect(),
        cases: p.cases.iter().map(|c| CaseView { id: c.id.get_ref().clone(), name: c.name.clone() }).collect(),
        methods: p.methods.iter().map(|m| method_view(p, m, &case_names(p, &m.cases), ui)).collect(),
        method_groups: Vec::new(),
        fees: p.fees.iter().map(|f| fee_view(f, ui)).collect(),
        dossier: p.dossier.iter().map(|g| dossier_group_view(resolved, urls, p, g)).collect(),
        steps: p.steps.iter().enumerate().map(|(i, step)| step_view(resolved, urls, index, p, i, step)).collect(),
        records: p
            .records
            .iter()
            .map(|r| RecordView {
                name: r.name.clone(),
                kept_by: unit_view(resolved, r.kept_by.get_ref()),
                retention: r.retention.clone(),
                form: form_ref(resolved, urls, r.form.as_ref()),
            })
            .collect(),
        downloads: downloads(resolved, urls, p),
        applicant_steps: Vec::new(),
        applicant_steps_written: false,
        sections: SectionNumbers::default(),
        portal_url: None,
    }
}

/// The names of the cases a row names, as the procedure declares them.
fn case_names(p: &Procedure, ids: &[toml::Spanned<String>]) -> Vec<String> {
    ids.iter().map(|c| p.case_name(c.get_ref()).unwrap_or(c.get_ref()).to_owned()).collect()
}

fn dossier_group_view(
    resolved: &ResolvedManual,
    urls: &Urls,
    p: &Procedure,
    g: &crate::model::dossier::DossierGroup,
) -> DossierGroupView {
    DossierGroupView {
        case: match (&g.case, g.cases.is_empty()) {
            (Some(case), _) => Some(p.case_name(case.get_ref()).unwrap_or(case.get_ref()).to_owned()),
            (None, false) => Some(case_names(p, &g.cases).join("; ")),
            (None, true) => None,
        },
        items: g
            .items
            .iter()
            .map(|item| DossierItemView {
                name: item.name.clone(),
                form: form_ref(resolved, urls, item.form.as_ref()),
                template: item.template.as_ref().map(|t| template_view(t.get_ref())),
                mode: item.mode.as_ref().map(|m| *m.get_ref()).unwrap_or_default(),
                shown_only: item.shown_only(),
                copy: item.copy.as_ref().map(|c| *c.get_ref()),
                count: item.count.as_ref().map(|c| *c.get_ref()),
                quantities: item.quantities(),
                one_of: item.one_of.clone(),
                note: item.note.clone(),
                files: item
                    .form
                    .as_ref()
                    .and_then(|code| resolved.by_code.get(&crate::model::code::code_key(code.get_ref())))
                    .filter(|&&target| resolved.published[target])
                    .map(|&target| form_files(resolved, urls, target))
                    .unwrap_or_default(),
            })
            .collect(),
    }
}

fn step_view(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    p: &Procedure,
    i: usize,
    s: &crate::model::procedure::Step,
) -> StepView {
    let links = &Resolver { resolved, urls, from: index };
    let ui = resolved.manual.ui();
    StepView {
        number: i + 1,
        anchor: format!("buoc-{}", i + 1),
        task: s.task.get_ref().clone(),
        task_html: link_citations(s.task.get_ref(), links),
        unit: unit_or_body(resolved, s.unit.get_ref()),
        external: resolved.manual.config.body(s.unit.get_ref()).is_some(),
        time: s.time.as_ref().map(|t| *t.get_ref()),
        counted: s.counted,
        condition: s.condition.clone(),
        form: form_ref(resolved, urls, s.form.as_ref()),
        result: s.result.clone(),
        methods: s.methods.iter().map(|m| ui.named("method", m).to_owned()).collect(),
        cases: case_names(p, &s.cases),
    }
}

/// A unit of the agency or an external body, by id (the id itself when neither is declared).
pub fn body_view(resolved: &ResolvedManual, id: &str) -> BodyView {
    let config = &resolved.manual.config;
    if let Some(body) = config.body(id) {
        return BodyView {
            id: id.to_owned(),
            name: body.name.clone(),
            external: true,
            address: body.address.clone(),
            phone: body.phone.clone(),
            hours: body.hours.clone(),
            map: body.map.as_ref().map(|m| m.get_ref().clone()),
            online: body.online.as_ref().map(|o| o.get_ref().clone()),
        };
    }
    let name = config.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    BodyView {
        id: id.to_owned(),
        name,
        external: false,
        address: None,
        phone: None,
        hours: None,
        map: None,
        online: None,
    }
}

fn unit_or_body(resolved: &ResolvedManual, id: &str) -> UnitView {
    let body = body_view(resolved, id);
    UnitView { id: body.id, name: body.name }
}

fn roles(resolved: &ResolvedManual, p: &Procedure, ui: &Strings) -> Vec<RoleView> {
    let single = [("authority", &p.authority), ("implementing", &p.implementing), ("delegated", &p.delegated)];
    let named = single.into_iter().filter_map(|(role, id)| id.as_ref().map(|id| (role, id)));
    let cooperating = p.cooperating.iter().map(|id| ("cooperating", id));
    named
        .chain(cooperating)
        .map(|(role, id)| RoleView {
            role,
            role_name: ui.get(&format!("procedure.role_{role}")).to_owned(),
            body: body_view(resolved, id.get_ref()),
        })
        .collect()
}

fn results(resolved: &ResolvedManual, urls: &Urls, p: &Procedure) -> Vec<ResultView> {
    if p.results.is_empty() {
        let legacy = p.result.iter().map(|name| ResultView {
            name: name.clone(),
            validity: None,
            form: None,
            template: None,
            cases: Vec::new(),
        });
        return legacy.collect();
    }
    p.results
        .iter()
        .map(|r| ResultView {
            name: r.name.clone(),
            validity: r.validity.clone(),
            form: form_ref(resolved, urls, r.form.as_ref()),
            template: r.template.as_ref().map(|t| template_view(t.get_ref())),
            cases: r.cases.iter().map(|c| p.case_name(c.get_ref()).unwrap_or(c.get_ref()).to_owned()).collect(),
        })
        .collect()
}

fn template_view(t: &ExternalTemplate) -> TemplateView {
    TemplateView {
        number: t.number.as_ref().map(|n| n.get_ref().to_string()),
        annex: t.annex.clone(),
        name: t.name.clone(),
        url: t.url.as_ref().map(|u| u.get_ref().clone()),
        text: t.text(),
    }
}

fn fee_view(fee: &Fee, ui: &Strings) -> FeeView {
    let kind = fee.kind.as_ref().map(|k| *k.get_ref());
    let (amount_text, text) = fee_texts(fee, ui);
    FeeView {
        kind,
        kind_name: kind.map(|k| ui.get(&format!("fee.kind-{}", kind_key(k))).to_owned()),
        amount: fee.amount.as_ref().map(|a| a.get_ref().0),
        range: fee.range.as_ref().map(|r| r.get_ref().map(|m| m.0)),
        percent: fee.percent.as_ref().map(|p| *p.get_ref()),
        of: fee.of.clone(),
        per: fee.per.clone(),
        exempt: fee.exempt.clone(),
        basis: fee.basis.as_ref().map(|b| b.get_ref().to_string()),
        note: fee.note.clone(),
        amount_text,
        text,
    }
}

fn kind_key(kind: FeeKind) -> &'static str {
    match kind {
        FeeKind::Fee => "fee",
        FeeKind::Charge => "charge",
    }
}

/// The amount in the interface's language ("8.000 đồng/bản sao", "Miễn lệ phí") and the whole
/// line ("Lệ phí: 8.000 đồng").
fn fee_texts(fee: &Fee, ui: &Strings) -> (String, String) {
    let kind = fee.kind.as_ref().map(|k| kind_key(*k.get_ref()));
    let per = fee.per.as_ref().map(|p| format!("/{p}")).unwrap_or_default();
    if fee.is_free() {
        let text = match kind {
            Some(kind) => ui.get(&format!("fee.exempt-{kind}")).to_owned(),
            None => ui.get("fee.none").to_owned(),
        };
        return (text.clone(), text);
    }
    let amount = if let Some(amount) = &fee.amount {
        format!("{}{per}", ui.fill("fee.amount", &[("amount", &amount.get_ref().amount())]))
    } else if let Some(range) = &fee.range {
        let [low, high] = range.get_ref();
        format!("{}{per}", ui.fill("fee.range", &[("low", &low.amount()), ("high", &high.amount())]))
    } else {
        fee.amount_text()
    };
    let text = match kind {
        Some(kind) => ui.fill("fee.line", &[("kind", ui.get(&format!("fee.kind-{kind}"))), ("amount", &amount)]),
        None => amount.clone(),
    };
    (amount, text)
}

/// The fees of `method`, one line per case, or one line when every case pays the same; a fee
/// every case pays alike on a line of its own.
fn fee_lines(p: &Procedure, method: &Method, ui: &Strings) -> Vec<FeeLineView> {
    let mut lines: Vec<FeeLineView> = p
        .cases_of(&method.cases)
        .into_iter()
        .map(|case| {
            let fees: Vec<FeeView> = p.fees_for(method, case).iter().map(|f| fee_view(f, ui)).collect();
            let text = if fees.is_empty() {
                ui.get("fee.not_stated").to_owned()
            } else {
                fees.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join("; ")
            };
            FeeLineView { case: case.map(|c| p.case_name(c).unwrap_or(c).to_owned()), fees, text }
        })
        .collect();
    if lines.windows(2).all(|w| w[0].text == w[1].text) {
        lines.truncate(1);
        if let Some(line) = lines.first_mut() {
            line.case = None;
        }
    }
    say_common_fees_once(&mut lines);
    lines
}

fn method_view(p: &Procedure, m: &Method, cases: &[String], ui: &Strings) -> MethodView {
    let limit = m.time_limit.get_ref();
    let mut time_limit_text = ui.time_limit(limit);
    if let Some(from) = &m.from {
        time_limit_text = format!("{time_limit_text} {from}");
    }
    let fees = fee_lines(p, m, ui);
    let fee_text = fees
        .iter()
        .map(|l| match &l.case {
            Some(case) => format!("{case}: {}", l.text),
            None => l.text.clone(),
        })
        .collect::<Vec<_>>()
        .join(". ");
    MethodView {
        kind: *m.kind.get_ref(),
        name: ui.named("method", m.kind.get_ref()).to_owned(),
        cases: cases.to_vec(),
        time_limit: limit.clone(),
        time_limit_text,
        cutoff: m.cutoff.as_ref().map(|c| c.get_ref().0),
        cutoff_text: m
            .cutoff
            .as_ref()
            .map(|c| format!("Nhận hồ sơ sau {} giờ thì trả kết quả trong ngày làm việc tiếp theo", c.get_ref().0)),
        extra: m
            .extra
            .iter()
            .map(|e| ExtraTimeView {
                time: *e.time.get_ref(),
                when: e.when.clone(),
                text: ui.fill("procedure.extra", &[("when", &e.when), ("time", &ui.duration(e.time.get_ref()))]),
            })
            .collect(),
        not_counted: m
            .not_counted
            .iter()
            .map(|x| ExcludedView {
                what: x.what.clone(),
                time: x.time.as_ref().map(|t| *t.get_ref()),
                text: match &x.time {
                    Some(t) => ui.fill(
                        "procedure.not_counted_period",
                        &[("what", &x.what), ("time", &ui.duration(t.get_ref()))],
                    ),
                    None => ui.fill("procedure.not_counted_what", &[("what", &x.what)]),
                },
            })
            .collect(),
        fees,
        fee_text,
        note: m.note.clone(),
    }
}
