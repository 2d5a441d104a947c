//! The command line: `build`, `check`, `impact`, `serve`, `import`, `init` and `new`, their options and
//! exit codes (0 ok, 1 problems in the manual, 2 usage or environment errors). The only module
//! that prints: the library's stages, reports and portal return values, and the commands here
//! print them. `build` and `check` of a portal folder go to `cli::portal`.

mod args;
mod import;
mod man;
mod manual;
mod portal;
mod problems;
mod progress;

use std::process::ExitCode;

use clap::Parser;

pub use args::{AudienceArg, Cli, Command, Common, Format, LangArg, NewKind, ReportArg};

use crate::error::Error;
use crate::lang::Lang;
use crate::model::Date;

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = lang_of(&cli.command);
    crate::lang::set_for_run(lang);
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", error.text().get(lang));
            ExitCode::from(2)
        }
    }
}

/// The language of a failure's words: `--lang`, else the folder's `sotay.toml` (`[site]` or
/// `[portal] language`), else Vietnamese.
fn lang_of(command: &Command) -> Lang {
    let (dir, lang) = match command {
        Command::Build { common, .. } | Command::Check { common, .. } => (&common.dir, common.lang),
        Command::Impact { dir, lang, .. } | Command::Serve { dir, lang, .. } | Command::Import { dir, lang, .. } => {
            (dir, *lang)
        }
        Command::Init { .. } | Command::Man { .. } => return Lang::Vi,
        Command::New { dir, .. } => (dir, None),
    };
    lang.map_or_else(|| args::config_lang(dir), Lang::from)
}

/// One command, by what it names.
fn run(cli: Cli) -> Result<ExitCode, Error> {
    // A reproducible build must not fall back to today's date silently.
    if let Some(Err(message)) = Date::source_date_epoch() {
        return Err(Error::Refused(message));
    }
    match cli.command {
        Command::Build { common, out, base_url, quiet, keep_going, precompress }
            if crate::portal::is_portal(&common.dir) =>
        {
            if precompress.is_some() {
                return Err(Error::Refused(tr!(
                    "--precompress dùng cho một sổ tay; cổng thông tin theo [site] precompress của từng cơ quan",
                    "--precompress applies to one manual; a portal follows each agency's [site] precompress"
                )));
            }
            portal::build(&common, out, base_url, quiet, keep_going)
        }
        Command::Build { common, out, base_url, quiet, keep_going, precompress } => {
            let precompress = precompress.as_deref().map(args::PrecompressArg::encodings);
            manual::build(&common, out, base_url, quiet, keep_going, precompress)
        }
        Command::Check { common, format, report: Some(report) } => manual::report(&common, report, format),
        Command::Check { common, format, report: None } => manual::check(&common, format),
        Command::Impact { number, dir, format, lang } => manual::impact(&number, &dir, format, lang),
        Command::Serve { dir, port, bind, open, audience, date, lang } => {
            manual::serve(dir, port, bind, open, audience, date, lang)
        }
        Command::Import { inputs, dir, kind, dry_run, force, format, lang } => {
            let lang = lang.map_or_else(|| args::config_lang(&dir), Lang::from);
            import::run(inputs, crate::import::Options { dir, kind, dry_run, force }, format, lang)
        }
        Command::Man { out } => man::write_pages(&out).map(|()| ExitCode::SUCCESS),
        Command::Init { dir } => manual::init(&dir),
        Command::New { kind: NewKind::Legal, code, title: None, dir } => manual::new_legal(&dir, &code),
        Command::New { kind: NewKind::Legal, .. } => Err(Error::Refused(tr!(
            "`sotay new legal` chỉ nhận số hiệu; tệp tạo ra có dòng để ghi trích yếu",
            "`sotay new legal` takes the number only; the file has a line for the summary"
        ))),
        Command::New { kind: NewKind::Document(kind), code, title, dir } => {
            let title = title.ok_or_else(|| {
                Error::Refused(tr!(
                    "ghi tiêu đề tài liệu trong dấu ngoặc kép sau mã hiệu",
                    "give the document's title in quotes after its code"
                ))
            })?;
            manual::new(&dir, kind, &code, &title)
        }
    }
}

/// 1 when the run failed (problems in the manual), else 0.
fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
