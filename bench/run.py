#!/usr/bin/env python3
"""The build-speed benchmark of issue 23: sotay against Zola and Hugo, check, rebuild and serve, at several sizes.

    cargo build --release
    python3 bench/run.py --compare --sizes 10000 --zola /work/zola-bin/zola   # issue 23's figures
    python3 bench/run.py --compare --sizes 100000                             # once, no git history
    python3 bench/run.py --sizes 1000 --runs 3                                # the older mode (hyperfine)

For each N the script generates (or reuses) the synthetic manual of bench/gen_manual.py in WORK/manual-N
(with git history: 3 revisions for 10% of the procedures) and WORK/manual-N-nogit, then measures with
public tools only — /usr/bin/time for wall time, CPU and peak RSS of each run, hyperfine for the short
commands.

--compare: full builds by sotay with git history, sotay without, Zola (`--zola` or `ZOLA=`) and Hugo (on
PATH), in alternating runs (sotay-git, sotay-nogit, zola, hugo, sotay-git, …), each into a fresh folder;
Zola and Hugo build the same Markdown bodies (the manual without git) with one-line templates. Per tool:
median and min–max of wall, user, sys and peak RSS, and sotay/Zola and sotay/Hugo from the same runs.
Then, per sotay variant: rebuild with nothing changed (and how many files it wrote again), `sotay check`,
and at N = 10 000 `serve` edit → reload (bench/serve_latency.py).

Without --compare (issue 7's mode): sotay's full build with hyperfine (median of --runs), peak RSS of one
more run, rebuild, check and Hugo, on the manual with git history (or without: --no-git).

Above N = 50 000 every build runs once and without git history (generating the history of 100 000
documents — 14 000 commits — takes hours). At the end one line per figure issue 23 targets, with its
target and meets/misses; every figure goes to WORK/results.json (merged with the sizes measured before),
every command run to WORK/commands.txt.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from alternating import alternate, ratios, spread, summary
from peer_sites import hugo_site, rendered_pages, zola_site
from targets import TARGETS, line

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-11-22"
GIT_MAX_DOCS = 50000  # above: no git history, one run


def log_command(work, cmd):
    with open(work / "commands.txt", "a", encoding="utf-8") as f:
        f.write(" ".join(str(c) for c in cmd) + "\n")


def run(work, cmd, **kw):
    log_command(work, cmd)
    return subprocess.run(cmd, check=True, **kw)


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def hyperfine(work, name, command, runs, prepare=None, warmup=0):
    """{median, min, max} wall time of `command` in seconds, from hyperfine's JSON export."""
    export = work / f"hyperfine-{name}.json"
    cmd = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup), "--export-json", str(export),
           "--style", "basic", "--shell", "bash"]
    if prepare:
        cmd += ["--prepare", prepare]
    cmd.append(command)
    run(work, cmd, stdout=subprocess.DEVNULL)
    result = json.loads(export.read_text())["results"][0]
    return {"median": result["median"], "min": result["min"], "max": result["max"]}


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


def set_aside(work, path):
    """Moves path into WORK/set-aside (deleted at the end of the script), so that nothing is deleted
    just before a build."""
    if path.exists():
        aside = work / "set-aside"
        aside.mkdir(exist_ok=True)
        path.rename(Path(tempfile.mkdtemp(dir=aside)) / path.name)


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


def sotay_build(sotay, manual, out):
    return [str(sotay), "build", str(manual), "--out", str(out), "--date", DATE, "--quiet"]


