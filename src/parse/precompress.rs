//! `[site] precompress` read into encodings: each name checked where it is written in
//! sotay.toml, so a typo (`"brotli"`, `"gz"`) is an error at its line and column, never a
//! build that silently writes no compressed files.

use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::precompress::Encoding;

/// The encodings `names` lists, each once and in [`Encoding::ALL`]'s order; a name that is no
/// encoding is reported and left out.
pub fn encodings(names: &[Spanned<String>], config_file: &SourceFile, diagnostics: &mut Diagnostics) -> Vec<Encoding> {
    let mut chosen = Vec::new();
    for name in names {
        match Encoding::from_name(name.get_ref()) {
            Some(encoding) => chosen.push(encoding),
            None => diagnostics.push(unknown(name, config_file)),
        }
    }
    Encoding::ALL.into_iter().filter(|e| chosen.contains(e)).collect()
}

fn unknown(name: &Spanned<String>, config_file: &SourceFile) -> Diagnostic {
    let text = name.get_ref();
    let message =
        tr!("\"{text}\" không phải là một kiểu nén mà sotay biết", "\"{text}\" is not a compression sotay knows");
    let help = crate::diagnostic::Text::new(
        "ghi \"gzip\" (tệp .gz, mọi trình duyệt đều đọc được) hoặc \"br\" (tệp .br, nhỏ hơn), ví dụ precompress = [\"gzip\", \"br\"]",
        "write \"gzip\" (.gz files, read by every browser) or \"br\" (.br files, smaller), e.g. precompress = [\"gzip\", \"br\"]",
    );
    Diagnostic::error(config_file.loc(name.span()), "unknown-precompress", message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn read(toml_text: &str) -> (Vec<Encoding>, Diagnostics) {
        #[derive(serde::Deserialize)]
        struct Site {
            precompress: Vec<Spanned<String>>,
        }
        let site: Site = toml::from_str(toml_text).expect("the test's TOML reads");
        let file = SourceFile::new(Arc::from(std::path::Path::new("sotay.toml")), toml_text.to_owned(), None);
        let mut diagnostics = Diagnostics::new();
        (encodings(&site.precompress, &file, &mut diagnostics), diagnostics)
    }

    #[test]
    fn names_give_each_encoding_once_in_a_fixed_order() {
        let (chosen, problems) = read("precompress = [\"br\", \"gzip\", \"br\"]");
        assert_eq!(chosen, [Encoding::Gzip, Encoding::Brotli]);
        assert!(problems.is_empty());
    }

    #[test]
    fn an_unknown_name_is_an_error_at_its_column_in_both_languages() {
        let (chosen, problems) = read("precompress = [\"gzip\", \"brotli\"]");
        assert_eq!(chosen, [Encoding::Gzip]);
        let problem = problems.iter().next().expect("one problem");
        assert_eq!(problem.code, "unknown-precompress");
        assert_eq!((problem.loc.line, problem.loc.column), (1, 24), "{problem:?}");
        assert!(problem.message.vi.contains("\"brotli\" không phải"), "{}", problem.message.vi);
        let (_, problems) = read("precompress = [\"gz\"]");
        let problem = problems.iter().next().expect("one problem");
        assert!(problem.message.en.contains("is not a compression"), "{}", problem.message.en);
        assert!(
            problem.help.as_ref().is_some_and(|h| h.vi.contains("\"br\"") && h.en.contains("\"br\"")),
            "{problem:?}"
        );
    }
}
