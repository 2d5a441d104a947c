//! Page fingerprints for rebuilds: a hash of a page's template and context, so a rebuild can keep
//! a page whose inputs did not change instead of rendering it again.

use tera::Context;

/// A rendered page, and the fingerprint of what it was rendered from when asked for.
pub struct RenderedPage {
    pub path: String,
    pub output: super::Output,
    pub fingerprint: Option<u64>,
}

/// Which pages to render, whether pages are fingerprinted (template and context), and the
/// fingerprints and pages of a previous render: a page whose fingerprint is unchanged is taken
/// from it instead of rendered.
pub struct Memo<'a> {
    /// Which documents' and legal entries' pages are rendered at all.
    pub scope: &'a super::Selection<'a>,
    pub fingerprints: bool,
    pub previous: Option<(&'a super::Fingerprints, &'a super::Site)>,
    /// Where each rendered page goes.
    pub sink: super::Sink<'a>,
}

/// A hash of everything a page is rendered from: the same template and context give the same
/// page, since templates are pure functions of their context.
pub fn fingerprint(template: &str, context: &Context) -> Option<u64> {
    use std::hash::Hasher;
    struct Feed(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for Feed {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut feed = Feed(std::collections::hash_map::DefaultHasher::new());
    feed.0.write(template.as_bytes());
    // A context that cannot be written has no fingerprint, so its page is always rendered.
    serde_json::to_writer(&mut feed, &context.clone().into_json()).ok()?;
    Some(feed.0.finish())
}
