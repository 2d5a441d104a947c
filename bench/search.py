#!/usr/bin/env python3
"""Search at scale (issue 19, item 7): the index of a generated manual, what a query loads, how fast it answers.

    python3 bench/search.py --docs 10000 --sotay $CARGO_TARGET_DIR/release/sotay

Generates a manual with bench/gen_manual.py (unless --manual names one), builds it, then runs a few
queries in Node.js through the built index and the theme's search.js, the way the search page
loads it: the manifest, then only the parts a query needs. Prints the index's files (raw and gzip),
per query the parts loaded and their gzip size (what a phone downloads before the first result),
the time of the first (cold) run and of a warm run. Figures, not a test: the budget is 300 KB
gzip transferred for a first result and 50 ms per query at N = 10,000 (issue 19).
"""

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "giay phep", "thủ tục cấp giấy chứng nhận", "QT-0042", "qt0042", "1.013862", "phi tham dinh",
    "giay chung nhan dang ky", "khai sinh", "hồ sơ đề nghị", "chung chi bux xa", "an toàn bức xạ",
]

NODE = r"""
const fs = require("fs");
const dir = process.argv[1], sizes = JSON.parse(process.argv[2]), queries = JSON.parse(process.argv[3]);
globalThis.window = globalThis;
eval(fs.readFileSync(process.argv[4], "utf8"));
const rows = [];
for (const q of queries) {
  for (const k of Object.keys(globalThis)) { if (k.startsWith("SOTAY_SEARCH")) delete globalThis[k]; }
  const loaded = ["index.js"];
  const t0 = performance.now();
  eval(fs.readFileSync(dir + "/index.js", "utf8"));
  const load = (name, done) => {
    loaded.push(name + ".js");
    eval(fs.readFileSync(dir + "/" + name + ".js", "utf8"));
    done((window.SOTAY_SEARCH_PARTS || {})[name] || null);
  };
  const searcher = SotaySearch.open(window.SOTAY_SEARCH_INDEX, load);
  let answer = null;
  searcher.query(q, 10, (a) => { answer = a; });
  const cold = performance.now() - t0;
  const runs = 5, t1 = performance.now();
  for (let i = 0; i < runs; i++) { searcher.query(q, 10, () => {}); }
  const warm = (performance.now() - t1) / runs;
  const gz = loaded.reduce((s, f) => s + (sizes[f] || 0), 0);
  rows.push({ q, results: answer.total, first: answer.results[0] ? (answer.results[0].doc.c || answer.results[0].doc.u) : null,
              suggestion: answer.suggestion, files: loaded.length, gzip: gz, cold, warm });
}
process.stdout.write(JSON.stringify(rows));
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--sotay", default=str(ROOT / "target" / "release" / "sotay"))
    ap.add_argument("--manual", type=Path, help="an existing manual folder (skips generating one)")
    ap.add_argument("--site", type=Path, help="an existing built site (skips generating and building)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sotay-search-bench-"))
    manual = args.manual or work / "manual"
    site = args.site or work / "site"
    if not args.site:
        if not args.manual:
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_manual.py"), str(manual), "--docs", str(args.docs)], check=True)
        subprocess.run([args.sotay, "build", str(manual), "--out", str(site)], check=True, stdout=subprocess.DEVNULL)
    folder = site / "tim-kiem"
    files = sorted(p for p in folder.glob("*.js"))
    sizes = {p.name: len(gzip.compress(p.read_bytes(), 9)) for p in files}
    raw = sum(p.stat().st_size for p in files)
    print(f"index of {site}: {len(files)} files, {raw / 1024:.0f} KB raw, {sum(sizes.values()) / 1024:.0f} KB gzip")
    print(f"  index.js (manifest or whole index): {(folder / 'index.js').stat().st_size / 1024:.1f} KB raw, {sizes['index.js'] / 1024:.1f} KB gzip")
    biggest = max(files, key=lambda p: sizes[p.name])
    print(f"  largest part: {biggest.name}, {sizes[biggest.name] / 1024:.1f} KB gzip")
    out = subprocess.run(["node", "-e", NODE, str(folder), json.dumps(sizes), json.dumps(QUERIES),
                          str(ROOT / "themes" / "default" / "static" / "search.js")],
                         check=True, capture_output=True, text=True)
    print(f"{'query':34} {'found':>6} {'first':>14} {'files':>5} {'gzip KB':>8} {'cold ms':>8} {'warm ms':>8}")
    for r in json.loads(out.stdout):
        print(f"{r['q'][:34]:34} {r['results']:>6} {str(r['first'])[:14]:>14} {r['files']:>5} "
              f"{r['gzip'] / 1024:>8.1f} {r['cold']:>8.1f} {r['warm']:>8.1f}" + (f"  (did you mean: {r['suggestion']})" if r['suggestion'] else ""))


if __name__ == "__main__":
    main()
