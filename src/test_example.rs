//! For unit tests: a copy of the example manual in a temporary folder, so a test can change it.

use std::path::Path;

/// Copies the folder `from` into `to`, recursively.
pub fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read example") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        match entry.file_type().expect("type").is_dir() {
            true => copy(&entry.path(), &target),
            false => drop(std::fs::copy(entry.path(), &target).expect("copy")),
        }
    }
}

/// The example manual (`content-example/`), copied to `to`.
pub fn copy_example(to: &Path) {
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example"), to);
}

/// The example manual, copied to a new temporary folder.
pub fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_example(dir.path());
    dir
}
