#!/usr/bin/env python3
"""Measure how fast `sotay serve` shows an edit, against a full `sotay build`.

Why: the preview server exists so that the ISO secretary sees an edit in the browser at once.
This times what she waits for, on a generated manual of N documents (bench/gen_manual.py):

  * start-up: from starting `sotay serve DIR --port 0 --date 2026-11-22` to the first
    `GET /` that answers 200;
  * edit to reload: from just before a procedure's file is written to the moment the server's
    Server-Sent Events stream (`/__sotay/events`) sends `event: reload`, then checks that the
    procedure's page holds the new word (so a reload that came too early does not count);
  * for comparison, a full `sotay build DIR --out … --date 2026-11-22` (median of 3).

    python3 bench/serve_latency.py --docs 1000 [--edits 20] [--seed 1] [--git] [--no-build]

Only loopback is used; every wait has a timeout with a message saying what did not happen; the
server is stopped (and the edited file restored) on the way out, also after an error.
"""

import argparse
import http.client
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-11-22"
URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)(/\S*)?")
REBUILT_RE = re.compile(r"\bbuilt .*in (\d+) ms|rebuilt .*in (\d+) ms")  # the server's own timing, on stderr


class Fail(Exception):
    """A step of the benchmark did not happen; the message says which."""


def ensure_manual(args):
    """The generated manual in /tmp, reused when it is there (generation is deterministic)."""
    if args.manual:
        return args.manual
    folder = Path(f"/tmp/sotay-bench-{args.docs}-s{args.seed}{'-git' if args.git else ''}")
    if args.regen or not (folder / "sotay.toml").is_file():
        cmd = [sys.executable, str(ROOT / "bench" / "gen_manual.py"), str(folder), "--docs", str(args.docs),
               "--seed", str(args.seed), "--force"] + (["--git"] if args.git else [])
        subprocess.run(cmd, check=True)
    return folder


def get(port, path, timeout):
    """GET on loopback; returns (status, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    """`sotay serve` as a child process; stdout is scanned for its URL, stderr kept for errors."""

    def __init__(self, binary, manual):
        self.cmd = [str(binary), "serve", str(manual), "--port", "0", "--date", DATE]
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
        self.url = queue.Queue()
        self.stderr, self.rebuilds = [], []  # last lines; (arrival, ms) the server reports
        self.readers = [threading.Thread(target=f, daemon=True) for f in (self._stdout, self._stderr)]
        for reader in self.readers:
            reader.start()

    def _stdout(self):
        for line in self.proc.stdout:
            match = URL_RE.search(line)
            if match:
                self.url.put((time.perf_counter(), int(match.group(1)), match.group(2) or "/"))

    def _stderr(self):
        log = open(os.environ["SOTAY_BENCH_SERVER_LOG"], "w") if os.environ.get("SOTAY_BENCH_SERVER_LOG") else None
        for line in self.proc.stderr:
            if log:
                log.write(line)
                log.flush()
            self.stderr = (self.stderr + [line.rstrip()])[-30:]
            match = REBUILT_RE.search(line)
            if match:
                self.rebuilds.append((time.perf_counter(), int(match.group(1) or match.group(2)), line.strip()))

    def tail(self):
        return "\n".join("    " + line for line in self.stderr) or "    (nothing on stderr)"

    def wait_url(self, timeout):
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                return self.url.get(timeout=0.05)
            except queue.Empty:
                if self.proc.poll() is not None:
                    for reader in self.readers:
                        reader.join(timeout=2)
                    raise Fail(f"`{' '.join(self.cmd)}` ended before printing a http://127.0.0.1:PORT/ line")
        raise Fail(f"no http://127.0.0.1:PORT/ line on stdout within {timeout:.0f} s")

    def rss_mb(self):
        """The server's resident memory (Linux), or None."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
            return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
        except (OSError, AttributeError):
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # Ctrl-C: the server's own way out
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


