#!/usr/bin/env python3
"""The build-speed benchmark of issue 7: full build, rebuild, check, serve and Hugo, at several sizes.

    cargo build --release
    python3 bench/run.py                          # N = 1 000, 10 000 and 50 000, 5 runs each
    python3 bench/run.py --sizes 1000 --runs 3    # a quick look

For each N the script generates (or reuses) the synthetic manual of bench/gen_manual.py with git
history (3 revisions for 10% of the procedures) in WORK/manual-N, then measures with public tools
only — hyperfine for wall times (median), /usr/bin/time for peak RSS:

- full build into an empty output folder: median wall time, documents/s, peak RSS, output size;
- rebuild with nothing changed: median wall time, its share of the full build, and how many output
  files it wrote again (mtime or inode changed; the target is none);
- `sotay check`: median wall time;
- with Hugo on PATH (`apt-get install hugo`): the same Markdown bodies built by Hugo in the same run,
  and the ratio of Hugo's median to sotay's.

At N = 10 000 it then runs bench/serve_latency.py for the serve edit-to-reload latency. At the end it
prints one table of all figures against issue 7's targets. Every figure is printed with the command
that produced it in WORK/commands.txt, so any line can be re-run by hand.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-11-22"
TARGETS = {  # issue 7, on a 2-core machine, all features on
    10000: {"build": 2.4, "rss_mb": 400, "check": 1.0},
    50000: {"rss_mb": 1500},
}


def log_command(work, cmd):
    with open(work / "commands.txt", "a", encoding="utf-8") as f:
        f.write(" ".join(cmd) + "\n")


def run(work, cmd, **kw):
    log_command(work, cmd)
    return subprocess.run(cmd, check=True, **kw)


def hyperfine(work, name, command, runs, prepare=None, warmup=0):
    """The median wall time of `command` in seconds, from hyperfine's JSON export."""
    export = work / f"hyperfine-{name}.json"
    cmd = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup), "--export-json", str(export),
           "--style", "basic", "--shell", "bash"]
    if prepare:
        cmd += ["--prepare", prepare]
    cmd.append(command)
    run(work, cmd, stdout=subprocess.DEVNULL)
    result = json.loads(export.read_text())["results"][0]
    return result["median"], result["min"], result["max"]