def rebuild_and_check(work, n, name, manual, out, args, runs):
    """Rebuild with nothing changed into `out` (a finished build) and `sotay check`: their wall times
    and how many of out's files the rebuilds wrote again (mtime or inode changed)."""
    before, size = tree(out)
    build = " ".join(sotay_build(args.bin, manual, out))
    figures = {"output_mb": size / 1e6, "output_files": len(before)}
    figures["rebuild"] = hyperfine(work, f"rebuild-{name}-{n}", build, runs)
    after, _ = tree(out)
    figures["rewritten"] = sum(1 for path, key in after.items() if before.get(path) != key)
    figures["check"] = hyperfine(work, f"check-{name}-{n}", f"{args.bin} check {manual} --date {DATE}", runs,
                                 warmup=1)
    print(f"  {name}: output {size / 1e6:,.0f} MB in {len(before):,} files; rebuild, nothing changed: "
          f"{fmt(figures['rebuild'], 's')}, {figures['rewritten']:,} of {len(after):,} files written again; "
          f"check {fmt(figures['check'], 's')}", flush=True)
    return figures


def fmt(s, unit, digits=2):
    """'median (min–max) unit' of a spread."""
    return f"{s['median']:.{digits}f} {unit} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def peers(work, n, args, bodies_from):
    """{name: argv builder} for Zola and Hugo on the bodies of `bodies_from`, and the number of bodies;
    each peer skipped with a printed line when it is absent or not wanted."""
    tools, written = {}, {}
    if n > args.peers_max_docs:
        print(f"  Zola and Hugo skipped at N = {n:,} (above --peers-max-docs {args.peers_max_docs:,})")
        return tools, written
    if args.zola and args.zola.is_file():
        site = work / f"zola-site-{n}"
        set_aside(work, site)
        written["zola"] = zola_site(bodies_from, site)
        tools["zola"] = lambda out, site=site: [args.zola, "--root", site, "build", "--output-dir", out]
    else:
        print(f"  Zola skipped: {'no --zola or ZOLA= given' if not args.zola else f'{args.zola} is not a file'}")
    hugo = shutil.which("hugo")
    if hugo and not args.no_hugo:
        site = work / f"hugo-site-{n}"
        set_aside(work, site)
        written["hugo"] = hugo_site(bodies_from, site)
        tools["hugo"] = lambda out, site=site: [hugo, "--quiet", "-s", site, "-d", out]
    else:
        print(f"  Hugo skipped: {'--no-hugo' if args.no_hugo else 'not on PATH (apt-get install hugo)'}")
    return tools, written