class Events(threading.Thread):
    """Reads the Server-Sent Events stream; puts (arrival time, event, data) on a queue."""

    def __init__(self, port, path, timeout):
        super().__init__(daemon=True)
        self.events = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.conn.request("GET", path, headers={"Accept": "text/event-stream", "Cache-Control": "no-cache"})
        self.response = self.conn.getresponse()
        kind = self.response.getheader("Content-Type", "")
        if self.response.status != 200 or not kind.startswith("text/event-stream"):
            raise Fail(f"GET {path} answered {self.response.status} {kind!r}, not a 200 text/event-stream")

    def run(self):
        event, data = "message", []
        try:
            while True:
                line = self.response.readline()
                if not line:
                    self.events.put((time.perf_counter(), "closed", "the server closed the event stream"))
                    return
                line = line.decode("utf-8", "replace").rstrip("\r\n")
                if line == "":
                    if data or event != "message":
                        self.events.put((time.perf_counter(), event, "\n".join(data)))
                    event, data = "message", []
                elif line.startswith(":"):
                    continue  # keep-alive comment
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        event = value
                    elif field == "data":
                        data.append(value)
        except (OSError, ValueError, AttributeError) as error:  # timeouts; or close() from the main thread
            self.events.put((time.perf_counter(), "closed", f"event stream failed: {error!r}"))

    def next(self, timeout, what):
        try:
            item = self.events.get(timeout=timeout)
        except queue.Empty:
            raise Fail(f"no Server-Sent Event within {timeout:.0f} s while waiting for {what}") from None
        if item[1] == "closed":
            raise Fail(f"{item[2]} while waiting for {what}")
        return item

    def drain(self):
        while True:
            try:
                self.events.get_nowait()
            except queue.Empty:
                return

    def close(self):
        self.conn.close()


def measure_serve(binary, manual, args):
    procedure = sorted((manual / "content" / "procedures").glob("*.md"))[0]
    page = "quy-trinh/" + procedure.stem.lower() + "/"
    original = procedure.read_bytes()
    server, events, result = Server(binary, manual), None, {}
    try:
        printed, port, base = server.wait_url(args.start_timeout)
        result["url"] = (printed - server.started) * 1000
        deadline, last = time.perf_counter() + args.start_timeout, None
        while True:
            try:
                status, _ = get(port, base, timeout=5)
                if status == 200:
                    break
                last = f"status {status}"
            except OSError as error:
                last = repr(error)
            if server.proc.poll() is not None:
                raise Fail("sotay serve ended before GET / answered 200")
            if time.perf_counter() > deadline:
                raise Fail(f"GET {base} did not answer 200 within {args.start_timeout:.0f} s (last: {last})")
            time.sleep(0.02)
        result["first_page"] = (time.perf_counter() - server.started) * 1000
        events = Events(port, base + "__sotay/events", timeout=max(args.edit_timeout, 30))
        events.start()
        _, kind, version = events.next(10, "the `hello` event")
        if kind != "hello":
            raise Fail(f"the event stream began with `{kind}`, not `hello`")
        latencies = []
        for k in range(args.edits):
            word = f"sotaybench{k:03d}x"
            text = original.rstrip(b"\n") + f"\n\nTừ đánh dấu lần đo {k + 1}: {word}.\n".encode()
            time.sleep(args.pause)
            events.drain()
            t0 = time.perf_counter()
            with open(procedure, "wb") as f:
                f.write(text)
            deadline = t0 + args.edit_timeout
            while True:  # the first reload whose page shows the word
                arrived, kind, data = events.next(max(0.1, deadline - time.perf_counter()), f"edit {k + 1}'s reload")
                if kind != "reload":
                    continue
                status, body = get(port, base + page, timeout=args.edit_timeout)
                if status == 200 and word.encode() in body:
                    latencies.append((arrived - t0) * 1000)
                    break
                if time.perf_counter() > deadline:
                    raise Fail(f"after edit {k + 1}, {base}{page} answered {status} without `{word}` "
                               f"within {args.edit_timeout:.0f} s")
            rss = server.rss_mb()
            result["rss"] = max(result.get("rss", 0), rss or 0)
            own = None  # what the server says on stderr (read by another thread, so maybe a little later)
            for _ in range(50):
                own = next(((ms, line) for at, ms, line in server.rebuilds if at >= t0), None)
                if own:
                    result.setdefault("own", []).append(own[0])
                    result["own_line"] = own[1]
                    break
                time.sleep(0.02)
            print(f"  edit {k + 1:2d}: reload after {latencies[-1]:7.1f} ms (version {data}"
                  + (f"; server says rebuilt in {own[0]} ms" if own else "")
                  + (f"; server RSS {rss:.0f} MB)" if rss else ")"), flush=True)
        result["latencies"] = latencies
        return result
    except Fail as error:
        time.sleep(0.5)
        code = server.proc.poll()
        state = "is still running" if code is None else f"exited with status {code}" + (
            f" (killed by signal {-code}, not by this script)" if code < 0 else "")
        raise Fail(f"{error}\n  sotay serve {state}; its stderr:\n{server.tail()}") from None
    finally:
        procedure.write_bytes(original)
        if events:
            events.close()
        server.stop()


