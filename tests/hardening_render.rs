//! Issue 16, findings 5, 6, 7 and 9: attachments that would run script in the site's origin are
//! refused, template recursion is a diagnostic instead of a stack overflow, template loops are
//! bounded, and many copies of one heading still get unique ids.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use sotay::diagnostic::{Diagnostic, Severity};

const FORM: &str = "content/forms/BM-07-01.md";
const LIMIT: Duration = Duration::from_secs(120);

const EVIL_SVG: &str =
    r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>"#;
const EVIL_HTML: &str = "<!doctype html><script>alert(document.cookie)</script>";
const PLAIN_SVG: &str =
    r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#c00"/></svg>"##;

/// Puts `files` (name, bytes) beside the form BM-07-01 and lists them after its PDF.
fn attach(root: &Path, files: &[(&str, &[u8])]) {
    for (name, bytes) in files {
        write(root, &format!("content/forms/{name}"), bytes);
    }
    let listed: Vec<String> = files.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    edit(root, FORM, "files = [\"BM-07-01.pdf\"]", &format!("files = [\"BM-07-01.pdf\", {}]", listed.join(", ")));
}

fn with_code(diagnostics: &sotay::diagnostic::Diagnostics, code: &str) -> Vec<Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).cloned().collect()
}

/// The diagnostic names the form and the line and column of the file's name in its front matter.
fn assert_at_listing(root: &Path, d: &Diagnostic, name: &str) {
    let text = std::fs::read_to_string(root.join(FORM)).unwrap();
    let (line, column) = position(&text, &format!("\"{name}\""));
    assert_eq!((file_of(d).as_str(), d.loc.line, d.loc.column), (FORM, line, column), "{}", one_line(d));
    assert_eq!(d.severity, Severity::Error);
    assert!(d.to_string().contains(name), "the message names the file: {}", one_line(d));
}

#[test]
fn svg_and_html_attachments_are_errors_naming_the_file_and_are_not_published() {
    let dir = copy_fixture("basic");
    attach(dir.path(), &[("evil.svg", EVIL_SVG.as_bytes()), ("evil.html", EVIL_HTML.as_bytes())]);
    let outcome = run_public(dir.path());
    let refused = with_code(&outcome.diagnostics, "attachment-type");
    assert_eq!(refused.len(), 2, "{}", describe(&outcome.diagnostics));
    assert_at_listing(dir.path(), &refused[0], "evil.svg");
    assert_at_listing(dir.path(), &refused[1], "evil.html");
    assert!(one_line(&refused[0]).contains("PNG"), "the help says what to do: {}", one_line(&refused[0]));
    assert!(outcome.diagnostics.errors() >= 2, "the build fails");
    let site = outcome.site.expect("the rest of the site is rendered (and not written)");
    let published: Vec<&String> = site.files.keys().filter(|p| p.contains("evil")).collect();
    assert!(published.is_empty(), "refused files are not in the site: {published:?}");
    assert!(site.files.contains_key("bieu-mau/bm-07-01/BM-07-01.pdf"), "the allowed file still is");
}

