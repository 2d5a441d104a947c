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
/// meanwhile (Unix; on a busy machine the CPU time is the steadier figure) when dropped.
pub struct Span {
    name: &'static str,
    started: Option<(Instant, Option<u64>)>,
}

/// Starts timing the step `name`.
pub fn span(name: &'static str) -> Span {
    let started = enabled().then(|| {
        opened();
        (Instant::now(), cpu_ns())
    });
    Span { name, started }
}

/// Runs `step`, timed as `name`: a stage reads as one call per step, with no span to close.
pub fn timed<T>(name: &'static str, step: impl FnOnce() -> T) -> T {
    let _span = span(name);
    step()
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((started, cpu)) = self.started {
            let wall = started.elapsed().as_secs_f64() * 1000.0;
            let line = match (cpu, cpu_ns()) {
                (Some(before), Some(after)) => format!(
                    "timing {:<32} {wall:>9.1} ms  (cpu {:>9.1} ms, rss {:>6} MB)\n",
                    self.name,
                    after.saturating_sub(before) as f64 / 1e6,
                    resident_mb().unwrap_or(0)
                ),
                _ => format!("timing {:<32} {wall:>9.1} ms\n", self.name),
            };
            print_when_outermost(line);
        }
    }
}

thread_local! {
    /// Spans open on this thread, and the lines of those that ended inside the outermost one.
    static OPEN: std::cell::RefCell<(usize, String)> = const { std::cell::RefCell::new((0, String::new())) };
}

/// Counts a span opened on this thread.
fn opened() {
    OPEN.with(|open| open.borrow_mut().0 += 1);
}

/// Prints a span's line, with those of the spans inside it, when it is the outermost on its
/// thread: one write per stage instead of one per span (writing each to a pipe cost a serve
/// rebuild a few milliseconds).
fn print_when_outermost(line: String) {
    let lines = OPEN.with(|open| {
        let mut open = open.borrow_mut();
        open.0 = open.0.saturating_sub(1);
        open.1.push_str(&line);
        (open.0 == 0).then(|| std::mem::take(&mut open.1))
    });
    if let Some(lines) = lines {
        use std::io::Write;
        let _ = std::io::stderr().lock().write_all(lines.as_bytes());
    }
}

/// The process's resident memory now, from /proc/self/statm (pages of 4 KiB).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    Some(statm.split_whitespace().nth(1)?.parse::<u64>().ok()? * 4096 / 1_000_000)
}

/// CPU nanoseconds run so far by all the process's threads (those that ended too), from the
/// process's CPU clock: one call, where reading every thread's /proc/self/task/*/schedstat
/// twice per span cost a serve rebuild about 5 ms.
#[cfg(unix)]
fn cpu_ns() -> Option<u64> {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec for the call to fill in.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    (status == 0).then(|| now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64)
}

#[cfg(not(unix))]
fn cpu_ns() -> Option<u64> {
    None
}

/// Prints what `what` says, when timings are on.
pub fn note(what: impl FnOnce() -> String) {
    if enabled() {
        let line = format!("timing note: {}\n", what());
        let waiting = OPEN.with(|open| {
            let mut open = open.borrow_mut();
            let inside = open.0 > 0;
            if inside {
                open.1.push_str(&line);
            }
            inside
        });
        if !waiting {
            eprint!("{line}");
        }
    }
}
