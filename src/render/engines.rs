//! The compiled templates a render uses: one engine for the site's language and one for each
//! language translations are published in, with the `cite` filter and each language's interface
//! strings. Compiling them, and cloning them per language, takes milliseconds `serve` would
//! spend on every rebuild: an [`EngineCache`] the caller owns keeps the last ones, and a render
//! takes them again when everything they are made of is the same.

use std::sync::{Arc, Mutex, PoisonError};

use super::{links, localise, templates, translation_views, Urls};
use crate::diagnostic::Diagnostic;
use crate::load::Sources;
use crate::resolve::ResolvedManual;

/// The engines of the last render and the templates compiled last, for the next render to take
/// again (`serve` holds one; `build` and `check` pass none).
#[derive(Default)]
pub struct EngineCache {
    engines: Mutex<Option<(Made, Arc<localise::Engines>)>>,
    templates: Mutex<templates::LastEngine>,
}

/// What the engines are made of: the templates, the `cite` filter's legal entries and links, and
/// the interface strings of each language, in order.
#[derive(PartialEq, Eq)]
struct Made {
    templates: u64,
    cite: links::CiteFilter,
    strings: Vec<(String, Arc<crate::i18n::Strings>)>,
}

/// The engines, from `cache` when it holds the same; or the templates' problems.
pub fn engines(
    resolved: &ResolvedManual,
    sources: &Sources,
    urls: &Urls,
    cache: Option<&EngineCache>,
) -> Result<Arc<localise::Engines>, Vec<Diagnostic>> {
    let cite = links::CiteFilter::new(resolved, urls);
    let mut languages = translation_views::languages(resolved);
    languages.push(resolved.manual.config.site.language.get_ref().clone());
    let catalog = &resolved.manual.catalog;
    let strings = languages.iter().map(|lang| (lang.clone(), catalog.or_reference(lang).clone())).collect();
    let made = Made { templates: templates::fingerprint(sources), cite: cite.clone(), strings };
    let Some(cache) = cache else {
        let mut tera = templates::engine(sources)?;
        tera.register_filter("cite", cite);
        return Ok(Arc::new(localise::Engines::new(&tera, catalog, languages.iter().map(String::as_str))));
    };
    if let Some((_, engines)) = lock(&cache.engines).as_ref().filter(|(last, _)| *last == made) {
        return Ok(engines.clone());
    }
    let mut tera = templates::engine_cached(sources, &mut lock(&cache.templates))?;
    tera.register_filter("cite", cite);
    let engines = Arc::new(localise::Engines::new(&tera, catalog, languages.iter().map(String::as_str)));
    *lock(&cache.engines) = Some((made, engines.clone()));
    Ok(engines)
}

/// A lock on part of the cache; a render that panicked holding it left whole values.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
