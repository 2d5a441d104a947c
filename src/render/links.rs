//! Resolving the links a document's text makes — `[[CODE]]`, `[[CODE#buoc-3]]`, explicit
//! `[[116/2015/TT-BTC#khoản 6 Điều 4]]` and citations recognised in prose — to URLs of this
//! build. Targets not published in this build resolve to nothing, so their text stays plain.

use super::markdown::{LinkResolver, Resolved};
use super::Urls;
use crate::model::LegalNumber;
use crate::parse::citation::{self, Provision};
use crate::resolve::citations::legal_link_target;
use crate::resolve::ResolvedManual;

/// The links of document `from`.
pub struct Resolver<'a> {
    pub resolved: &'a ResolvedManual,
    pub urls: &'a Urls,
    pub from: usize,
}

impl LinkResolver for Resolver<'_> {
    fn resolve(&self, target: &str) -> Option<Resolved> {
        if let Some((number, anchor)) = legal_link_target(self.resolved, target) {
            let provision = anchor.as_deref().and_then(citation::parse_provision);
            let mut link = self.legal(&number, provision.as_ref())?;
            let entry = &self.resolved.manual.legal[*self.resolved.legal_by_key.get(&number.key())?];
            let prefix = provision.map(|p| format!("{} ", p.canonical())).unwrap_or_default();
            link.text = format!("{prefix}{} số {}", entry.doc.type_name(), entry.doc.number.get_ref());
            return Some(link);
        }
        let link = self.resolved.links.get(self.from)?.get(target)?;
        if !self.resolved.published[link.target] {
            return None;
        }
        let doc = &self.resolved.manual.documents[link.target];
        let mut url = self.urls.document(doc);
        if let Some(anchor) = &link.anchor {
            url.push('#');
            url.push_str(anchor);
        }
        let title = match doc.code() {
            Some(code) => format!("{code} {}", doc.title()),
            None => doc.title().to_owned(),
        };
        Some(Resolved { url, text: doc.title().to_owned(), title, lang: None })
    }

    fn legal(&self, number: &LegalNumber, provision: Option<&Provision>) -> Option<Resolved> {
        let &entry = self.resolved.legal_by_key.get(&number.key())?;
        let legal = &self.resolved.manual.legal[entry];
        let mut url = self.urls.legal(legal);
        if let Some(anchor) = provision.and_then(|p| p.anchor_among(&legal.doc.anchors())) {
            url.push('#');
            url.push_str(&anchor);
        }
        let title = format!("{} {} – {}", legal.doc.type_name(), legal.doc.number.get_ref(), legal.doc.summary);
        Some(Resolved { url, text: legal.doc.number.get_ref().to_string(), title, lang: None })
    }

    fn rebase(&self, url: &str) -> String {
        match url.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => self.urls.link(rest),
            _ => url.to_owned(),
        }
    }
}

/// The registry's links, owned, for the `cite` template filter: `{{ text | cite | safe }}` links
/// the legal citations of any field a template prints (a trích yếu, an amendment summary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CiteFilter {
    /// Number key → (page URL, tooltip, anchors of articles, clauses and points the page has).
    entries: std::collections::BTreeMap<String, (String, String, Vec<String>)>,
}

impl CiteFilter {
    pub fn new(resolved: &ResolvedManual, urls: &Urls) -> CiteFilter {
        let entries = resolved
            .manual
            .legal
            .iter()
            .map(|legal| {
                let doc = &legal.doc;
                let anchors = doc.anchors();
                let title = format!("{} {} – {}", doc.type_name(), doc.number.get_ref(), doc.summary);
                (doc.number.get_ref().key(), (urls.legal(legal), title, anchors))
            })
            .collect();
        CiteFilter { entries }
    }
}

impl LinkResolver for CiteFilter {
    fn resolve(&self, _target: &str) -> Option<Resolved> {
        None
    }

    fn legal(&self, number: &LegalNumber, provision: Option<&Provision>) -> Option<Resolved> {
        let (url, title, anchors) = self.entries.get(&number.key())?;
        let mut url = url.clone();
        if let Some(anchor) = provision.and_then(|p| p.anchor_among(anchors)) {
            url.push('#');
            url.push_str(&anchor);
        }
        Some(Resolved { url, text: number.to_string(), title: title.clone(), lang: None })
    }

    fn rebase(&self, url: &str) -> String {
        url.to_owned()
    }
}

impl tera::Filter for CiteFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        match value {
            tera::Value::Null => Ok(tera::Value::String(String::new())),
            tera::Value::String(text) => {
                let html = super::markdown::link_citations(text, self);
                Ok(tera::Value::String(html))
            }
            other => Err(tera::Error::msg(format!("cite expects text, got {other}"))),
        }
    }
}
