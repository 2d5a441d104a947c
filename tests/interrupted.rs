//! No build loses the site (issue 8 item 5): the real binary is SIGKILLed at 50 moments spread
//! over a build (a fixed seed, so a failure can be replayed), and after every kill the output
//! folder is either the previous complete output or the new complete one, byte for byte. The next
//! build cleans what the killed one left; two builds racing on one folder never corrupt it.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

type Tree = BTreeMap<String, Vec<u8>>;

/// xorshift64*, so the kill moments are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn build_command(manual: &Path, out: &Path) -> Command {
    let mut command = sotay();
    command
        .args(["build", manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet", "--date", DATE])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn build(manual: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let output = build_command(manual, out).output().unwrap();
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
    started.elapsed()
}

/// The names beside the output folder, but the record of the inputs of the build that wrote it
/// (`.sotay-public.state`, see src/write/mod.rs), which is meant to stay.
fn siblings(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".sotay-public.state")
        .collect();
    names.sort();
    names
}

/// What a killed build left as "the output": the folder itself, or — killed between moving the
/// old output aside and renaming the new one in — the old output the next run puts back.
fn visible_output(parent: &Path) -> Option<Tree> {
    let out = parent.join("public");
    if out.is_dir() {
        return Some(read_tree(&out));
    }
    let old = siblings(parent).into_iter().find(|n| n.starts_with(".sotay-public.old-"))?;
    Some(read_tree(&parent.join(old)))
}

/// The previous output of the basic fixture and the new one after an edit, and the manual.
fn previous_and_new() -> (tempfile::TempDir, tempfile::TempDir, Tree, Tree, Duration) {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build(manual.path(), &out);
    let previous = read_tree(&out);
    edit(manual.path(), "content/procedures/QT-07.md", "Quy định việc cấp", "Quy định trình tự cấp");
    let scratch = tempfile::tempdir().unwrap();
    let duration = build(manual.path(), &scratch.path().join("public"));
    let new = read_tree(&scratch.path().join("public"));
    assert_ne!(previous, new, "the edit changes the output");
    (manual, parent, previous, new, duration)
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_or_the_new_output_whole() {
    let (manual, parent, previous, new, duration) = previous_and_new();
    let out = parent.path().join("public");
    let span = duration.as_micros() as u64 * 11 / 10 + 1;
    let mut rng = Rng(0x5eed_0008);
    let (mut as_previous, mut as_new, mut mid_swap) = (0, 0, 0);
    for round in 0..50 {
        let delay = Duration::from_micros(rng.next() % span);
        let mut child = build_command(manual.path(), &out).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix; a build that already finished is left as it is.
        let _ = child.wait();
        if !out.is_dir() {
            mid_swap += 1;
        }
        let seen = visible_output(parent.path()).unwrap_or_else(|| {
            panic!("round {round} (kill after {delay:?}): no output at all: {:?}", siblings(parent.path()))
        });
        if seen == previous {
            as_previous += 1;
        } else if seen == new {
            as_new += 1;
        } else {
            assert_same_files(
                &previous,
                &seen,
                &format!("round {round} (kill after {delay:?}) against the previous output"),
            );
        }
        // Put the previous output back, so every round has something to lose.
        if seen == new {
            std::fs::remove_dir_all(&out).unwrap();
            std::fs::create_dir(&out).unwrap();
            for (path, bytes) in &previous {
                write(&out, path, bytes);
            }
        }
    }
    eprintln!("50 kills over {span} µs: {as_previous} left the previous output, {as_new} the new, {mid_swap} mid-swap");
    assert!(as_previous > 0, "some kills landed before the swap");
    // The next build cleans the killed builds' staging folders and lock, and finishes.
    build(manual.path(), &out);
    assert_same_files(&new, &read_tree(&out), "the build after the kills");
    assert_eq!(siblings(parent.path()), ["public"], "no staging folder, old output or lock is left");
}

#[test]
fn two_builds_racing_on_one_folder_never_corrupt_it() {
    let (manual, parent, _previous, new, _) = previous_and_new();
    let out = parent.path().join("public");
    let mut locked = 0;
    for _ in 0..8 {
        let children: Vec<_> = (0..2).map(|_| build_command(manual.path(), &out).spawn().unwrap()).collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            match exit_code(&output) {
                0 => {}
                2 => {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    assert!(
                        stderr.contains("một lần dựng khác đang ghi vào") && stderr.contains("tệp khóa"),
                        "{stderr}"
                    );
                    locked += 1;
                }
                _ => panic!("{}", show(&output)),
            }
        }
        assert_same_files(&new, &read_tree(&out), "the output after two racing builds");
        assert_eq!(siblings(parent.path()), ["public"], "nothing is left beside the output");
    }
    eprintln!("{locked} of 16 racing builds found the folder locked");
}
