//! `sotay build`'s progress line: the stage it is in, on a terminal only.

use std::io::IsTerminal;

use crate::lang::Lang;
use crate::pipeline::Stage;

/// A progress line on a terminal; nothing when output is redirected.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lang: Lang,
}

impl Progress {
    /// A progress line naming the stages in `lang`, unless `quiet`.
    pub fn new(quiet: bool, lang: Lang) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(4);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar, lang }
    }

    pub fn stage(&self, stage: Stage) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(stage.words(self.lang));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
