//! Building the view of one document from the resolved manual.

mod applicant_steps;
mod common_fees;
mod method_groups;
mod procedure;
mod sections;

use super::views::*;
use super::Urls;
use crate::model::Status;
use crate::parse::Document;
use crate::resolve::ResolvedManual;

/// The full view of document `index` as `doc` has it (the current text, or an earlier
/// revision's), with its rendered body.
pub fn doc_view(resolved: &ResolvedManual, urls: &Urls, index: usize, doc: &Document, body_html: String) -> DocView {
    let meta = &doc.meta;
    let ui = resolved.manual.ui();
    let status = meta.status.as_ref().map(|s| *s.get_ref());
    let mut amendments: Vec<_> = resolved.amendments(index, doc).cloned().collect();
    amendments.sort_by(|a, b| b.revision.cmp(&a.revision).then(b.date.cmp(&a.date)));
    let updated = last_updated(resolved, index, doc, &amendments);
    let headings = sections::numbered_headings(&body_html);
    let procedure = meta
        .procedure
        .as_ref()
        .map(|p| procedure::view(resolved, urls, index, p.get_ref(), sections::standard_numbers(&headings)));
    let anchors: Vec<(String, String)> = procedure
        .iter()
        .flat_map(sections::standard_anchors)
        .chain(headings.into_iter().map(|h| (h.number, h.id)))
        .collect();
    let amendment_places = sections::amendment_places(&amendments, &anchors);
    let print_head = print_head(resolved, doc);
    let referenced_by = resolved.referenced_by[index]
        .iter()
        .filter(|&&i| resolved.published[i])
        .map(|&i| doc_ref(resolved, urls, i))
        .collect();
    DocView {
        reference: doc_ref(resolved, urls, index),
        slug: doc.slug.clone(),
        controlled: doc.kind.is_controlled(),
        summary: meta.summary.clone(),
        revision: meta.revision.as_ref().map(|r| *r.get_ref()),
        issued: meta.issued.as_ref().map(|d| *d.get_ref()),
        effective: meta.effective.as_ref().map(|d| *d.get_ref()),
        status,
        status_name: status.map(|s| ui.named("status", &s).to_owned()),
        audience: meta.audience,
        preview: status == Some(Status::Draft) || meta.audience == crate::model::Audience::Internal,
        owner: meta.owner.as_ref().map(|o| unit_view(resolved, o.get_ref())),
        prepared: meta.prepared.clone(),
        reviewed: meta.reviewed.clone(),
        approved: meta.approved.clone(),
        amendments,
        amendment_places,
        print_head,
        iso_clauses: meta.iso_clauses.clone(),
        legal_basis: legal_basis(resolved, urls, doc),
        next_review: meta.next_review,
        updated,
        body_html,
        referenced_by,
        citations: citations_of(resolved, urls, index),
        review_needed: match resolved.options.audience {
            crate::model::Audience::Internal => resolved.review_needed.get(&index).cloned().unwrap_or_default(),
            crate::model::Audience::Public => Vec::new(),
        },
        procedure,
        form: meta.form.as_ref().map(|_| form_view(resolved, urls, index)),
        objectives: meta.objectives.as_ref().map(|o| objectives_view(resolved, o.get_ref())),
        scope: meta.scope.as_ref().map(|s| ScopeView {
            statement: s.get_ref().statement.clone(),
            exclusions: s.get_ref().exclusions.clone(),
        }),
        announcement: meta.announcement.as_ref().map(|a| a.get_ref().clone()),
        json_url: urls.link(&urls.json_path(doc)),
        history_url: resolved.has_history_page(index).then(|| urls.link(&urls.history_path(doc))),
        revisions: if doc.kind.is_controlled() {
            super::versions::revision_links(resolved, urls, index)
        } else {
            Vec::new()
        },
        upcoming: super::versions::upcoming(resolved, urls, index, doc),
        editions: super::versions::edition_links(
            resolved,
            urls,
            index,
            doc.meta.revision.as_ref().map_or(0, |r| *r.get_ref()),
            None,
        ),
        translations: super::translation_views::translation_links(resolved, urls, index),
    }
}

/// The last change readers can see: an issue or amendment date, or the last commit of the file,
/// up to the build date.
fn last_updated(
    resolved: &ResolvedManual,
    index: usize,
    doc: &Document,
    amendments: &[crate::model::document::Amendment],
) -> Option<crate::model::Date> {
    let meta = &doc.meta;
    let last_commit = resolved
        .history
        .documents
        .get(index)
        .and_then(|h| h.commits.last())
        .and_then(|&c| resolved.history.commits.get(c))
        .map(|c| c.date);
    [meta.issued.as_ref().map(|d| *d.get_ref()), meta.effective.as_ref().map(|d| *d.get_ref())]
        .into_iter()
        .flatten()
        .chain(amendments.iter().map(|a| a.date))
        .chain(last_commit)
        .filter(|day| *day <= resolved.options.date)
        .max()
}

/// What every printed page of a controlled document carries at its top (a CSS string).
fn print_head(resolved: &ResolvedManual, doc: &Document) -> Option<String> {
    let meta = &doc.meta;
    doc.kind.is_controlled().then(|| {
        let field = |value: Option<String>| value.unwrap_or_else(|| "—".to_owned());
        sections::css_string(&resolved.manual.ui().fill(
            "print.head",
            &[
                ("code", &field(meta.code.as_ref().map(|c| c.get_ref().to_string()))),
                ("revision", &field(meta.revision.as_ref().map(|r| r.get_ref().to_string()))),
                ("effective", &field(meta.effective.as_ref().map(|d| d.get_ref().vietnamese()))),
            ],
        ))
    })
}

