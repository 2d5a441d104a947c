//! Compressed copies of the site's text files (`[site] precompress`): `index.html.gz` and
//! `index.html.br` beside `index.html`, for nginx's `gzip_static` and Caddy's `precompressed`
//! to send as they are, so the server never compresses on a request and the smallest encoding
//! is worked out once, at build time.
//!
//! They are files of the site like any other — listed in `manifest.json`, owned by the key that
//! owns the original (so a rebuild that keeps the original keeps them) and spilled to the
//! staging folder as they are made. They are byte-deterministic: fixed levels, and a gzip
//! header without a name or time (mtime 0, OS "unknown"). A copy that would not be smaller than
//! its original is not written, and a file the manual itself publishes at a copy's path
//! (a `static/x.css.gz`) is kept as it is.

use std::io::Write;

use rayon::prelude::*;

use super::{assemble, Output, Owned, Sink, Site};
use crate::model::precompress::Encoding;
use crate::resolve::deps::OutputKey;

/// gzip's best level: a text file is compressed once per build and sent many times.
const GZIP_LEVEL: u32 = 9;
/// Brotli's quality. On 17 MB of generated pages (docs/performance.md) quality 5 gives 18.2 %
/// of the size in 0.3 s, 7 gives 17.7 % in 0.5 s, 9 17.6 % in 6.8 s and 11 16.3 % in 29 s
/// (gzip -9: 19.0 % in 0.6 s).
const BROTLI_QUALITY: u32 = 5;
/// Brotli's window: 2^22 bytes, larger than any page. (A window fitted to each file made this
/// brotli crate ten times slower.)
const BROTLI_WINDOW: u32 = 22;

/// The extensions of the files worth compressing: text. Images, PDFs and office files are
/// compressed already.
const TEXT: [&str; 12] = ["html", "css", "js", "mjs", "json", "xml", "svg", "txt", "csv", "map", "webmanifest", "ics"];

/// Whether `path` is a text file a compressed copy is made of.
pub fn compressible(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && TEXT.contains(&ext))
}

/// `bytes` compressed with `encoding`, the same bytes for the same input on every machine.
pub fn compress(encoding: Encoding, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    match encoding {
        Encoding::Gzip => {
            let header = flate2::GzBuilder::new().mtime(0).operating_system(255);
            let mut encoder = header.write(&mut out, flate2::Compression::new(GZIP_LEVEL));
            // Writing to memory cannot fail.
            let _ = encoder.write_all(bytes);
            let _ = encoder.finish();
        }
        Encoding::Brotli => {
            let mut encoder = brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW);
            let _ = encoder.write_all(bytes);
            drop(encoder);
        }
    }
    out
}

/// One compressed copy made: its owner, path and output.
type Made = (OutputKey, String, Output);

/// Adds to `site` a copy of each text file in each of `encodings`, handed to `sink` as made.
/// A file whose bytes cannot be had (an attachment that went missing) gets no copy: writing
/// the site reports it.
pub fn add(site: &mut Site, encodings: &[Encoding], sink: Sink) {
    if encodings.is_empty() {
        return;
    }
    let originals: Vec<(&OutputKey, &String, &Output)> = site
        .owners
        .iter()
        .flat_map(|(key, owned)| owned.paths.iter().map(move |path| (key, path)))
        .filter(|(_, path)| compressible(path))
        .filter_map(|(key, path)| Some((key, path, site.files.get(path.as_str())?)))
        .collect();
    let made: Vec<Made> = originals
        .par_iter()
        .flat_map_iter(|&(key, path, output)| copies(site, key, path, output, encodings, sink))
        .collect();
    let mut owners: std::collections::BTreeMap<OutputKey, Owned> = Default::default();
    for (key, path, output) in made {
        owners.entry(key).or_default().paths.push(path.clone());
        site.files.insert(path, output);
    }
    for (key, owned) in owners {
        assemble::own(site, key, owned);
    }
}

