#!/usr/bin/env python3
"""Time and peak memory of `sotay build` on manuals with one very large document (issue 16).

Why: a 50 MB body needed 4.45 GB, 100,000 steps 1.6 GB, and 20,000 copies of one heading a
minute; these are the figures to watch. Each case is made by `gen_large.py` (once, under
/tmp/sotay-large) and built once with `/usr/bin/time`; the table gives wall time, peak RSS and
RSS as a multiple of the largest source file.

    cargo build --release
    python3 bench/large.py                                  # target/release/sotay
    python3 bench/large.py --sotay /path/to/sotay --cases body,headings
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = {
    "body": ["body", "--mb", "50"],
    "steps": ["steps", "--count", "100000"],
    "headings": ["headings", "--count", "100000"],
}


def largest_source(root: Path) -> int:
    return max(p.stat().st_size for p in (root / "content").rglob("*.md"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sotay", default=str(HERE.parent / "target" / "release" / "sotay"))
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--work", default="/tmp/sotay-large")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        print("needs /usr/bin/time (apt-get install time)", file=sys.stderr)
        return 2
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'case':<10} {'source MB':>10} {'time s':>8} {'peak RSS MB':>12} {'RSS / source':>13}  exit")
    for name in args.cases.split(","):
        manual = work / name
        if not (manual / "sotay.toml").exists():
            subprocess.run([sys.executable, str(HERE / "gen_large.py"), str(manual), *CASES[name]], check=True)
        out = work / f"{name}-out"
        shutil.rmtree(out, ignore_errors=True)
        timed = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", args.sotay, "build", str(manual), "--out", str(out), "--quiet"],
            capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1780000000"},
        )
        seconds, kb = timed.stderr.strip().splitlines()[-1].split()
        source = largest_source(manual)
        rss = int(kb) * 1024
        print(f"{name:<10} {source / 1e6:>10.1f} {float(seconds):>8.2f} {rss / 1e6:>12.0f} {rss / source:>12.1f}x  {timed.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
