//! One fingerprint of everything a build reads — every source file's text, every published
//! file's size and modification time, the git history's state (HEAD and tags), the build's
//! options and the sotay binary itself — so `sotay build` can tell that nothing changed since
//! the build that wrote the output folder, and leave it as it is without rendering anything.

use sha2::{Digest, Sha256};

use crate::load::{AssetFile, SourceFile, Sources};
use crate::pipeline::BuildOptions;

/// The hex SHA-256 of the build's inputs; equal fingerprints give byte-identical output.
pub fn fingerprint(sources: &Sources, options: &BuildOptions) -> String {
    let mut hash = Sha256::new();
    let mut field = |name: &str, bytes: &[u8]| {
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    // The built-in theme and every rule live in the binary: another binary, another build.
    field("binary", binary().as_bytes());
    field("audience", format!("{:?}", options.audience).as_bytes());
    field("date", options.date.to_string().as_bytes());
    field("base_url", options.base_url.as_deref().unwrap_or("").as_bytes());
    field("history", crate::history::state(&options.root).unwrap_or_default().as_bytes());
    for file in sources.text_files() {
        text(&mut field, file);
    }
    for (group, files) in [
        ("attachment", &sources.attachments),
        ("static", &sources.static_files),
        ("theme-static", &sources.theme_static),
    ] {
        for file in files {
            asset(&mut field, group, file);
        }
    }
    crate::render::manifest::hex(&hash.finalize())
}

/// The running binary, by version, size and modification time: another build of sotay may
/// render the same sources differently.
pub fn binary() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        let stamp = exe.map(|m| stamp(m.len(), m.modified().ok())).unwrap_or_default();
        format!("{} {stamp}\n", env!("CARGO_PKG_VERSION"))
    })
}

fn text(field: &mut impl FnMut(&str, &[u8]), file: &SourceFile) {
    field("path", file.path.as_os_str().as_encoded_bytes());
    field("text", file.text.as_bytes());
    field("raw", file.raw_sha256.as_deref().unwrap_or("").as_bytes());
}

/// A published-as-is file by size and modification time, as make does: reading every form's
/// attachment to hash it would cost more than the check saves.
fn asset(field: &mut impl FnMut(&str, &[u8]), group: &str, file: &AssetFile) {
    field(group, file.path.as_os_str().as_encoded_bytes());
    let modified = std::fs::metadata(&file.disk).ok().map(|m| stamp(m.len(), m.modified().ok()));
    field("stamp", modified.unwrap_or_default().as_bytes());
}

fn stamp(len: u64, modified: Option<std::time::SystemTime>) -> String {
    let nanos = modified.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    format!("{len}:{nanos}")
}
