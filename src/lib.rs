//! sotay turns an agency's ISO 9001 quality manual, written as Markdown procedures, forms and
//! policies with TOML front matter, into a public website with change control and legal basis.
//!
//! The build is a pipeline of plain stages, each a module: [`load`] reads files, [`parse`] turns
//! them into typed documents, [`resolve`] links and validates them, [`render`] produces the site
//! in memory and [`write`] puts it on disk atomically. [`pipeline`] runs them in order.
//!
//! A stage imports earlier stages, the [`model`], [`diagnostic`] and small leaf modules
//! ([`digest`], [`theme`], [`toml_error`], [`read`], [`vietnamese`]), never a later one
//! (`tests/architecture.rs` checks it). The library returns values; [`cli`], which the binary
//! runs, parses arguments and prints them (only [`serve`] also prints: its log of rebuilds).

#[macro_use]
mod macros;

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod digest;
pub mod error;
pub mod fs;
pub mod history;
pub mod i18n;
pub mod import;
pub mod lang;
pub mod load;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod portal;
pub mod read;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod scaffold_legal;
pub mod serve;
pub mod theme;
pub mod timings;
pub mod toml_error;
pub mod vietnamese;
pub mod write;

#[cfg(test)]
mod test_example;
