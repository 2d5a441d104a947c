//! `sotay serve`: a preview of the manual that rebuilds as files change and reloads open pages.
//! The HTTP side lives in [`server`]; it only ever shows a [`crate::render::Site`] held in
//! memory, so previewing never writes the output folder.

pub mod server;
