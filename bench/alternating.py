"""Builds by several tools in alternating runs (a, b, c, a, b, c, …), each into a fresh folder.

Each run is one `/usr/bin/time -f "%e %U %S %M"` of the tool's command: wall time, user and system
CPU and peak resident memory from the same run. The output folder of each run is new (`OUT/TOOL-RUN`,
never there before) and nothing is deleted during the runs: on this machine's ext4 without a journal,
files created within a minute of many deletions cost seconds of system time (see `clear()` in
run.py). The caller deletes the folders at the end.
"""

import statistics
import subprocess
import tempfile

TIME_FORMAT = "%e %U %S %M"


def timed(log, argv):
    """One run of argv under /usr/bin/time: {wall, user, sys, cpu (s), rss_mb}. Raises on a non-zero exit."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times, tempfile.TemporaryFile() as err:
        cmd = ["/usr/bin/time", "-f", TIME_FORMAT, "-o", times.name] + [str(a) for a in argv]
        log(cmd)
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"`{' '.join(cmd)}` exited with {done.returncode}:\n"
                               + err.read().decode("utf-8", "replace")[-2000:])
        wall, user, system, rss_kb = times.read().strip().splitlines()[-1].split()
    return {"wall": float(wall), "user": float(user), "sys": float(system),
            "cpu": float(user) + float(system), "rss_mb": int(rss_kb) / 1024}


def alternate(log, tools, runs, out_root, progress=print, warmup=1):
    """tools: {name: function(out folder) -> argv}. Returns {name: [one dict of `timed` per run, with its
    output folder under "out"]}, the runs of each round in the order given. First `warmup` rounds are
    run and not counted (into TOOL-warmup-K): the page cache holds every tool's sources and binary, and
    sotay's git-history cache (.git/sotay) is filled, as for anyone who builds more than once."""
    for k in range(warmup):
        for name, argv_for in tools.items():
            record = timed(log, argv_for(out_root / f"{name}-warmup-{k + 1}"))
            progress(f"    warm-up {name:<12} wall {record['wall']:6.2f} s (not counted)")
    records = {name: [] for name in tools}
    for k in range(runs):
        for name, argv_for in tools.items():
            out = out_root / f"{name}-{k + 1}"
            if out.exists():
                raise RuntimeError(f"{out} exists: each run must write into a fresh folder")
            record = timed(log, argv_for(out))
            record["out"] = str(out)
            records[name].append(record)
            progress(f"    run {k + 1}/{runs} {name:<12} wall {record['wall']:6.2f} s, user {record['user']:6.2f} s, "
                     f"sys {record['sys']:5.2f} s, peak RSS {record['rss_mb']:6.0f} MB")
    return records


def spread(values):
    """{median, min, max} of a list of numbers."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summary(records):
    """{tool: {wall|user|sys|cpu|rss_mb: spread}} over each tool's runs."""
    return {name: {key: spread([r[key] for r in runs]) for key in ("wall", "user", "sys", "cpu", "rss_mb")}
            for name, runs in records.items() if runs}


def ratios(records, mine, peer):
    """mine/peer for wall and CPU: the ratio of the medians, and the range of the per-round ratios
    (run k of `mine` against run k of `peer`, taken seconds apart)."""
    result = {}
    for key in ("wall", "cpu", "rss_mb"):
        pairs = [a[key] / b[key] for a, b in zip(records[mine], records[peer]) if b[key] > 0]
        medians = statistics.median(r[key] for r in records[mine]) / statistics.median(r[key] for r in records[peer])
        result[key] = {"of_medians": medians, "per_round": spread(pairs) if pairs else None}
    return result
