//! `.sotay-portal.json` in the portal's output: per agency, the digests of the sources its pages
//! were built from (`resolve::deps_inputs`), whether that build was clean and its build date. The
//! next build reads it from the output it is about to replace to decide which agencies' pages it
//! can take as they are.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::Date;

/// The manifest's site path (at the root of the portal's output).
pub const PATH: &str = ".sotay-portal.json";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub agencies: Vec<Built>,
}

/// The agency pages an output holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Built {
    pub slug: String,
    /// The summary of its sources' digests (`SourceDigests::summary`): with the binary, the
    /// build's audience, date and address, every file read and where the git history stands.
    pub fingerprint: String,
    /// Built without errors or warnings: only such pages are reused, so a reused agency never
    /// hides a warning.
    pub clean: bool,
    /// The build date those pages were built for.
    pub date: Date,
}

impl Manifest {
    pub fn get(&self, slug: &str) -> Option<&Built> {
        self.agencies.iter().find(|b| b.slug == slug)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).expect("the manifest serialises");
        text.push('\n');
        text.into_bytes()
    }
}

/// The manifest of the previous portal build in `out`, when `out` is sotay's output and holds
/// one that reads; anything else means nothing is reused.
pub fn previous(out: &Path) -> Manifest {
    if !out.join(crate::write::MARKER).is_file() {
        return Manifest::default();
    }
    std::fs::read(out.join(PATH))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .filter(|m| m.version == 1)
        .unwrap_or_default()
}