def timed(cmd):
    """Runs cmd; returns (seconds, max RSS in MB). Raises Fail on a non-zero exit."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a long report cannot block the child
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own max RSS
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise Fail(f"`{' '.join(cmd)}` exited with {proc.returncode}:\n{err.read().decode('utf-8', 'replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--git", action="store_true", help="benchmark a manual with git history")
    ap.add_argument("--manual", type=Path, help="benchmark this manual folder instead of generating one")
    ap.add_argument("--regen", action="store_true", help="regenerate the manual even if it is in /tmp")
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "sotay")
    ap.add_argument("--start-timeout", type=float, default=180, help="seconds to wait for the first page")
    ap.add_argument("--edit-timeout", type=float, default=60, help="seconds to wait for each reload")
    ap.add_argument("--pause", type=float, default=0.3, help="seconds between edits")
    ap.add_argument("--no-serve", action="store_true", help="only time the full build")
    ap.add_argument("--no-build", action="store_true", help="skip the full-build comparison")
    args = ap.parse_args()
    if not args.bin.is_file():
        sys.exit(f"{args.bin} not found: run `cargo build --release` first (or pass --bin)")
    if not 1 <= args.edits <= 1000:
        ap.error("--edits must be between 1 and 1000")
    manual = ensure_manual(args)
    failed = None
    print(f"manual: {manual} ({args.docs} documents)", flush=True)
    if not args.no_serve:
        try:
            r = measure_serve(args.bin, manual, args)
            lat = r["latencies"]
            print(f"serve: URL printed after {r['url']:.0f} ms; first GET / = 200 after {r['first_page']:.0f} ms")
            if r.get("own"):
                print(f"server's own rebuild time: median {statistics.median(r['own']):.0f} ms "
                      f"(last report: {r['own_line']!r})")
            print(f"edit → reload over {len(lat)} edits: median {statistics.median(lat):.1f} ms, "
                  f"min {min(lat):.1f} ms, max {max(lat):.1f} ms; server RSS up to {r.get('rss', 0):.0f} MB", flush=True)
        except Fail as error:
            failed = error
            print(f"serve benchmark FAILED: {error}", file=sys.stderr, flush=True)
    if not args.no_build:
        out = Path(f"{manual}-site")
        cmd = [str(args.bin), "build", str(manual), "--out", str(out), "--date", DATE]
        try:
            runs = [timed(cmd) for _ in range(3)]
            seconds = statistics.median(s for s, _ in runs)
            print(f"full build (median of 3): {seconds * 1000:.0f} ms, max RSS {max(m for _, m in runs):.0f} MB")
        except Fail as error:
            failed = error
            print(f"build FAILED: {error}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
