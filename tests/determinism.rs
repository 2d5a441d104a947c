//! The output does not depend on thread scheduling: one thread and eight give the same bytes, in
//! memory and on disk.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use sotay::pipeline::{self, BuildOptions, Outcome};

fn in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(work)
}

fn run_with_threads(options: &BuildOptions, threads: usize) -> Outcome {
    in_pool(threads, || pipeline::run(options, &|_| {}).expect("the run completes"))
}

/// Every output file's bytes, and the diagnostics as text, from a run on `threads` threads.
fn result(options: &BuildOptions, threads: usize) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let outcome = run_with_threads(options, threads);
    let diagnostics = outcome.diagnostics.iter().map(one_line).collect();
    let site = outcome.site.expect("the manual renders");
    (all_bytes(&site), diagnostics)
}

/// Compares the runs on 1 and 8 threads and returns the site's files.
fn assert_same_on_1_and_8_threads(options: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let (one, one_diagnostics) = result(options, 1);
    let (eight, eight_diagnostics) = result(options, 8);
    assert!(one.len() > 10, "a real site ({} files)", one.len());
    assert_same_files(&one, &eight, "1 thread vs 8 threads");
    assert_eq!(one_diagnostics, eight_diagnostics, "diagnostics come in the same order");
    one
}

fn build_to_disk(options: &BuildOptions, threads: usize, out: &Path) {
    let built = in_pool(threads, || pipeline::build(options, out, false, &|_| {}).expect("the build completes"));
    let outcome = built.into_outcome().expect("a build into a new folder runs the stages");
    assert!(!outcome.failed(false), "{}", describe(&outcome.diagnostics));
}

/// Writes the site on 1 and on 8 threads and compares both trees with each other and with
/// `memory`, the site's files as rendered.
fn assert_same_on_disk(options: &BuildOptions, memory: &BTreeMap<String, Vec<u8>>) {
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (dirs.0.path().join("site"), dirs.1.path().join("site"));
    build_to_disk(options, 1, &a);
    build_to_disk(options, 8, &b);
    let (tree_a, tree_b) = (read_tree(&a), read_tree(&b));
    assert_same_files(&tree_a, &tree_b, "the two output folders");
    // What is on disk is exactly the site in memory, plus sotay's marker file.
    let mut disk = tree_a;
    assert!(disk.remove(sotay::write::MARKER).is_some(), "the output folder carries sotay's marker");
    assert_same_files(memory, &disk, "the site in memory vs on disk");
}

#[test]
fn the_basic_fixture_renders_the_same_bytes_on_1_and_8_threads() {
    assert_same_on_1_and_8_threads(&options(&fixture("basic")));
    assert_same_on_1_and_8_threads(&internal_options(&fixture("basic")));
}

#[test]
fn diagnostics_come_in_the_same_order_on_1_and_8_threads() {
    let dir = copy_fixture("basic");
    edit(dir.path(), "content/policies/CSCL.md", "theo [[STCL]]", "theo [[QT-99]] [[QT-98]] [[STCL]]");
    edit(dir.path(), "content/forms/BM-07-01.md", "revision = 1\nissued", "revision = \"một\"\nissued");
    edit(dir.path(), "content/procedures/QT-07.md", "unit = \"vp\"\ntime = \"8", "unit = \"khong-co\"\ntime = \"8");
    let options = options(dir.path());
    let one: Vec<String> = run_with_threads(&options, 1).diagnostics.iter().map(one_line).collect();
    let eight: Vec<String> = run_with_threads(&options, 8).diagnostics.iter().map(one_line).collect();
    assert!(one.len() >= 4, "{one:#?}");
    assert_eq!(one, eight);
}

#[test]
fn the_basic_fixture_writes_identical_trees_on_1_and_8_threads() {
    let options = options(&fixture("basic"));
    let memory = all_bytes(&clean_site(run(&options)));
    assert_same_on_disk(&options, &memory);
}

#[test]
fn the_example_manual_renders_the_same_bytes_on_1_and_8_threads() {
    let root = content_example();
    let options = options(&root);
    let one = run_with_threads(&options, 1);
    let site = one
        .site
        .as_ref()
        .filter(|_| !one.failed(false))
        .unwrap_or_else(|| panic!("content-example/ does not build:\n{}", describe(&one.diagnostics)));
    let memory = all_bytes(site);
    let eight = run_with_threads(&options, 8);
    assert_same_files(&memory, &all_bytes(eight.site.as_ref().expect("a site")), "1 thread vs 8 threads");
    let lines = |o: &Outcome| o.diagnostics.iter().map(one_line).collect::<Vec<_>>();
    assert_eq!(lines(&one), lines(&eight));
    assert_same_on_disk(&options, &memory);
}
