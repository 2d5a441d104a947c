//! Where a build spends its time, printed on stderr when `SOTAY_TIMINGS` is set: a span per
//! stage and per costly step inside one, so a slow manual can be looked at without a profiler
//! (docs/performance.md uses these figures). Spans cost one flag check when timings are off.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("SOTAY_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// A timed step; prints its name, wall time and the CPU time all the process's threads spent
/// meanwhile (Linux; on a busy machine the CPU time is the steadier figure) when dropped.
pub struct Span {
    name: &'static str,
    started: Option<(Instant, Option<u64>)>,
}

/// Starts timing the step `name`.
pub fn span(name: &'static str) -> Span {
    Span { name, started: enabled().then(|| (Instant::now(), cpu_ns())) }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((started, cpu)) = self.started {
            let wall = started.elapsed().as_secs_f64() * 1000.0;
            match (cpu, cpu_ns()) {
                (Some(before), Some(after)) => eprintln!(
                    "timing {:<32} {wall:>9.1} ms  (cpu {:>9.1} ms, rss {:>6} MB)",
                    self.name,
                    after.saturating_sub(before) as f64 / 1e6,
                    resident_mb().unwrap_or(0)
                ),
                _ => eprintln!("timing {:<32} {wall:>9.1} ms", self.name),
            }
        }
    }
}

/// The process's resident memory now, from /proc/self/statm (pages of 4 KiB).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    Some(statm.split_whitespace().nth(1)?.parse::<u64>().ok()? * 4096 / 1_000_000)
}

/// CPU nanoseconds run so far by all the process's threads, from /proc/self/task/*/schedstat.
fn cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// Prints what `what` says, when timings are on.
pub fn note(what: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("timing note: {}", what());
    }
}
