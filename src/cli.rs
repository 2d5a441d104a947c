//! The command line: `build`, `check`, `init` and `new`, their options and exit codes
//! (0 ok, 1 problems in the manual, 2 usage or environment errors). `build` and `check` of a
//! portal folder hand over to `portal::cli`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::model::{Audience, Date, Kind};
use crate::pipeline::{self, BuildOptions, Outcome, Stage};
use crate::scaffold;

#[derive(Parser, Debug)]
#[command(name = "sotay", version, about = "Publish an ISO 9001 quality manual (sổ tay chất lượng) as a website")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AudienceArg {
    Public,
    Internal,
}

impl From<AudienceArg> for Audience {
    fn from(value: AudienceArg) -> Audience {
        match value {
            AudienceArg::Public => Audience::Public,
            AudienceArg::Internal => Audience::Internal,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// Only for `check --report register`.
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Common {
    /// The manual folder (the one holding sotay.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Who the site is for: `public` leaves out internal documents and drafts.
    #[arg(long, value_enum, default_value = "public")]
    pub audience: AudienceArg,
    /// Build as of this date (YYYY-MM-DD), for reproducible builds; default the day of
    /// SOURCE_DATE_EPOCH when set, else today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the website into an output folder.
    #[command(
        after_help = "Examples:\n  sotay build                         build ./ into ./public\n  sotay build content-example --out /tmp/site --base-url https://example.gov.vn/iso/\n  sotay build --audience internal --out public-internal\n\nThe previous output is replaced only when the build succeeds."
    )]
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site (default: DIR/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Publish under this URL instead of sotay.toml's base_url, e.g. https://example.gov.vn/iso/
        #[arg(long)]
        base_url: Option<String>,
        /// Print only problems and nothing else.
        #[arg(long, short)]
        quiet: bool,
        /// Portals only: write the portal even when some agencies fail (the run still exits 1).
        #[arg(long)]
        keep_going: bool,
    },
    /// Check the manual without writing anything; exit 1 on any error.
    #[command(
        after_help = "Examples:\n  sotay check\n  sotay check content-example --strict\n  sotay check --format json > problems.json\n  sotay check --report coverage\n  sotay check --report reviews --date 2026-12-01\n  sotay check --report register --format csv > register.csv"
    )]
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print problems, or the report (csv: only the register).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Print an oversight report instead: TTHC coverage, the ISO 9001 clause matrix, the
        /// review schedule or the document register (all documents, internal ones too).
        #[arg(long, value_enum)]
        report: Option<crate::report::command::ReportKind>,
    },
    /// List every document, section and step that depends on a legal document.
    #[command(
        after_help = "Includes citations of documents that guide or amend it, and internal documents.\n\nExamples:\n  sotay impact 19/2014/QĐ-TTg content-example\n  sotay impact 116/2015/TT-BTC --format json"
    )]
    Impact {
        /// The legal document's number, e.g. 19/2014/QĐ-TTg (QD for QĐ is fine).
        number: String,
        /// The manual folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// How to print the answer.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Preview the manual: build, serve from memory, rebuild on every save and reload open pages.
    #[command(
        after_help = "Internal by default, so drafts and internal documents show (with a preview banner).\nErrors overlay every page while the last good site stays served.\n\nExamples:\n  sotay serve\n  sotay serve content-example --port 8080 --open\n  sotay serve --audience public --port 0"
    )]
    Serve {
        /// The manual folder (the one holding sotay.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; loopback unless you mean to share the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Who the preview is for: `internal` shows drafts and internal documents.
        #[arg(long, value_enum, default_value = "internal")]
        audience: AudienceArg,
        /// Build as of this date (YYYY-MM-DD); default today.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },
    /// Create a new manual skeleton that builds as is.
    #[command(after_help = "Example:\n  sotay init so-tay-chat-luong && sotay build so-tay-chat-luong")]
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Create a new document with the front matter its kind needs.
    #[command(
        after_help = "Kinds: policy, objective, procedure, form, manual, announcement, page.\n\nExamples:\n  sotay new procedure QT-08 \"Quy trình cấp giấy phép …\"\n  sotay new form BM-08-01 \"Đơn đề nghị cấp giấy phép\" --dir content-example"
    )]
    New {
        /// policy, objective, procedure, form, manual, announcement or page.
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// The document's code, e.g. QT-08.
        code: String,
        /// The document's title.
        title: String,
        /// The manual folder.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown kind `{text}`; use one of {}", names.join(", "))
    })
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn options(common: &Common) -> BuildOptions {
    let mut options = BuildOptions::new(&common.dir);
    options.audience = common.audience.into();
    if let Some(date) = common.date {
        options.date = date;
    }
    options
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    // A reproducible build must not fall back to today's date silently.
    if let Some(Err(message)) = Date::source_date_epoch() {
        return Err(Error::Usage(message));
    }
    match cli.command {
        Command::Build { common, out, base_url, quiet, keep_going } => {
            if crate::portal::is_portal(&common.dir) {
                return crate::portal::cli::build(&common, out, base_url, quiet, keep_going);
            }
            if keep_going {
                return Err(Error::Usage("--keep-going applies to portals (a sotay.toml with [portal]) only".into()));
            }
            let started = Instant::now();
            let mut options = options(&common);
            options.base_url = base_url;
            let out = out.unwrap_or_else(|| common.dir.join("public"));
            let progress = Progress::new(quiet);
            let outcome = pipeline::build(&options, &out, common.strict, &|stage| progress.stage(stage))?;
            progress.finish();
            eprint!("{}", crate::diagnostic::format_diagnostics(&outcome.diagnostics, outcome.sources.texts()));
            let failed = outcome.failed(common.strict);
            if !quiet || failed {
                eprintln!("{}", summary(&outcome, started, failed, &out));
            }
            Ok(exit(failed))
        }
        Command::Check { common, format, report: Some(report) } => {
            let printed = match format {
                Format::Text => crate::report::command::Printed::Text,
                Format::Json => crate::report::command::Printed::Json,
                Format::Csv => crate::report::command::Printed::Csv,
            };
            crate::report::command::run(report, &options(&common), printed, common.strict)
        }
        Command::Check { common, format, report: None } => {
            if format == Format::Csv {
                return Err(Error::Usage("--format csv is only for --report register".into()));
            }
            if crate::portal::is_portal(&common.dir) {
                return crate::portal::cli::check(&common, format);
            }
            let started = Instant::now();
            let outcome = pipeline::check(&options(&common), &|_| {})?;
            let failed = outcome.failed(common.strict);
            match format {
                Format::Json => {
                    let report = serde_json::json!({
                        "ok": !failed,
                        "documents": outcome.documents,
                        "errors": outcome.diagnostics.errors(),
                        "warnings": outcome.diagnostics.warnings(),
                        "diagnostics": outcome.diagnostics,
                    });
                    println!("{}", serde_json::to_string_pretty(&report).expect("diagnostics serialise"));
                }
                Format::Text | Format::Csv => {
                    eprint!("{}", crate::diagnostic::format_diagnostics(&outcome.diagnostics, outcome.sources.texts()));
                    eprintln!(
                        "Checked {} documents in {:.2} s: {} errors, {} warnings",
                        outcome.documents,
                        started.elapsed().as_secs_f64(),
                        outcome.diagnostics.errors(),
                        outcome.diagnostics.warnings()
                    );
                }
            }
            Ok(exit(failed))
        }
        Command::Impact { number, dir, format } => {
            let number = crate::model::LegalNumber::parse(&number).map_err(Error::Usage)?;
            let mut options = BuildOptions::new(&dir);
            options.audience = Audience::Internal;
            let analysis = pipeline::analyse(&options, &|_| {})?;
            let Some(resolved) = analysis.resolved else {
                eprint!("{}", crate::diagnostic::format_diagnostics(&analysis.diagnostics, analysis.sources.texts()));
                return Ok(ExitCode::from(1));
            };
            let impact = crate::report::impact::impact(&resolved, &number).map_err(Error::Usage)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&impact).expect("the report serialises")),
                Format::Text => print!("{}", crate::report::impact::to_text(&impact)),
                Format::Csv => return Err(Error::Usage("--format csv is only for check --report register".into())),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { dir, port, bind, open, audience, date } => {
            if crate::portal::is_portal(&dir) {
                return Err(Error::Usage(format!(
                    "{} is a portal; `sotay serve` previews one manual: serve an agency's folder, and build the portal",
                    dir.display()
                )));
            }
            let mut build = BuildOptions::new(&dir);
            build.audience = audience.into();
            if let Some(date) = date {
                build.date = date;
            }
            crate::serve::serve(crate::serve::ServeOptions { build, bind, port, open })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            scaffold::init(&dir, Date::today())?;
            eprintln!("Created a new manual in {}. Next: sotay build {}", dir.display(), dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, code, title, dir } => {
            let path = scaffold::new_document(&dir, kind, &code, &title, Date::today())?;
            eprintln!("Created {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn summary(outcome: &Outcome, started: Instant, failed: bool, out: &std::path::Path) -> String {
    if let Some(stamp) = &outcome.unchanged {
        let notes = match stamp.notes {
            0 => String::new(),
            n => format!("; its {n} note(s) are not repeated (`sotay check` shows them)"),
        };
        return format!(
            "Up to date: nothing changed since the last build of {} documents ({} published), {} pages{notes}; {} left as it is ({:.2} s)",
            stamp.documents,
            stamp.published,
            stamp.pages,
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    let pages = outcome.site.as_ref().map_or(0, |s| s.pages);
    let counts = format!(
        "{} documents ({} published), {} pages, {} warnings, {} errors in {:.2} s",
        outcome.documents,
        outcome.published,
        pages,
        outcome.diagnostics.warnings(),
        outcome.diagnostics.errors(),
        started.elapsed().as_secs_f64()
    );
    if failed {
        format!("Build failed: {counts}; {} left unchanged", out.display())
    } else {
        format!("Built {counts} → {}", out.display())
    }
}

/// A progress line on a terminal; nothing when output is redirected.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(4);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    fn stage(&self, stage: Stage) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(stage.name());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