#[test]
fn an_allowed_svg_is_published_only_when_it_is_a_plain_drawing() {
    let dir = copy_fixture("basic");
    edit(dir.path(), "sotay.toml", "[site]", "[attachments]\nallow = [\"pdf\", \"svg\"]\n\n[site]");
    attach(dir.path(), &[("so-do.svg", PLAIN_SVG.as_bytes()), ("evil.svg", EVIL_SVG.as_bytes())]);
    let outcome = run_public(dir.path());
    let refused = with_code(&outcome.diagnostics, "attachment-type");
    assert_eq!(refused.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_at_listing(dir.path(), &refused[0], "evil.svg");
    assert!(one_line(&refused[0]).contains("onload"), "the reason is given: {}", one_line(&refused[0]));

    edit(dir.path(), FORM, ", \"evil.svg\"", "");
    std::fs::remove_file(dir.path().join("content/forms/evil.svg")).unwrap();
    let site = clean_site(run_public(dir.path()));
    assert!(site.files.contains_key("bieu-mau/bm-07-01/so-do.svg"), "the plain drawing is published");
}

#[test]
fn a_type_that_cannot_be_allowed_is_an_error_at_its_line_in_sotay_toml() {
    let dir = copy_fixture("basic");
    edit(dir.path(), "sotay.toml", "[site]", "[attachments]\nallow = [\"pdf\", \"html\"]\n\n[site]");
    let outcome = run_public(dir.path());
    let found = with_code(&outcome.diagnostics, "attachment-type-not-allowed");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    let text = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    let (line, column) = position(&text, "\"html\"");
    assert_eq!((file_of(&found[0]).as_str(), found[0].loc.line, found[0].loc.column), ("sotay.toml", line, column));
}

#[test]
fn allowed_attachments_are_published_and_every_link_to_them_downloads() {
    let dir = copy_fixture("basic");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    attach(dir.path(), &[("so-do.png", png), ("bang.xlsx", b"PK\x03\x04 xlsx"), ("mau.docx", b"PK\x03\x04 docx")]);
    let site = clean_site(run_public(dir.path()));
    let attachments = ["BM-07-01.pdf", "so-do.png", "bang.xlsx", "mau.docx"];
    for name in attachments {
        assert!(site.files.contains_key(&format!("bieu-mau/bm-07-01/{name}")), "{name} is published");
    }
    let mut seen = 0;
    for path in site.files.keys().filter(|p| p.ends_with(".html")) {
        let html = page(&site, path);
        for a in html.select(&selector("a[href]")) {
            let href = a.value().attr("href").unwrap_or_default();
            if attachments.iter().any(|name| href.ends_with(&format!("/bm-07-01/{name}"))) {
                seen += 1;
                assert!(a.value().attr("download").is_some(), "{path}: the link to {href} has no download attribute");
            }
        }
    }
    assert!(seen >= attachments.len(), "the form page links each file (found {seen} links)");
}

/// Runs `sotay build` on `manual` into `out`, killing it past [`LIMIT`].
fn build_binary(manual: &Path, out: &Path) -> (i32, String) {
    let (code, stderr, _) = build_with_deadline("sotay build", manual, out, LIMIT);
    (code, stderr)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn default_template(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates").join(name)).unwrap()
}

/// Builds the fixture into `parent/public`, applies `change`, builds again with the binary and
/// expects exit 1 with each of `expected` on stderr, the output as before and nothing left
/// beside it.
fn fails_cleanly(change: impl FnOnce(&Path), expected: &[&str]) {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let (code, stderr) = build_binary(manual.path(), &out);
    assert_eq!(code, 0, "the fixture builds: {stderr}");
    let before = read_tree(&out);
    change(manual.path());
    let (code, stderr) = build_binary(manual.path(), &out);
    assert_eq!(code, 1, "a diagnostic, not a crash: {stderr}");
    for text in expected {
        assert!(stderr.contains(text), "stderr names {text:?}:\n{stderr}");
    }
    assert_same_files(&before, &read_tree(&out), "the output before and after the failed build");
    assert_eq!(names(parent.path()), [".sotay-public.state", "public"], "no staging folder or lock is left");
}

/// An override of 404.html (rendered by every build) that starts with `head`, so the loop is
/// really reached: without the check these manuals overflow the stack (exit 134, lock and
/// staging folder left behind).
fn not_found_starting_with(root: &Path, head: &str) {
    not_found_with(root, "", head);
}

/// The same, with `imports` after the `extends` line.
fn not_found_with(root: &Path, imports: &str, head: &str) {
    let theme = default_template("404.html");
    let changed = theme
        .replacen("{% extends \"base.html\" %}", &format!("{{% extends \"base.html\" %}}{imports}"), 1)
        .replacen("{% block content %}", &format!("{{% block content %}}{head}"), 1);
    assert_ne!(changed, theme, "404.html was changed");
    write(root, "templates/404.html", changed);
}

#[test]
fn a_partial_including_itself_is_a_diagnostic_naming_the_template_and_line() {
    fails_cleanly(
        |root| {
            write(root, "templates/partial.html", "<p>\n{% include \"partial.html\" %}</p>");
            not_found_starting_with(root, "{% include \"partial.html\" %}");
        },
        &["template-recursion", "`partial.html` includes `partial.html` again", "templates/partial.html:2:12"],
    );
}

/// The issue's example: an override of procedure.html including procedure.html.
#[test]
fn an_override_including_itself_is_a_diagnostic_naming_the_template_and_line() {
    let theme = default_template("procedure.html");
    let looping = theme.replacen("{% block content %}", "{% block content %}\n{% include \"procedure.html\" %}", 1);
    assert_ne!(looping, theme, "the include was added");
    let line = looping.lines().position(|l| l.contains("{% include \"procedure.html\" %}")).unwrap() + 1;
    fails_cleanly(
        |root| write(root, "templates/procedure.html", &looping),
        &[
            "template-recursion",
            "`procedure.html` includes `procedure.html` again",
            &format!("templates/procedure.html:{line}:"),
        ],
    );
}

#[test]
fn includes_through_two_templates_are_a_diagnostic_naming_both() {
    fails_cleanly(
        |root| {
            write(root, "templates/a.html", "A {% include \"b.html\" %}");
            write(root, "templates/b.html", "\nB {% include \"a.html\" %}");
            not_found_starting_with(root, "{% include \"a.html\" %}");
        },
        &["template-recursion", "`a.html` includes `b.html`, which includes `a.html` again", "templates/a.html:1:"],
    );
}

#[test]
fn direct_and_mutual_macro_recursion_are_diagnostics_naming_the_macros() {
    fails_cleanly(
        |root| {
            write(
                root,
                "templates/loop-macros.html",
                "{% macro a(n) %}{{ self::a(n=n) }}{% endmacro a %}\n\
                 {% macro b() %}{{ self::c() }}{% endmacro b %}\n\
                 {% macro c() %}\n{{ self::b() }}{% endmacro c %}\n",
            );
            not_found_with(root, "{% import \"loop-macros.html\" as l %}", "{{ l::a(n=1) }}{{ l::b() }}");
        },
        &[
            "template-recursion",
            "macro `a` of `loop-macros.html` calls `self::a` again",
            "macro `b` of `loop-macros.html` calls `self::c`, which calls `self::b` again",
            "templates/loop-macros.html:1:",
            "templates/loop-macros.html:2:",
        ],
    );
}

#[test]
fn macro_files_importing_each_other_are_a_diagnostic() {
    fails_cleanly(
        |root| {
            write(root, "templates/m1.html", "{% import \"m2.html\" as two %}{% macro a() %}a{% endmacro a %}");
            write(root, "templates/m2.html", "{% import \"m1.html\" as one %}{% macro b() %}b{% endmacro b %}");
            not_found_with(root, "{% import \"m1.html\" as x %}", "{{ x::a() }}");
        },
        &["template-recursion", "`m1.html` imports `m2.html`, which imports `m1.html` again"],
    );
}

/// `range(end=100000000)` reached 10 GB before; now the page fails at once with a diagnostic.
#[test]
fn a_range_of_a_hundred_million_is_a_diagnostic_naming_template_and_page() {
    let dir = copy_fixture("basic");
    let theme = default_template("404.html");
    let looping = theme.replacen(
        "{% block content %}",
        "{% block content %}{% for i in range(end=100000000) %}{{ i }}{% endfor %}",
        1,
    );
    assert_ne!(looping, theme);
    write(dir.path(), "templates/404.html", looping);
    let outcome = run_public(dir.path());
    let failed = with_code(&outcome.diagnostics, "template-render");
    assert_eq!(failed.len(), 1, "{}", describe(&outcome.diagnostics));
    let text = one_line(&failed[0]);
    assert!(text.contains("404.html") && text.contains("100000000 times") && text.contains("at most 100000"), "{text}");
}

#[test]
fn nested_range_loops_share_one_budget_per_page() {
    let dir = copy_fixture("basic");
    let theme = default_template("404.html");
    let nested = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
    write(
        dir.path(),
        "templates/404.html",
        theme.replacen("{% block content %}", &format!("{{% block content %}}{nested}"), 1),
    );
    let outcome = run_public(dir.path());
    let failed = with_code(&outcome.diagnostics, "template-render");
    assert_eq!(failed.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(one_line(&failed[0]).contains("in all"), "{}", one_line(&failed[0]));
}

/// 20,000 copies took 58.8 s before (quadratic); `bench/large.py` prints the time for 100,000.
#[test]
fn a_hundred_thousand_duplicate_headings_build_with_unique_ids() {
    const COUNT: usize = 100_000;
    let dir = copy_fixture("basic");
    let body = "## Mục đích\n\nNội dung.\n\n".repeat(COUNT);
    write(dir.path(), "content/pages/nhieu-tieu-de.md", format!("+++\ntitle = \"Nhiều tiêu đề\"\n+++\n\n{body}"));
    let site = clean_site(run_public(dir.path()));
    let path = site.files.keys().find(|p| p.contains("nhieu-tieu-de") && p.ends_with(".html")).cloned();
    let path = path.unwrap_or_else(|| panic!("the page is built: {:?}", site.files.keys().collect::<Vec<_>>()));
    let html = page(&site, &path);
    let ids: Vec<String> = html
        .select(&selector("h2[id]"))
        .filter(|h| h.text().collect::<String>().contains("Mục đích"))
        .map(|h| h.value().attr("id").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids.len(), COUNT, "every heading has an id");
    assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), COUNT, "the ids are unique");
    assert_eq!(
        (ids[0].as_str(), ids[1].as_str(), ids[COUNT - 1].as_str()),
        ("muc-dich", "muc-dich-2", "muc-dich-100000")
    );
}

/// The exact ids of normal input do not change: the example manual's pages still link to the
/// anchors they linked to (every `#…` link of every page has its target).
#[test]
fn heading_anchors_of_the_example_still_resolve() {
    let site = clean_site(run(&options(&content_example())));
    let mut checked = 0;
    for path in site.files.keys().filter(|p| p.ends_with(".html")) {
        let html = page(&site, path);
        let ids: std::collections::HashSet<String> =
            html.select(&selector("[id]")).filter_map(|e| e.value().attr("id").map(str::to_owned)).collect();
        for a in html.select(&selector("a[href^='#']")) {
            let target = &a.value().attr("href").unwrap_or_default()[1..];
            assert!(target.is_empty() || ids.contains(target), "{path}: #{target} has no element");
            checked += 1;
        }
    }
    assert!(checked > 10, "the example has in-page links ({checked})");
}
