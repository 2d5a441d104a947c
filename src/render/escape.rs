//! HTML escaping for template output: `&`, `<`, `>`, `"` and `'`, which are all that text and
//! quoted attribute values need. Tera's own escaping also writes every `/` as `&#x2F;` — six
//! bytes for one in each of a page's hundred or so URLs — and builds a new string even when
//! nothing needs escaping, which is most values.

/// `text` with the characters that could end a text node or a quoted attribute escaped.
pub fn html(text: &str) -> String {
    let needs = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let Some(first) = text.bytes().position(|b| needs(&b)) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_slashes_and_vietnamese_kept() {
        assert_eq!(html("Sở KH&CN <b>\"x\" 'y'</b>"), "Sở KH&amp;CN &lt;b&gt;&quot;x&quot; &#x27;y&#x27;&lt;/b&gt;");
        assert_eq!(html("/quy-trinh/qt-07/"), "/quy-trinh/qt-07/");
        assert_eq!(html("Quyết định 19/2014/QĐ-TTg"), "Quyết định 19/2014/QĐ-TTg");
        assert_eq!(html(""), "");
    }

    #[test]
    fn it_escapes_like_tera_but_for_the_slash() {
        for text in ["a/b & c", "<script>alert('x')</script>", "đ/Đ \"q\"", "\u{2028}<"] {
            assert_eq!(html(text), tera::escape_html(text).replace("&#x2F;", "/"), "{text}");
        }
    }
}
