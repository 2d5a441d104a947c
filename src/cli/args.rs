//! The command line's arguments: clap's types, and how they become the library's options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;
use crate::model::precompress::Encoding;
use crate::model::{Audience, Date, Kind};
use crate::pipeline::BuildOptions;
use crate::report::output::{Printed, ReportKind};

/// The command line as parsed.
#[derive(Parser, Debug)]
#[command(name = "sotay", version, about = "Publish an ISO 9001 quality manual (sổ tay chất lượng) as a website")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Who the site is for, as `--audience` names it.
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

/// The language of the problems and status lines, as `--lang` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Vietnamese (tiếng Việt).
    Vi,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(value: LangArg) -> Lang {
        match value {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// A compressed copy `build --precompress` writes beside each text file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PrecompressArg {
    /// `.gz` files.
    Gzip,
    /// `.br` (Brotli) files.
    Br,
    /// No compressed copies, whatever sotay.toml says.
    None,
}

impl PrecompressArg {
    /// The encodings a `--precompress` list names (`none` names none), each once.
    pub fn encodings(list: &[PrecompressArg]) -> Vec<Encoding> {
        let named = |arg| list.contains(&arg);
        let mut chosen = Vec::new();
        if named(PrecompressArg::Gzip) {
            chosen.push(Encoding::Gzip);
        }
        if named(PrecompressArg::Br) {
            chosen.push(Encoding::Brotli);
        }
        chosen
    }
}

/// The oversight reports `check --report` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportArg {
    Coverage,
    Clauses,
    Reviews,
    Register,
    /// Legal registry entries unverified, without source, or verified long ago.
    Legal,
}

impl From<ReportArg> for ReportKind {
    fn from(value: ReportArg) -> ReportKind {
        match value {
            ReportArg::Coverage => ReportKind::Coverage,
            ReportArg::Clauses => ReportKind::Clauses,
            ReportArg::Reviews => ReportKind::Reviews,
            ReportArg::Register => ReportKind::Register,
            ReportArg::Legal => ReportKind::Legal,
        }
    }
}

/// How a command prints its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: each problem with its source line, on standard error.
    Text,
    /// For programs: the versioned schema of docs/diagnostics-json.md, on standard output.
    Json,
    /// Only for `check --report register`.
    Csv,
    /// Only for `check`: GitHub Actions annotations (workflow commands) on standard output.
    Github,
    /// Only for `check`: a SARIF 2.1.0 log on standard output, for code-scanning services.
    Sarif,
}

impl Format {
    /// Whether this is one of the formats only `check`'s list of problems prints.
    pub fn only_for_problems(self) -> bool {
        matches!(self, Format::Github | Format::Sarif)
    }
}

/// How `import` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// For people: each file, what it filled, guessed and left to review, then a summary line.
    Text,
    /// For programs: the same report as one JSON object (docs/import.md), on standard output.
    Json,
}

