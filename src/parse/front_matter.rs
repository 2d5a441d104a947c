//! Splitting a Markdown file into its TOML front matter (between `+++` lines) and its body.

use std::ops::Range;

/// Where the front matter and the body lie in a file's text, as byte ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub front_matter: Range<usize>,
    pub body: Range<usize>,
}

/// Why a file could not be split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    /// The first line is not `+++`; the span is the first line.
    Missing(Range<usize>),
    /// No closing `+++`; the span is the opening line.
    Unterminated(Range<usize>),
}

/// Splits `text`. Line ends may be `\n` or `\r\n`; spaces after `+++` are allowed.
pub fn split(text: &str) -> Result<Split, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = line_spans(text);
    let first = lines.next().expect("a non-empty text has a first line");
    if text[first.clone()].trim_end() != "+++" {
        return Err(SplitError::Missing(first));
    }
    let fm_start = next_line_start(text, first.end);
    for line in lines {
        if text[line.clone()].trim_end() == "+++" {
            return Ok(Split { front_matter: fm_start..line.start, body: next_line_start(text, line.end)..text.len() });
        }
    }
    Err(SplitError::Unterminated(first))
}

/// Ranges of each line's content, without its line end.
fn line_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let content_end = if end > start && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        let span = start..content_end;
        start = end + 1;
        Some(span)
    })
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    match text[line_end..].find('\n') {
        Some(i) => line_end + i + 1,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let text = "+++\ntitle = \"a\"\n+++\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.front_matter.clone()], "title = \"a\"\n");
        assert_eq!(&text[s.body], "Body\n");
        let crlf = "+++\r\ntitle = \"a\"\r\n+++ \r\nBody";
        let s = split(crlf).unwrap();
        assert_eq!(&crlf[s.front_matter], "title = \"a\"\r\n");
        assert_eq!(&crlf[s.body], "Body");
    }

    #[test]
    fn reports_missing_unterminated_and_empty() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("# Title\n"), Err(SplitError::Missing(0..7)));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unterminated(0..3)));
    }

    #[test]
    fn front_matter_may_end_the_file() {
        let s = split("+++\na = 1\n+++").unwrap();
        assert_eq!(s.body, 13..13);
    }
}
