//! Where a build spends its time, printed on stderr when `SOTAY_TIMINGS` is set: a span per
//! stage and per costly step inside one, so a slow manual can be looked at without a profiler
//! (docs/performance.md uses these figures). Spans cost one flag check when timings are off.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("SOTAY_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// A timed step; prints its name and duration when dropped.
pub struct Span {
    name: &'static str,
    started: Option<Instant>,
}

/// Starts timing the step `name`.
pub fn span(name: &'static str) -> Span {
    Span { name, started: enabled().then(Instant::now) }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(started) = self.started {
            eprintln!("timing {:<32} {:>9.1} ms", self.name, started.elapsed().as_secs_f64() * 1000.0);
        }
    }
}
