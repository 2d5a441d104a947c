//! `sotay man --out DIR`: the manual pages, made from the same clap definitions as `--help`
//! (clap_mangen), so they never drift from the command line. Hidden: it is for packagers — the
//! Debian package (`.ci/package-test`, `[package.metadata.deb]` in Cargo.toml) installs them
//! under /usr/share/man/man1.

use std::path::Path;

use clap::CommandFactory;

use super::args::Cli;
use crate::error::Error;

/// Writes `sotay.1` and `sotay-<command>.1` for each visible command into `out`.
pub fn write_pages(out: &Path) -> Result<(), Error> {
    crate::fs::create_dir_all(out)?;
    let mut cli = Cli::command();
    // Built, so that clap's own `help` command, which sotay.1 lists, gets its page too.
    cli.build();
    write_page(out, "sotay.1", clap_mangen::Man::new(cli.clone()))?;
    for sub in cli.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let name = format!("sotay-{}", sub.get_name());
        let mut page = sub.clone().name(name.clone());
        if let Some(version) = cli.get_version() {
            page = page.version(version.to_owned());
        }
        let page = clap_mangen::Man::new(page);
        write_page(out, &format!("{name}.1"), page)?;
    }
    Ok(())
}

fn write_page(out: &Path, file: &str, page: clap_mangen::Man) -> Result<(), Error> {
    let mut roff = Vec::new();
    let path = out.join(file);
    page.render(&mut roff).map_err(|source| Error::Write { path: path.clone(), source })?;
    crate::fs::write(&path, &roff)
}
