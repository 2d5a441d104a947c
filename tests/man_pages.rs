//! `sotay man --out DIR` (issue 25): the manual pages the Debian package installs, made from
//! the same clap definitions as `--help`, one for sotay and one per command; the command itself
//! is for packagers and stays out of `--help`.

mod common;

use common::*;

#[test]
fn man_writes_a_page_for_sotay_and_each_command_from_the_clap_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let made = sotay().args(["man", "--out", out.to_str().unwrap()]).output().unwrap();
    assert_eq!(exit_code(&made), 0, "{}", show(&made));
    let mut pages: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "sotay-build.1",
            "sotay-check.1",
            "sotay-help.1",
            "sotay-impact.1",
            "sotay-import.1",
            "sotay-init.1",
            "sotay-new.1",
            "sotay-serve.1",
            "sotay.1"
        ]
    );
    let main = std::fs::read_to_string(out.join("sotay.1")).unwrap();
    assert!(main.contains(".TH sotay 1"), "a roff page: {}", &main[..200.min(main.len())]);
    assert!(main.contains("sotay\\-build(1)") && main.contains("sotay\\-serve(1)"), "the commands are listed");
    assert!(!main.contains("sotay\\-man(1)"), "the hidden command is not");
    let version = env!("CARGO_PKG_VERSION");
    let build = std::fs::read_to_string(out.join("sotay-build.1")).unwrap();
    assert!(main.contains(&format!("\"sotay {version}\"")), "the page names the version");
    assert!(
        build.contains(&format!(".TH sotay-build 1  \"sotay-build {version}\"")),
        "{}",
        &build[..300.min(build.len())]
    );
    for option in ["precompress", "base\\-url", "audience"] {
        assert!(build.contains(option), "sotay-build(1) documents --{option}");
    }
    let help = sotay().arg("--help").output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains(" man "), "man is hidden from --help");
}
