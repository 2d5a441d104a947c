//! Province portals: a folder whose sotay.toml has a `[portal]` table listing several agencies'
//! manuals builds one site — an agency directory with the figures a province reports, each
//! agency's manual under `/<slug>/` (built by the ordinary pipeline at that address, not a fork
//! of it), one search across all agencies and one feed of their changes (docs/portal.md).
//!
//! The stages stay those of a manual: the portal's configuration is loaded and checked
//! (`config`), each agency runs load → parse → resolve → render in parallel or, when its
//! sources' digests (the dependency index's source inputs) are those the previous output was
//! built from, is reused from that output after the load (`agency`, `manifest`),
//! the portal's pages are rendered from what the agencies publish (`summary`, `directory`,
//! `search`, `feed`, `pages`), and the whole is written by `write::write_site` (`build`).
//! An agency may also be given as its published site, on disk or over HTTP(S): then nothing of
//! it is built; its manifest and the JSON the portal shows are read and verified (`published`,
//! `verify`, `http`) and its pages stay at its own address.

pub mod agency;
pub mod build;
pub mod config;
pub mod directory;
pub mod feed;
pub mod http;
pub mod manifest;
pub mod nested;
pub mod pages;
pub mod published;
pub mod search;
pub mod summary;
pub mod verify;

pub use agency::State;
pub use build::{build, run, AgencyReport, PortalOptions, PortalOutcome};
pub use config::is_portal;
pub use http::HttpOptions;
