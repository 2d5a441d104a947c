//! One fingerprint of everything a build reads — every source file's text, every published
//! file's size and modification time, the git history's state (HEAD and tags), the build's
//! options and the sotay binary itself — so `sotay build` can tell that nothing changed since
//! the build that wrote the output folder, and leave it as it is without rendering anything.

use sha2::{Digest, Sha256};

use crate::load::{AssetFile, SourceFile, Sources};
use crate::model::{Audience, Date};

/// The hex SHA-256 of the build's inputs: the sources, the build's audience, date and base URL
/// override, and the git history's state (`history::state`, empty without git); equal
/// fingerprints give byte-identical output.
pub fn fingerprint(sources: &Sources, audience: Audience, date: Date, base_url: Option<&str>, history: &str) -> String {
    let mut hash = Sha256::new();
    let mut field = |name: &str, bytes: &[u8]| {
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    // The built-in theme and every rule live in the binary: another binary, another build.
    field("binary", crate::digest::binary().as_bytes());
    field("audience", format!("{audience:?}").as_bytes());
    field("date", date.to_string().as_bytes());
    field("base_url", base_url.unwrap_or("").as_bytes());
    field("history", history.as_bytes());
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
    crate::digest::hex(&hash.finalize())
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
    let modified = std::fs::metadata(&file.disk).ok().map(|m| crate::digest::stamp(m.len(), m.modified().ok()));
    field("stamp", modified.unwrap_or_default().as_bytes());
}
