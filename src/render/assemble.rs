//! Putting a render's files together into a [`Site`]: the files it made, each under the key that
//! owns it, and, from the previous site, the files of every key it did not render (a rebuild
//! keeps them as they were). A key rendered again loses all its previous files first, so a file
//! it no longer makes (a redline gone, a translation moved) goes with it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::pages::RenderedPage;
use super::{Output, Owned, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Sources;
use crate::resolve::deps::{DepIndex, OutputKey, Outputs, Wide};

/// An output's key, path and content.
pub type File = (OutputKey, String, Output);

/// The files a render made: pages rendered from templates, and other files.
#[derive(Default)]
pub struct Made {
    pub pages: Vec<File>,
    pub files: Vec<File>,
}

impl Made {
    /// The pages rendered; their problems go to `diagnostics`.
    pub fn of_pages(rendered: Vec<Result<RenderedPage, Diagnostic>>, diagnostics: &mut Diagnostics) -> Made {
        let mut pages = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok(page) => pages.push((page.key, page.path, page.output)),
                Err(problem) => diagnostics.push(problem),
            }
        }
        Made { pages, files: Vec::new() }
    }
}

/// The site: `made`, and the files of `previous` whose keys `only` does not name.
pub fn site(previous: Option<&Site>, only: &Outputs, deps: &DepIndex, made: Made) -> Site {
    let mut site = match previous {
        Some(previous) => without(previous, only, deps),
        None => Site::default(),
    };
    let mut owned: BTreeMap<OutputKey, Owned> = BTreeMap::new();
    let files = made.pages.into_iter().map(|f| (f, true)).chain(made.files.into_iter().map(|f| (f, false)));
    for ((key, path, output), page) in files {
        let owner = owned.entry(key).or_default();
        owner.paths.push(path.clone());
        owner.pages += usize::from(page);
        site.files.insert(path, output);
    }
    for (key, owner) in owned {
        own(&mut site, key, owner);
    }
    site
}

/// `previous` without the files of the keys `only` names (copied in constant time, then those
/// taken out).
fn without(previous: &Site, only: &Outputs, deps: &DepIndex) -> Site {
    let mut site = previous.clone();
    for key in only.keys(deps) {
        if let Some(owner) = site.owners.remove(&key) {
            owner.paths.iter().for_each(|path| drop(site.files.remove(path)));
            site.pages -= owner.pages;
        }
    }
    site
}

/// Records that `key` owns `owner`'s files too.
pub fn own(site: &mut Site, key: OutputKey, mut owner: Owned) {
    site.pages += owner.pages;
    if let Some(before) = site.owners.get(&key) {
        owner.paths.extend(before.paths.iter().cloned());
        owner.pages += before.pages;
    }
    owner.paths.sort_unstable();
    owner.paths.dedup();
    site.owners.insert(key, Arc::new(owner));
}

/// Adds one file, owned by `key`.
pub fn put(site: &mut Site, key: OutputKey, path: String, output: Output, page: bool) {
    site.files.insert(path.clone(), output);
    own(site, key, Owned { paths: vec![path], pages: usize::from(page) });
}

/// The manual's static files, copied as they are, where no generated file is; a static file
/// where one is is reported.
pub fn static_files(site: &mut Site, sources: &Sources, only: &Outputs, diagnostics: &mut Diagnostics) {
    if !only.wide(&Wide::Remade) {
        return;
    }
    let mut owner = Owned::default();
    for file in &sources.static_files {
        let path = crate::diagnostic::display_path(&file.path);
        match site.files.entry(path) {
            imbl::ordmap::Entry::Occupied(taken) => diagnostics.push(super::static_collision(file, taken.key())),
            imbl::ordmap::Entry::Vacant(slot) => {
                owner.paths.push(slot.key().clone());
                slot.insert(Output::Copy(file.disk.clone()));
            }
        }
    }
    own(site, OutputKey::SiteWide(Wide::Remade), owner);
}