fn objectives_view(resolved: &ResolvedManual, o: &crate::model::document::Objectives) -> ObjectivesView {
    ObjectivesView {
        year: *o.year.get_ref(),
        items: o
            .items
            .iter()
            .map(|item| ObjectiveItemView {
                objective: item.objective.clone(),
                target: item.target.clone(),
                owner: item.owner.as_ref().map(|u| unit_view(resolved, u.get_ref())),
                deadline: item.deadline,
                result: item.result.clone(),
            })
            .collect(),
    }
}

fn legal_basis(resolved: &ResolvedManual, urls: &Urls, doc: &Document) -> Vec<LegalBasisView> {
    doc.meta
        .legal_basis
        .iter()
        .map(|basis| {
            let number = basis.number.get_ref();
            let entry = resolved.legal_by_key.get(&number.key()).map(|&i| &resolved.manual.legal[i]);
            LegalBasisView {
                number: entry.map_or_else(|| number.to_string(), |e| e.doc.number.get_ref().to_string()),
                provision: basis.provision.clone(),
                url: entry.map(|e| urls.legal(e)),
                type_name: entry.map(|e| e.doc.type_name()),
                summary: entry.map(|e| e.doc.summary.clone()),
                issuer: entry.map(|e| e.doc.issuer.clone()),
                signed: entry.map(|e| e.doc.signed),
                status: entry.map(|e| e.doc.status),
                status_name: entry.map(|e| resolved.manual.ui().named("legal_status", &e.doc.status).to_owned()),
                verified: entry.is_some_and(|e| e.doc.verified.is_some()),
            }
        })
        .collect()
}

/// The citations a document makes, one per legal document, place and provision.
fn citations_of(resolved: &ResolvedManual, urls: &Urls, index: usize) -> Vec<CitationView> {
    let mut views = Vec::new();
    // Per document, not by scanning every entry's sites: that was quadratic in the manual's size.
    for (entry, site) in resolved.finds.sites_of(index) {
        let legal = &resolved.manual.legal[entry];
        {
            let mut url = urls.legal(legal);
            if let Some(anchor) = &site.anchor {
                url.push('#');
                url.push_str(anchor);
            }
            views.push(CitationView {
                number: legal.doc.number.get_ref().to_string(),
                provision: site.provision.clone(),
                url,
                place_name: site.place.name(resolved.manual.ui()),
                place: site.place.clone(),
            });
        }
    }
    views.sort_by(|a, b| (&a.number, &a.provision, &a.place).cmp(&(&b.number, &b.provision, &b.place)));
    views
}

/// A form reference by code, when the form is published in this build.
fn form_ref(resolved: &ResolvedManual, urls: &Urls, code: Option<&toml::Spanned<String>>) -> Option<DocRef> {
    let code = code?;
    let &target = resolved.by_code.get(&crate::model::code::code_key(code.get_ref()))?;
    resolved.published[target].then(|| doc_ref(resolved, urls, target))
}

/// The published forms a procedure names (dossier, steps, records), each once, with their files.
pub(super) fn downloads(
    resolved: &ResolvedManual,
    urls: &Urls,
    p: &crate::model::procedure::Procedure,
) -> Vec<FormDownload> {
    let named = p
        .dossier
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| item.form.as_ref())
        .chain(p.steps.iter().filter_map(|s| s.form.as_ref()))
        .chain(p.records.iter().filter_map(|r| r.form.as_ref()));
    let applicant: Vec<usize> = p
        .dossier
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| item.form.as_ref())
        .filter_map(|code| resolved.by_code.get(&crate::model::code::code_key(code.get_ref())).copied())
        .collect();
    let mut seen = Vec::new();
    let mut downloads = Vec::new();
    for code in named {
        let Some(&target) = resolved.by_code.get(&crate::model::code::code_key(code.get_ref())) else { continue };
        if !resolved.published[target]
            || resolved.manual.documents[target].kind != crate::model::Kind::Form
            || seen.contains(&target)
        {
            continue;
        }
        seen.push(target);
        downloads.push(FormDownload {
            form: doc_ref(resolved, urls, target),
            files: form_files(resolved, urls, target),
            applicant: applicant.contains(&target),
        });
    }
    downloads
}

/// The published files of form `index`.
pub(super) fn form_files(resolved: &ResolvedManual, urls: &Urls, index: usize) -> Vec<FileView> {
    let doc = &resolved.manual.documents[index];
    resolved
        .attachments
        .get(&index)
        .map(|files| {
            files
                .iter()
                .map(|a| FileView {
                    name: a.name.clone(),
                    url: urls.attachment(doc, &a.name),
                    size: a.asset.size,
                    size_text: size_text(a.asset.size),
                    format: a.format(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn form_view(resolved: &ResolvedManual, urls: &Urls, index: usize) -> FormView {
    let files = form_files(resolved, urls, index);
    let mut used_by: Vec<FormUseView> = Vec::new();
    for usage in resolved.form_uses.get(&index).into_iter().flatten() {
        if !resolved.published[usage.document] {
            continue;
        }
        let user = &resolved.manual.documents[usage.document];
        if used_by.last().is_none_or(|u| u.document.url != urls.document(user)) {
            used_by.push(FormUseView { document: doc_ref(resolved, urls, usage.document), steps: Vec::new() });
        }
        if let (Some(step), Some(last)) = (usage.step, used_by.last_mut()) {
            last.steps.push(StepRef { number: step, url: format!("{}#buoc-{step}", urls.document(user)) });
        }
    }
    FormView { files, used_by }
}
