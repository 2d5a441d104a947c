//! Which site-wide outputs a rebuild renders again. Each list, the home page, the change page and
//! feed, the JSON index, the editions, the legal index and each language's index of translations
//! shows only part of each document (a
//! projection of its view: a list shows its summary, the change page its amendment rows). A
//! rebuild renders one again only when that part of a stale document differs between the
//! previous views and the new ones; otherwise the previous bytes stay.

use std::collections::BTreeSet;

use serde::Serialize;

use super::list_items::ListItem;
use super::pages::DocViews;
use super::views::DocView;
use super::Reuse;
use crate::model::Kind;

/// The site-wide outputs to render again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteWide {
    /// The kinds whose list page changes.
    pub lists: BTreeSet<Kind>,
    pub home: bool,
    /// The change page and the Atom feed.
    pub changes: bool,
    /// `api/index.json`.
    pub api_index: bool,
    /// Everything under `an-ban/` and `api/an-ban.json`.
    pub editions: bool,
    pub legal_index: bool,
    /// `tim-kiem/index.js`.
    pub search: bool,
    /// Pages that depend on no document (404, the search page).
    pub fixed: bool,
    /// Each language's index of translations (`en/index.html`).
    pub translations: bool,
    /// The oversight pages (`quan-ly/`) and `api/tthc-coverage.json`.
    pub oversight: bool,
}

impl SiteWide {
    /// Everything, as a full build renders.
    pub fn all() -> SiteWide {
        SiteWide {
            lists: Kind::ALL.into_iter().collect(),
            home: true,
            changes: true,
            api_index: true,
            editions: true,
            legal_index: true,
            search: true,
            fixed: true,
            translations: true,
            oversight: true,
        }
    }

    /// What the stale documents of `reuse` change, comparing their previous and new views.
    pub fn after(reuse: &Reuse, new: &DocViews, kind_of: &dyn Fn(usize) -> Kind) -> SiteWide {
        let mut wide = SiteWide {
            lists: BTreeSet::new(),
            home: false,
            changes: false,
            api_index: false,
            editions: false,
            legal_index: !reuse.stale_legal.is_empty(),
            search: false,
            fixed: false,
            translations: false,
            oversight: false,
        };
        if reuse.reordered {
            wide.lists = Kind::ALL.into_iter().collect();
            // The languages' indexes of translations list documents in list order too.
            wide.translations = true;
        }
        for &index in reuse.stale {
            let (old, now) = (reuse.views.get(index), new.get(index));
            let kind = kind_of(index);
            let differs = |part: fn(&DocView) -> String| old.map(part) != now.map(part);
            if differs(list_part) {
                wide.lists.insert(kind);
            }
            let home_kind = matches!(kind, Kind::Policy | Kind::Objective | Kind::Announcement | Kind::Manual);
            if differs(changes_part) || (home_kind && differs(whole)) || old.is_none() != now.is_none() {
                wide.home = true;
            }
            wide.changes |= differs(changes_part);
            wide.api_index |= differs(index_part);
            wide.editions |= differs(editions_part);
            wide.search |= differs(super::search::projection);
            wide.translations |= differs(translations_part);
            wide.oversight |= differs(oversight_part);
        }
        wide
    }

    /// Whether the previous site's file at `path`, a site-wide output, is kept as it was.
    pub fn keeps(&self, path: &str) -> bool {
        let section = path.strip_suffix("/index.html").filter(|s| !s.contains('/'));
        let list = section.and_then(|s| Kind::ALL.into_iter().find(|k| k.section() == s));
        match path {
            "index.html" => !self.home,
            "404.html" | "tim-kiem/index.html" => !self.fixed,
            _ if super::search::is_index_file(path) => !self.search,
            "thay-doi/index.html" | "thay-doi/atom.xml" => !self.changes,
            "api/index.json" => !self.api_index,
            "api/an-ban.json" => !self.editions,
            "van-ban/index.html" => !self.legal_index,
            _ if path.starts_with("an-ban/") => !self.editions,
            _ if path.starts_with("quan-ly/") || path == "api/tthc-coverage.json" => !self.oversight,
            _ => match list {
                Some(kind) => !self.lists.contains(&kind),
                None => is_language_index(path) && !self.translations,
            },
        }
    }
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn list_part(view: &DocView) -> String {
    json(&ListItem::of(view))
}

/// What the oversight pages show of a document: everything but its rendered body.
fn oversight_part(view: &DocView) -> String {
    let mut value = serde_json::to_value(view).unwrap_or_default();
    if let Some(fields) = value.as_object_mut() {
        fields.remove("body_html");
    }
    value.to_string()
}

fn whole(view: &DocView) -> String {
    json(view)
}

fn changes_part(view: &DocView) -> String {
    json(&(&view.reference, &view.amendments, &view.revisions, &view.upcoming))
}

fn index_part(view: &DocView) -> String {
    let tthc = view.procedure.as_ref().map(|p| &p.tthc_code);
    json(&(
        &view.translations,
        &view.reference,
        &view.json_url,
        view.revision,
        view.status,
        view.issued,
        view.effective,
        view.updated,
        &view.summary,
        tthc,
    ))
}

/// `en/index.html`: a language's index of translations.
fn is_language_index(path: &str) -> bool {
    path.strip_suffix("/index.html").is_some_and(crate::i18n::is_language_tag)
}

fn translations_part(view: &DocView) -> String {
    json(&(&view.reference, &view.translations))
}

fn editions_part(view: &DocView) -> String {
    json(&(&view.reference, &view.revisions, &view.editions))
}
