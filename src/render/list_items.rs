//! What list pages show of each document: a summary rather than the whole view, so that a list
//! of thousands of procedures stays cheap to build and render.

use serde::Serialize;

use super::views::{DocRef, DocView, FileView, MethodView};
use crate::model::Date;

/// What a list page shows of each document: a summary, not the whole view, so a list of
/// thousands of procedures stays cheap to render.
#[derive(Clone, Debug, Serialize)]
pub struct ListItem<'a> {
    #[serde(flatten)]
    reference: &'a DocRef,
    preview: bool,
    summary: &'a Option<String>,
    revision: Option<u32>,
    effective: Option<Date>,
    procedure: Option<ListProcedure<'a>>,
    form: Option<ListForm<'a>>,
}

#[derive(Clone, Debug, Serialize)]
struct ListProcedure<'a> {
    tthc_code: &'a Option<String>,
    level_name: Option<&'a str>,
    field: &'a Option<String>,
    methods: &'a [MethodView],
}

#[derive(Clone, Debug, Serialize)]
struct ListForm<'a> {
    files: &'a [FileView],
}

impl<'a> ListItem<'a> {
    pub fn of(view: &'a DocView) -> ListItem<'a> {
        ListItem {
            reference: &view.reference,
            preview: view.preview,
            summary: &view.summary,
            revision: view.revision,
            effective: view.effective,
            procedure: view.procedure.as_ref().map(|p| ListProcedure {
                tthc_code: &p.tthc_code,
                level_name: p.level_name.as_deref(),
                field: &p.field,
                methods: &p.methods,
            }),
            form: view.form.as_ref().map(|f| ListForm { files: &f.files }),
        }
    }
}
