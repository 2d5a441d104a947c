//! The encodings `[site] precompress` (or `sotay build --precompress`) names: which compressed
//! copies of each text file a build writes beside it, for a web server to send as they are
//! (nginx `gzip_static`, Caddy `precompressed`) instead of compressing on every request.

/// A compressed copy written beside a text file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Encoding {
    /// `.gz`, what every browser and server understands.
    Gzip,
    /// `.br` (Brotli), smaller than gzip; browsers ask for it over HTTPS.
    Brotli,
}

impl Encoding {
    /// Every encoding, in the order the files are written and listed.
    pub const ALL: [Encoding; 2] = [Encoding::Gzip, Encoding::Brotli];

    /// The encoding `sotay.toml` and the command line call `name`: `gzip` or `br`.
    pub fn from_name(name: &str) -> Option<Encoding> {
        match name {
            "gzip" => Some(Encoding::Gzip),
            "br" => Some(Encoding::Brotli),
            _ => None,
        }
    }

    /// Its name in `sotay.toml` (and in HTTP's Content-Encoding).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gzip => "gzip",
            Encoding::Brotli => "br",
        }
    }

    /// What the compressed copy's name adds to the file's: `index.html` → `index.html.gz`.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Gzip => ".gz",
            Encoding::Brotli => ".br",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_to_their_encoding_and_nothing_else_reads() {
        for encoding in Encoding::ALL {
            assert_eq!(Encoding::from_name(encoding.name()), Some(encoding));
        }
        assert_eq!(Encoding::from_name("brotli"), None);
        assert_eq!(Encoding::from_name("GZIP"), None);
    }
}
