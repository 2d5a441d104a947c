"""Issue 23's targets, on the 2-core machine with every feature on, and how a figure is judged against one.

At N = 10 000, with git history and without: a full build at least as fast as Zola 0.22.1 on the same
bodies in the same run (sotay's median wall time / Zola's ≤ 1.0); peak RSS ≤ 400 MB; `sotay check`
≤ 1.0 s with git; a rebuild with nothing changed ≤ 0.3 s writing no file; `serve` edit → reload
median ≤ 40 ms. At N = 50 000 peak RSS ≤ 1.5 GB. At N = 100 000 (no git history, measured once) a
full build ≤ 10.5× the N = 10 000 build (no git) and peak RSS ≤ 2 GB. Memory is judged on the largest
peak of the runs, times on the median. MB here are MiB (/usr/bin/time's %M is in KiB), and 1.5 GB and
2 GB are taken as 1 500 and 2 000 MB, the stricter reading.
"""

TARGETS = {
    10000: {"vs_zola": 1.0, "rss_mb": 400, "check": 1.0, "rebuild": 0.3, "rewritten": 0, "serve_ms": 40},
    50000: {"rss_mb": 1500},
    100000: {"vs_10000": 10.5, "rss_mb": 2000},
}


def verdict(value, target, unit=""):
    """'meets (0.8× the target)' or 'misses by 2.1× (+1.30 s)'; '' without a figure or a target."""
    if value is None or target is None:
        return ""
    if value <= target:
        return "meets" + (f" ({value / target:.2f}× the target)" if target else "")
    if not target:
        return f"MISSES ({value:g}{unit} for none)"
    if unit == "×":  # a ratio: the factor says it all
        return f"MISSES by {value / target:.2f}×"
    over = f"+{value - target:,.0f}{unit}" if unit == " MB" else f"+{value - target:,.2f}{unit}"
    return f"MISSES by {value / target:.2f}× ({over})"


def line(label, value, target, unit, figure):
    """One summary line: the figure as printed, its target and the verdict."""
    shown = "—" if target is None else f"{target:g}{unit}"
    return f"  {label:<46} {figure:<34} target ≤ {shown:<10} {verdict(value, target, unit)}"