/// The options `build` and `check` share.
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
    /// The language problems and status lines are written in (vi or en); default the
    /// manual's `[site] language`, Vietnamese when it does not say.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the website into an output folder.
    #[command(
        after_help = "Examples:\n  sotay build                         build ./ into ./public\n  sotay build content-example --out /tmp/site --base-url https://example.gov.vn/iso/\n  sotay build --audience internal --out public-internal\n  sotay build --precompress gzip,br   also write .gz and .br beside each text file\n\nThe previous output is replaced only when the build succeeds."
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
        /// Write compressed copies beside each text file for the web server to send as they
        /// are: gzip (.gz), br (.br), both (gzip,br) or none; replaces sotay.toml's
        /// [site] precompress.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "gzip,br|none")]
        precompress: Option<Vec<PrecompressArg>>,
    },
    /// Check the manual without writing anything; exit 1 on any error.
    #[command(
        after_help = "Examples:\n  sotay check\n  sotay check content-example --strict\n  sotay check --format json > problems.json\n  sotay check content-example --format github      (in a GitHub Actions step)\n  sotay check --format sarif > sotay.sarif\n  sotay check --report coverage\n  sotay check --report reviews --date 2026-12-01\n  sotay check --report legal\n  sotay check --report register --format csv > register.csv"
    )]
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print problems (text, json, github, sarif), or the report (text, json; csv:
        /// only the register).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Print an oversight report instead: TTHC coverage, the ISO 9001 clause matrix, the
        /// review schedule or the document register (all documents, internal ones too).
        #[arg(long, value_enum)]
        report: Option<ReportArg>,
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
        /// The language of the manual's problems, if any (vi or en); default `[site] language`.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
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
        /// The language of problems, the error overlay and status lines (vi or en); default
        /// the manual's `[site] language`, read again at every rebuild.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Bring existing Word files (procedures, forms) into the manual as sotay documents.
    #[command(
        after_help = "Reads .docx files built on the framework model (control header, sign-off, amendment table,\nsections 1–7), TCVN3 and VNI fonts included; a form's .docx, .xlsx or .pdf is attached as it is.\nNever replaces an existing document without --force. See docs/import.md.\n\nExamples:\n  sotay init so-tay && sotay import tai-lieu-word/ --dir so-tay\n  sotay import QT-07.docx BM-07-01.docx --dir so-tay --dry-run\n  sotay import tai-lieu-word/ --dir so-tay --format json > bao-cao-nhap.json"
    )]
    Import {
        /// Word files, or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The manual folder (the one holding sotay.toml).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// The kind of every file, when a file's title does not say it (procedure, form, policy).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// Print what would be written and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace documents that already exist.
        #[arg(long)]
        force: bool,
        /// How to print the report.
        #[arg(long, value_enum, default_value = "text")]
        format: ImportFormat,
        /// The language of the report (vi or en); default the manual's `[site] language`.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Write the manual pages (sotay.1 and one per command) into a folder, for packages.
    #[command(hide = true)]
    Man {
        /// The folder to write them in (created when missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Create a new manual skeleton that builds as is.
    #[command(after_help = "Example:\n  sotay init so-tay-chat-luong && sotay build so-tay-chat-luong")]
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Create a new document with the front matter its kind needs, or a legal registry entry.
    #[command(
        after_help = "Kinds: policy, objective, procedure, form, manual, announcement, page; legal (a registry entry, no title).\n\nExamples:\n  sotay new procedure QT-08 \"Quy trình cấp giấy phép …\"\n  sotay new form BM-08-01 \"Đơn đề nghị cấp giấy phép\" --dir content-example\n  sotay new legal 19/2014/QĐ-TTg"
    )]
    New {
        /// policy, objective, procedure, form, manual, announcement, page, or legal.
        #[arg(value_parser = parse_new_kind)]
        kind: NewKind,
        /// The document's code, e.g. QT-08; for `legal`, the legal document's number.
        code: String,
        /// The document's title (not for `legal`).
        title: Option<String>,
        /// The manual folder.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// What `sotay new` creates: a document of a kind, or a legal registry entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Document(Kind),
    Legal,
}

fn parse_new_kind(text: &str) -> Result<NewKind, String> {
    if text.trim().eq_ignore_ascii_case("legal") {
        return Ok(NewKind::Legal);
    }
    Kind::from_name(text).map(NewKind::Document).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown kind `{text}`; use one of {}, legal", names.join(", "))
    })
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown kind `{text}`; use one of {}", names.join(", "))
    })
}

impl From<Format> for Printed {
    /// The problems-only formats (github, sarif) are refused before a report is asked for.
    fn from(value: Format) -> Printed {
        match value {
            Format::Text | Format::Github | Format::Sarif => Printed::Text,
            Format::Json => Printed::Json,
            Format::Csv => Printed::Csv,
        }
    }
}

impl Common {
    /// The language to print in before the manual is read: `--lang`, else its sotay.toml's.
    pub fn lang_before_reading(&self) -> Lang {
        self.lang.map_or_else(|| config_lang(&self.dir), Lang::from)
    }

    /// The language to print in: `--lang`, else the manual's (read from `sources`).
    pub fn lang(&self, sources: &crate::load::Sources) -> Lang {
        print_lang(self.lang, sources)
    }

    /// The build options these arguments ask for.
    pub fn options(&self) -> BuildOptions {
        let mut options = BuildOptions::new(&self.dir);
        options.audience = self.audience.into();
        if let Some(date) = self.date {
            options.date = date;
        }
        options
    }
}

/// `--lang` when given, else the language of the manual `sources` were read from.
pub fn print_lang(arg: Option<LangArg>, sources: &crate::load::Sources) -> Lang {
    arg.map_or_else(|| sources.config.as_ref().map_or(Lang::Vi, |file| Lang::of_config_text(&file.text)), Lang::from)
}

/// The language `DIR/sotay.toml` asks for, read before the manual is loaded (for a progress line
/// or a failure): only a regular file of sane size is read, so a FIFO or a device named
/// sotay.toml never blocks the run (load reports it); Vietnamese when it cannot be read.
pub fn config_lang(dir: &std::path::Path) -> Lang {
    const CAP: u64 = 4 * 1024 * 1024;
    match crate::read::read_capped(&dir.join("sotay.toml"), CAP) {
        Ok(bytes) => Lang::of_config_text(&String::from_utf8_lossy(&bytes)),
        Err(_) => Lang::Vi,
    }
}