def compare_size(work, n, args):
    """Issue 23's comparison at one size; returns its figures."""
    git = not args.no_git and n <= GIT_MAX_DOCS
    runs = args.runs if n <= GIT_MAX_DOCS else 1
    print(f"N = {n:,} (compare; {runs} alternating run{'s' if runs > 1 else ''}"
          f"{'' if git else '; no git history' + ('' if args.no_git else f' above N = {GIT_MAX_DOCS:,}')}); "
          f"load average {' '.join(loadavg())}", flush=True)
    manuals = {}
    if git:
        manuals["sotay-git"] = generate(work, n, args.seed, git=True)
    manuals["sotay-nogit"] = generate(work, n, args.seed, git=False)
    tools = {name: (lambda out, m=manual: sotay_build(args.bin, m, out)) for name, manual in manuals.items()}
    peer_tools, bodies = peers(work, n, args, manuals["sotay-nogit"])
    tools.update(peer_tools)
    out_root = work / f"runs-{n}"
    set_aside(work, out_root)
    out_root.mkdir()
    figures = {"mode": "compare", "n": n, "git": git, "runs_per_tool": runs, "loadavg_start": loadavg(),
               "measured": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    records = alternate(lambda cmd: log_command(work, cmd), tools, runs, out_root,
                        warmup=args.warmup if n <= GIT_MAX_DOCS else 0)
    figures["loadavg_end"] = loadavg()
    figures["runs"] = records
    figures["summary"] = summary(records)
    print(f"  load average after the runs: {' '.join(figures['loadavg_end'])}")
    for name, s in figures["summary"].items():
        print(f"  {name:<12} wall {fmt(s['wall'], 's')}, user {fmt(s['user'], 's')}, sys {fmt(s['sys'], 's')}, "
              f"peak RSS {fmt(s['rss_mb'], 'MB', 0)}")
    figures["ratios"] = {}
    for mine in manuals:
        for peer in peer_tools:
            r = ratios(records, mine, peer)
            figures["ratios"][f"{mine}/{peer}"] = r
            per_round = r["wall"]["per_round"]
            print(f"  {mine}/{peer}: wall {r['wall']['of_medians']:.2f} (per round {per_round['min']:.2f}–"
                  f"{per_round['max']:.2f}), CPU {r['cpu']['of_medians']:.2f}, peak RSS {r['rss_mb']['of_medians']:.2f}")
    figures["peers"] = {}
    for peer in peer_tools:
        pages, with_body = rendered_pages(Path(records[peer][-1]["out"]))
        figures["peers"][peer] = {"bodies": bodies[peer], "pages": pages, "pages_with_body": with_body}
        ok = pages == with_body == bodies[peer] == n
        print(f"  {peer} rendered {pages:,} pages ({with_body:,} with a body) of {bodies[peer]:,} bodies, "
              f"N = {n:,}: {'all' if ok else 'NOT ALL — its build time is not comparable'}")
    figures["sotay"] = {}
    for name, manual in manuals.items():
        figures["sotay"][name] = rebuild_and_check(work, n, name, manual, Path(records[name][-1]["out"]), args, runs)
    if n == 10000 and not args.no_serve:
        for name, manual in manuals.items():
            figures["sotay"][name]["serve_ms"] = serve_latency(work, manual, name == "sotay-git", args)
    return figures


def bench_size(work, n, args):
    """Issue 7's mode: sotay's full build with hyperfine, its peak RSS, rebuild, check and Hugo."""
    sotay = str(args.bin)
    git = not args.no_git and n <= GIT_MAX_DOCS
    runs = args.runs if n <= GIT_MAX_DOCS else 1
    name = "sotay-git" if git else "sotay-nogit"
    manual = generate(work, n, args.seed, git=git)
    out = work / f"out-{n}"
    build = f"{sotay} build {manual} --out {out} --date {DATE} --quiet"
    print(f"N = {n:,} ({name}, {runs} run{'s' if runs > 1 else ''}); load average {' '.join(loadavg())}", flush=True)
    figures = {"mode": "hyperfine", "n": n, "git": git, "loadavg_start": loadavg(),
               "measured": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    wall = hyperfine(work, f"build-{n}", build, runs, prepare=clear(work, out, args))
    set_aside(work, out)
    rss = peak_rss_mb(work, build)
    figures["summary"] = {name: {"wall": wall, "rss_mb": spread([rss])}}
    print(f"  full build: {fmt(wall, 's')}, {n / wall['median']:,.0f} documents/s, peak RSS {rss:.0f} MB", flush=True)
    figures["sotay"] = {name: rebuild_and_check(work, n, name, manual, out, args, runs)}
    if shutil.which("hugo") and not args.no_hugo and n <= args.peers_max_docs:
        site = work / f"hugo-site-{n}"
        set_aside(work, site)
        pages = hugo_site(manual, site)
        hugo_out = work / f"hugo-out-{n}"
        hugo = hyperfine(work, f"hugo-{n}", f"hugo --quiet -s {site} -d {hugo_out}", runs,
                         prepare=clear(work, hugo_out, args))
        set_aside(work, hugo_out)
        figures["summary"]["hugo"] = {"wall": hugo, "rss_mb": spread([peak_rss_mb(
            work, f"hugo --quiet -s {site} -d {hugo_out}")])}
        print(f"  hugo ({pages:,} pages, same bodies): {fmt(hugo, 's')}; sotay/Hugo wall "
              f"{wall['median'] / hugo['median']:.2f}", flush=True)
    if n == 10000 and not args.no_serve:
        figures["sotay"][name]["serve_ms"] = serve_latency(work, manual, git, args)
    return figures


def serve_latency(work, manual, git, args):
    """{median, min, max} edit → reload in ms from bench/serve_latency.py on `manual`, or None."""
    n = int(re.search(r"manual-(\d+)", manual.name).group(1))
    cmd = [sys.executable, str(ROOT / "bench" / "serve_latency.py"), "--docs", str(n), "--edits", str(args.edits),
           "--no-build", "--bin", str(args.bin), "--manual", str(manual)] + (["--git"] if git else [])
    log_command(work, cmd)
    print(f"  serve ({'git' if git else 'no git'}): {' '.join(cmd)}", flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write("".join("    " + l + "\n" for l in done.stdout.splitlines() if not l.startswith("  edit")))
    if done.returncode != 0:
        sys.stdout.write("    " + done.stderr[-1500:].replace("\n", "\n    ") + "\n")
    found = re.search(r"median ([0-9.]+) ms, min ([0-9.]+) ms, max ([0-9.]+) ms", done.stdout.split("edit → reload")[-1])
    if not found or done.returncode != 0:
        return None
    return {"median": float(found.group(1)), "min": float(found.group(2)), "max": float(found.group(3))}


def reference_10000(results, previous):
    """sotay's full build at N = 10 000 without git history (the 100 000 run has none): from this run, else
    from results.json; (its summary: wall, cpu, … spreads; where from) or (None, why not)."""
    for source, sizes in (("this run", results), ("results.json", previous)):
        f = sizes.get(10000) or sizes.get("10000")
        if f and "sotay-nogit" in f.get("summary", {}):
            return f["summary"]["sotay-nogit"], f"{source}, measured {f.get('measured', '?')}"
    return None, "no N = 10 000 build without git in this run or results.json"


def print_summary(results, previous):
    print("\nsummary: issue 23's targets (median wall times; memory: the largest peak of the runs)")
    for n, f in results.items():
        t = TARGETS.get(n, {})
        print(f" N = {n:,}")
        s = f["summary"]
        for name, figs in f["sotay"].items():
            label = "with git" if name == "sotay-git" else "without git"
            for peer in ("zola", "hugo"):
                r = f.get("ratios", {}).get(f"{name}/{peer}")
                if r:
                    pr = r["wall"]["per_round"]
                    print(line(f"full build {label}, sotay/{peer.capitalize()} wall", r["wall"]["of_medians"],
                               t.get("vs_zola") if peer == "zola" else None, "×",
                               f"{s[name]['wall']['median']:.2f}/{s[peer]['wall']['median']:.2f} s = "
                               f"{r['wall']['of_medians']:.2f} ({pr['min']:.2f}–{pr['max']:.2f})"))
                    print(f"  {'':<46} CPU sotay/{peer.capitalize()} {r['cpu']['of_medians']:.2f} "
                          f"({s[name]['cpu']['median']:.1f}/{s[peer]['cpu']['median']:.1f} s user+sys)")
            if not f.get("ratios") and n != 100000:
                print(line(f"full build {label}", None, None, " s", fmt(s[name]["wall"], "s")))
            if n == 100000:
                ref, where = reference_10000(results, previous)
                wall = ref and ref["wall"]["median"]
                value = s[name]["wall"]["median"] / wall if ref else None
                print(line("full build ÷ N = 10,000 build (no git)", value, t.get("vs_10000"), "×",
                           f"{s[name]['wall']['median']:.1f}/{wall:.2f} s = {value:.2f}×" if ref else where))
                if ref and "cpu" in ref and "cpu" in s[name]:
                    cpu = s[name]["cpu"]["median"], ref["cpu"]["median"]
                    print(f"  {'':<46} CPU (user+sys) {cpu[0]:.1f}/{cpu[1]:.1f} s = {cpu[0] / cpu[1]:.2f}×")
                if ref:
                    print(f"  {'':<46} (N = 10,000 figure from {where})")
            rss = s[name]["rss_mb"]
            print(line(f"peak RSS {label}", rss["max"], t.get("rss_mb"), " MB", fmt(rss, "MB", 0)))
            print(line(f"check {label}", figs["check"]["median"], t.get("check") if name == "sotay-git" else None,
                       " s", fmt(figs["check"], "s")))
            print(line(f"rebuild, nothing changed, {label}", figs["rebuild"]["median"], t.get("rebuild"), " s",
                       fmt(figs["rebuild"], "s")))
            print(line(f"files written by those rebuilds, {label}", figs["rewritten"], t.get("rewritten"), "",
                       f"{figs['rewritten']:,} of {figs['output_files']:,}"))
            if "serve_ms" in figs:
                v = figs["serve_ms"]
                print(line(f"serve edit → reload, {label}", v and v["median"], t.get("serve_ms"), " ms",
                           fmt(v, "ms", 1) if v else "FAILED (see above)"))
        for peer, p in f.get("peers", {}).items():
            print(f"  {peer} rendered {p['pages']:,} of {p['bodies']:,} bodies ({p['pages_with_body']:,} with a body)")
        print(f"  load average at start / end: {' '.join(f['loadavg_start'])} / {' '.join(f.get('loadavg_end', ['?']))}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="comma-separated document counts")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is reported)")
    ap.add_argument("--compare", action="store_true",
                    help="alternating full builds by sotay (git and no git), Zola and Hugo into fresh folders")
    ap.add_argument("--warmup", type=int, default=1,
                    help="--compare: uncounted rounds first (fills sotay's git-history cache and the page cache)")
    ap.add_argument("--zola", type=Path, default=Path(os.environ["ZOLA"]) if os.environ.get("ZOLA") else None,
                    help="the Zola binary (default: $ZOLA); without it Zola is skipped")
    ap.add_argument("--peers-max-docs", type=int, default=50000, help="skip Zola and Hugo above this N")
    ap.add_argument("--edits", type=int, default=20, help="edits for the serve latency at N = 10 000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/sotay-bench"), help="where manuals and outputs go")
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "sotay")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo even when it is installed")
    ap.add_argument("--delete-between", action="store_true",
                    help="without --compare: delete the previous output right before each full build")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve latency")
    ap.add_argument("--no-git", action="store_true",
                    help="manuals without git history only (generating 7 000 commits for N = 50 000 takes most of an hour)")
    ap.add_argument("--summary", action="store_true",
                    help="only print the summary of the --sizes stored in WORK/results.json, measuring nothing")
    args = ap.parse_args()
    if args.summary:
        stored = json.loads((args.work / "results.json").read_text())["sizes"]
        print_summary({int(n): stored[n] for n in args.sizes.split(",") if n in stored}, stored)
        return
    for tool in ("hyperfine",):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install {tool}")
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is not installed: apt-get install time")
    if not args.bin.exists():
        sys.exit(f"{args.bin} does not exist: cargo build --release")
    args.bin = args.bin.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "commands.txt").write_text("")
    zola = subprocess.run([args.zola, "--version"], capture_output=True, text=True).stdout.strip() if (
        args.zola and args.zola.is_file()) else "not given"
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split(" BuildDate")[0] if (
        shutil.which("hugo")) else "not installed"
    print(f"sotay: {args.bin}; zola: {args.zola or '-'} ({zola}); hugo: {hugo}; {os.cpu_count()} cores", flush=True)

    results_file = args.work / "results.json"
    stored = json.loads(results_file.read_text()) if results_file.exists() else {}
    previous = stored.get("sizes", {}) if isinstance(stored.get("sizes"), dict) else {}
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = {}
    try:
        for n in sizes:
            results[n] = compare_size(args.work, n, args) if args.compare else bench_size(args.work, n, args)
            merged = dict(previous, **{str(k): v for k, v in results.items()})
            results_file.write_text(json.dumps({"sizes": merged}, indent=1, ensure_ascii=False))
    finally:
        print(f"deleting {args.work / 'set-aside'} and the runs' output folders …", flush=True)
        for n in sizes:
            set_aside(args.work, args.work / f"runs-{n}")
        subprocess.run(["rm", "-rf", str(args.work / "set-aside")])  # faster than shutil.rmtree: 9 GB at N = 10 000
    print_summary(results, previous)
    print(f"figures in {results_file}; commands in {args.work / 'commands.txt'}")


if __name__ == "__main__":
    main()