/// The compressed copies of one file that are smaller than it and at a free path.
fn copies(site: &Site, key: &OutputKey, path: &str, output: &Output, encodings: &[Encoding], sink: Sink) -> Vec<Made> {
    let free: Vec<(Encoding, String)> = encodings
        .iter()
        .map(|&e| (e, format!("{path}{}", e.extension())))
        .filter(|(_, copy)| !site.files.contains_key(copy.as_str()))
        .collect();
    if free.is_empty() {
        return Vec::new();
    }
    let Some(bytes) = original(output, path, sink) else {
        return Vec::new();
    };
    free.into_iter()
        .filter_map(|(encoding, copy)| {
            let compressed = compress(encoding, &bytes);
            (compressed.len() < bytes.len()).then(|| {
                let output = sink.keep_slice(&copy, &compressed);
                (key.clone(), copy, output)
            })
        })
        .collect()
}

/// The bytes of a site file: in memory, in the staging folder, or the manual's file to copy.
fn original<'a>(output: &'a Output, path: &str, sink: Sink) -> Option<std::borrow::Cow<'a, [u8]>> {
    use std::borrow::Cow;
    match output {
        Output::Bytes(bytes) => Some(Cow::Borrowed(&bytes[..])),
        Output::Copy(disk) => crate::read::read_published(disk).ok().map(Cow::Owned),
        Output::Staged { .. } => sink.staged(path).map(Cow::Owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn text_files_are_compressible_and_binary_ones_and_copies_are_not() {
        for path in ["index.html", "quy-trinh/qt-07/index.html", "assets/style.1a2b3c4d.css", "thay-doi/atom.xml"] {
            assert!(compressible(path), "{path}");
        }
        for path in ["bieu-mau/bm-01/don.docx", "don.pdf", "index.html.gz", "index.html.br", "html", "a/.css"] {
            assert!(!compressible(path), "{path}");
        }
    }

    #[test]
    fn gzip_has_no_name_or_time_and_both_read_back_to_the_original() {
        let text = "Quy trình cấp chứng chỉ nhân viên bức xạ. ".repeat(200);
        let gz = compress(Encoding::Gzip, text.as_bytes());
        assert_eq!(&gz[..4], [0x1f, 0x8b, 8, 0], "no name, comment or extra field");
        assert_eq!(&gz[4..8], [0, 0, 0, 0], "no modification time");
        assert_eq!(gz[9], 255, "operating system unknown");
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        let br = compress(Encoding::Brotli, text.as_bytes());
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10, "{} {} {}", br.len(), gz.len(), text.len());
        assert_eq!(compress(Encoding::Brotli, text.as_bytes()), br, "the same bytes every time");
    }

    #[test]
    fn copies_are_added_beside_text_files_under_their_owner_unless_not_smaller_or_taken() {
        let key = OutputKey::SiteWide(crate::resolve::deps::Wide::Remade);
        let mut site = Site::default();
        let page = "<p>Hồ sơ gồm đơn đề nghị</p>".repeat(50);
        for (path, bytes) in [("a/index.html", page.as_bytes()), ("tiny.css", b"a{}"), ("b.pdf", page.as_bytes())] {
            assemble::put(&mut site, key.clone(), path.into(), Output::Bytes(bytes.into()), false);
        }
        assemble::put(&mut site, key.clone(), "a/index.html.br".into(), Output::Bytes(b"mine".to_vec().into()), false);
        add(&mut site, &[Encoding::Gzip, Encoding::Brotli], Sink::MEMORY);
        let paths: Vec<&str> = site.files.keys().map(String::as_str).collect();
        assert_eq!(paths, ["a/index.html", "a/index.html.br", "a/index.html.gz", "b.pdf", "tiny.css"]);
        assert_eq!(site.files.get("a/index.html.br"), Some(&Output::Bytes(b"mine".to_vec().into())));
        assert!(site.owners[&key].paths.contains(&"a/index.html.gz".to_owned()));
    }
}
