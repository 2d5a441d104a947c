//! `sotay serve`: a preview of the manual that rebuilds as files change and reloads open pages.
//! The HTTP side lives in [`server`]; it only ever shows a [`crate::render::Site`] held in
//! memory, so previewing never writes the output folder. [`watch`] turns editors' saves into
//! batches of changed paths and [`rebuild`] runs the same pipeline stages as `sotay build`,
//! rendering only what a change reaches.

pub mod rebuild;
pub mod server;
pub mod watch;

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::pipeline::BuildOptions;
use crate::render::Site;
use rebuild::{Extent, Rebuilder, Rebuilt};
use server::{Live, ServerConfig, Snapshot};

/// What to serve and where.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The build (audience, date); its base URL is replaced by the server's own address.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// `--lang`: the language of problems, the overlay and status lines; `None` follows the
    /// manual's `[site] language` as of each rebuild.
    pub lang: Option<Lang>,
}

/// How long the watcher waits after the last event of a burst before reporting it.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Builds, serves and rebuilds until Ctrl-C. Returns when stopped; environment failures (the
/// port in use, an unreadable folder) are errors, problems in the manual never are.
pub fn serve(options: ServeOptions) -> Result<()> {
    if !options.build.root.join("sotay.toml").is_file() {
        return Err(Error::NotAManual { path: options.build.root.clone() });
    }
    let listener = server::bind(&ServerConfig { bind: options.bind, port: options.port })?;
    let addr = listener.local_addr().map_err(|source| Error::Serve { source })?;
    let host = if addr.is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
    let url = format!("http://{host}:{}/", addr.port());
    let mut build = options.build.clone();
    build.base_url = Some(url.clone());
    let watcher = watch::watch(&build.root, DEBOUNCE)?;
    let mut rebuilder = Rebuilder::new(build);
    let started = Instant::now();
    let first = rebuilder.rebuild(&BTreeSet::new())?;
    let lang = |rebuilt: &Rebuilt| options.lang.unwrap_or_else(|| lang_of(rebuilt));
    report(&first, started.elapsed(), &BTreeSet::new(), lang(&first));
    let mut version = 1;
    let live = Live::new(snapshot(&first, None, version, lang(&first)));
    let handle = server::spawn(listener, live.clone());
    let root = options.build.root.display();
    match lang(&first) {
        Lang::Vi => println!("Đang xem trước {root} tại {url} (Ctrl-C để dừng)"),
        Lang::En => println!("Serving {root} on {url} (Ctrl-C to stop)"),
    }
    if options.open {
        open_browser(&url);
    }
    let stop = ctrl_c_flag();
    while !stop.load(Ordering::SeqCst) {
        let Some(changed) = watcher.next(Duration::from_millis(200))? else { continue };
        let started = Instant::now();
        match rebuilder.rebuild(&changed) {
            Ok(rebuilt) => {
                let took = started.elapsed();
                version += 1;
                live.publish(snapshot(&rebuilt, Some(&live.current().site), version, lang(&rebuilt)));
                report(&rebuilt, took, &changed, lang(&rebuilt));
            }
            Err(error) => eprintln!("error: {error}"),
        }
    }
    eprintln!("{}", lang(&first).pick("Đang dừng.", "Stopping."));
    handle.stop()
}

/// The snapshot to serve after a rebuild: its site, or the last good one while it has errors.
fn snapshot(rebuilt: &Rebuilt, last_good: Option<&Arc<Site>>, version: u64, lang: Lang) -> Snapshot {
    let site = rebuilt.site.clone().or_else(|| last_good.cloned()).unwrap_or_default();
    Snapshot { site, diagnostics: rebuilt.diagnostics.iter().cloned().collect(), version, lang }
}

/// The language of the manual as this run read it (its `[site] language`).
fn lang_of(rebuilt: &Rebuilt) -> Lang {
    rebuilt.sources.config.as_ref().map_or(Lang::Vi, |file| Lang::of_config_text(&file.text))
}

/// Prints the run's diagnostics and a one-line summary, once per change.
fn report(rebuilt: &Rebuilt, took: Duration, changed: &BTreeSet<std::path::PathBuf>, lang: Lang) {
    eprint!("{}", crate::diagnostic::format_diagnostics(&rebuilt.diagnostics, rebuilt.sources.texts(), lang));
    eprintln!("{}", status_line(rebuilt.extent, took, changed, &rebuilt.diagnostics, lang));
}

/// The one line a rebuild prints: what changed, what was rebuilt and in how long, the counts.
pub fn status_line(
    extent: Extent,
    took: Duration,
    changed: &BTreeSet<std::path::PathBuf>,
    diagnostics: &Diagnostics,
    lang: Lang,
) -> String {
    let what = match changed.len() {
        0 => String::new(),
        1 => format!("{}: ", changed.iter().next().map(|p| p.display().to_string()).unwrap_or_default()),
        n => lang.pick(format!("{n} tệp thay đổi: "), format!("{n} files changed: ")),
    };
    let counts = match (diagnostics.errors(), diagnostics.warnings()) {
        (0, 0) => String::new(),
        (e, w) => lang.pick(format!(" ({e} lỗi, {w} cảnh báo)"), format!(" ({e} errors, {w} warnings)")),
    };
    let ms = took.as_secs_f64() * 1000.0;
    match (extent, lang) {
        (Extent::Full, Lang::Vi) => format!("{what}dựng xong trong {ms:.0} ms{counts}"),
        (Extent::Full, Lang::En) => format!("{what}built in {ms:.0} ms{counts}"),
        (Extent::Documents(n), Lang::Vi) => {
            format!("{what}dựng lại {n} tài liệu và các trang chung trong {ms:.0} ms{counts}")
        }
        (Extent::Documents(n), Lang::En) => {
            format!("{what}rebuilt {n} document(s) and the site-wide pages in {ms:.0} ms{counts}")
        }
        (Extent::Failed, Lang::Vi) => format!("{what}dựng lỗi{counts}; vẫn hiển thị bản tốt gần nhất"),
        (Extent::Failed, Lang::En) => format!("{what}build failed{counts}; still serving the last good site"),
    }
}

/// A flag set by Ctrl-C (SIGINT); a second Ctrl-C while stopping ends the process at once.
fn ctrl_c_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                set.store(true, Ordering::SeqCst);
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    });
    flag
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        let line = tr!("Không mở được trình duyệt; hãy tự mở {url}.", "Could not open a browser; open {url} yourself.");
        eprintln!("{}", line.get(crate::lang::for_run()));
    }
}