def peak_rss_mb(work, command):
    """Peak resident memory of one run of `command` (a shell line), in MB, from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        run(work, ["/usr/bin/time", "-f", "%M", "-o", out.name, "bash", "-c", command],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().strip().splitlines()[-1]) / 1024


def tree(folder):
    """Every file under folder with its (mtime_ns, inode), and the total size in bytes."""
    files, size = {}, 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            files[os.path.relpath(os.path.join(dirpath, name), folder)] = (st.st_mtime_ns, st.st_ino)
            size += st.st_size
    return files, size


def generate(work, n, seed, git=True):
    manual = work / (f"manual-{n}" if git else f"manual-{n}-nogit")
    stamp = manual / ".bench-stamp"
    want = f"docs={n} seed={seed} git={int(git)} generator={(ROOT / 'bench' / 'gen_manual.py').stat().st_size}"
    if stamp.exists() and stamp.read_text() == want:
        return manual
    print(f"  generating {manual} …", flush=True)
    run(work, [sys.executable, str(ROOT / "bench" / "gen_manual.py"), str(manual), "--docs", str(n),
               "--seed", str(seed), "--force"] + (["--git"] if git else []), stdout=subprocess.DEVNULL)
    stamp.write_text(want)
    if git:
        (manual / ".git" / "info").mkdir(parents=True, exist_ok=True)
        with open(manual / ".git" / "info" / "exclude", "a") as f:
            f.write(".bench-stamp\n")
    return manual


def hugo_site(manual, site):
    """The manual's Markdown bodies as a Hugo site: same bodies, a title each, minimal layouts."""
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.gov.vn/"\ntitle = "bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS"]\n')
    page = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
            '<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n')
    (site / "layouts" / "_default" / "single.html").write_text(page)
    (site / "layouts" / "_default" / "list.html").write_text(
        '<!doctype html><html><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
        '{{ end }}</ul></body></html>\n')
    count = 0
    for source in sorted((manual / "content").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        parts = text.split("+++\n", 2)
        if len(parts) < 3:
            continue
        title = re.search(r'^title = (".*")$', parts[1], re.M)
        target = site / "content" / source.relative_to(manual / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"+++\ntitle = {title.group(1) if title else json.dumps(source.stem)}\n+++\n{parts[2]}",
                          encoding="utf-8")
        count += 1
    return count


def bench_size(work, n, args):
    sotay = str(args.bin)
    manual = generate(work, n, args.seed, git=not args.no_git)
    out = work / f"out-{n}"
    build = f"{sotay} build {manual} --out {out} --date {DATE} --quiet"
    figures = {"n": n}
    print(f"N = {n}", flush=True)

    median, low, high = hyperfine(work, f"build-{n}", build, args.runs, prepare=clear(work, out, args))
    figures.update(build=median, build_range=(low, high), docs_per_s=n / median)
    shutil.rmtree(out, ignore_errors=True)
    figures["rss_mb"] = peak_rss_mb(work, build)
    before, size = tree(out)
    figures.update(output_mb=size / 1e6, output_files=len(before))
    print(f"  full build: median {median:.2f} s ({low:.2f}–{high:.2f}), {n / median:,.0f} documents/s, "
          f"peak RSS {figures['rss_mb']:.0f} MB, output {size / 1e6:.0f} MB in {len(before):,} files", flush=True)

    median, low, high = hyperfine(work, f"rebuild-{n}", build, args.runs)
    after, _ = tree(out)
    rewritten = sum(1 for path, key in after.items() if before.get(path) != key)
    figures.update(rebuild=median, rebuild_share=median / figures["build"], rewritten=rewritten)
    print(f"  rebuild, nothing changed: median {median:.2f} s = {100 * median / figures['build']:.0f}% of a full "
          f"build; {rewritten:,} of {len(after):,} files written again", flush=True)

    median, low, high = hyperfine(work, f"check-{n}", f"{sotay} check {manual} --date {DATE}", args.runs)
    figures["check"] = median
    print(f"  check: median {median:.2f} s ({low:.2f}–{high:.2f})", flush=True)

    if shutil.which("hugo") and not args.no_hugo:
        site = work / f"hugo-{n}"
        pages = hugo_site(manual, site)
        hugo_out = work / f"hugo-out-{n}"
        median, low, high = hyperfine(work, f"hugo-{n}", f"hugo --quiet -s {site} -d {hugo_out}", args.runs,
                                      prepare=clear(work, hugo_out, args))
        figures.update(hugo=median, hugo_ratio=median / figures["build"],
                       hugo_rss_mb=peak_rss_mb(work, f"rm -rf {hugo_out}; hugo --quiet -s {site} -d {hugo_out}"))
        print(f"  hugo ({pages:,} pages, same bodies): median {median:.2f} s, peak RSS {figures['hugo_rss_mb']:.0f} MB "
              f"→ sotay is {figures['hugo_ratio']:.2f}× as fast", flush=True)
    shutil.rmtree(work / "set-aside", ignore_errors=True)
    return figures


def clear(work, out, args):
    """The shell line run before each full build: the previous output is moved aside (deleted
    once the size is measured), or with --delete-between deleted right there. On this machine's
    ext4, mounted without a journal, creating tens of thousands of files within a minute of
    deleting as many makes the kernel scan the freed inodes again for each new one
    (`recently_deleted` in ext4's inode allocator): seconds of system time that a build into a
    folder deleted a while ago, or on a journalled file system, does not pay."""
    if args.delete_between:
        return f"rm -rf {out}"
    aside = work / "set-aside"
    return f"mkdir -p {aside} && if [ -e {out} ]; then mv {out} $(mktemp -d -p {aside}); fi"


def serve_latency(work, args):
    manual = work / ("manual-10000-nogit" if args.no_git else "manual-10000")
    cmd = [sys.executable, str(ROOT / "bench" / "serve_latency.py"), "--docs", "10000", "--edits", str(args.edits),
           "--no-build", "--bin", str(args.bin), "--manual", str(manual)] + ([] if args.no_git else ["--git"])
    log_command(work, cmd)
    done = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write("".join("  " + line + "\n" for line in done.stdout.splitlines() if not line.startswith("  edit")))
    found = re.search(r"median ([0-9.]+) ms", done.stdout.split("edit → reload")[-1])
    return float(found.group(1)) if found and done.returncode == 0 else None


def verdict(value, target, lower_is_better=True):
    if value is None or target is None:
        return ""
    ok = value <= target if lower_is_better else value >= target
    return "meets" if ok else f"misses ({value / target:.1f}× the target)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="comma-separated document counts")
    ap.add_argument("--runs", type=int, default=5, help="runs per hyperfine measurement (the median is reported)")
    ap.add_argument("--edits", type=int, default=20, help="edits for the serve latency at N = 10 000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/sotay-bench"), help="where manuals and outputs go")
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "sotay")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo even when it is installed")
    ap.add_argument("--delete-between", action="store_true",
                    help="delete the previous output right before each full build instead of moving it aside")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve latency")
    ap.add_argument("--no-git", action="store_true",
                    help="manuals without git history (generating 7 000 commits for N = 50 000 takes most of an hour)")
    args = ap.parse_args()
    for tool in ("hyperfine",):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install {tool}")
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is not installed: apt-get install time")
    if not args.bin.exists():
        sys.exit(f"{args.bin} does not exist: cargo build --release")
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "commands.txt").write_text("")
    print(f"sotay: {args.bin}; {os.cpu_count()} cores; hugo: {shutil.which('hugo') or 'not installed'}", flush=True)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = {n: bench_size(args.work, n, args) for n in sizes}
    latency = serve_latency(args.work, args) if 10000 in sizes and not args.no_serve else None

    print("\nsummary (median wall times; targets from issue 7)")
    for n, f in results.items():
        t = TARGETS.get(n, {})
        build_target = t.get("build")
        if n == 50000 and 10000 in results:
            build_target = 5.5 * results[10000]["build"]
        print(f"  N = {n:>6,}: build {f['build']:6.2f} s {verdict(f['build'], build_target)}; "
              f"{f['docs_per_s']:,.0f} docs/s; RSS {f['rss_mb']:5.0f} MB {verdict(f['rss_mb'], t.get('rss_mb'))}; "
              f"output {f['output_mb']:.0f} MB; check {f['check']:.2f} s {verdict(f['check'], t.get('check'))}; "
              f"rebuild {100 * f['rebuild_share']:.0f}% of build {verdict(f['rebuild_share'], 0.30)}, "
              f"{f['rewritten']} files written again"
              + (f"; Hugo {f['hugo']:.2f} s = {f['hugo_ratio']:.2f}× sotay" if "hugo" in f else ""))
    if latency is not None:
        print(f"  serve at N = 10,000: edit → reload median {latency:.1f} ms {verdict(latency, 50)}")
    (args.work / "results.json").write_text(json.dumps({"sizes": results, "serve_ms": latency}, indent=1))
    print(f"figures in {args.work / 'results.json'}; commands in {args.work / 'commands.txt'}")


if __name__ == "__main__":
    main()
