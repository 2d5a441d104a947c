#!/usr/bin/env python3
"""Benchmark a national portal over agencies' published sites (docs/portal.md, issue 24).

Why: a portal that lists agencies by their published sites (`site = "<folder>"` or
`url = "https://…/"`) reads each agency's manifest.json and the JSON it shows, verifies every
file, and should stay usable at national scale (thousands of agencies) and cheap on a nightly
rebuild where few agencies changed. Building thousands of manuals would take hours, so this
builds ONE small agency (bench/gen_manual.py, 50 documents) and clones its output N times with
per-agency changes (slug, address, agency name, titles) and a regenerated manifest.json, then
measures, with the release binary:

  1. a portal over N `site =` agencies (from disk): first build, then a rebuild after 1 % of
     the agencies changed;
  2. the same over N `url =` agencies served by a local HTTP server (Python's, Last-Modified
     and If-Modified-Since): first build, then the 1 % rebuild, counting requests and bytes.

Each run reports wall time and peak RSS (GNU time). Only the files a portal reads are cloned
(api/, tim-kiem/); the manifest still lists every file of the agency's site, as a real one does.

    python3 bench/portal_federation.py /tmp/fed --agencies 3000 [--sotay target/release/sotay]

Python 3.11 standard library only.
"""

import argparse
import hashlib
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

DATE = "2026-11-22"
TEMPLATE_SLUG = "a0000"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build_template(work, sotay, port):
    """One manual of 50 documents, built at the address of agency a0000."""
    manual = work / "manual"
    if not (manual / "sotay.toml").exists():
        sh([sys.executable, str(Path(__file__).with_name("gen_manual.py")), str(manual), "--docs", "50"])
    out = work / "template"
    sh([sotay, "build", str(manual), "--out", str(out), "--date", DATE,
        "--base-url", f"http://127.0.0.1:{port}/{TEMPLATE_SLUG}/"], stdout=subprocess.DEVNULL)
    return out


def read_files(template):
    """The files a portal reads (docs/json-api.md), as text, and the agency's manifest."""
    manifest = json.loads((template / "manifest.json").read_text())
    index = json.loads((template / "api/index.json").read_text())
    base = f"/{TEMPLATE_SLUG}/"
    wanted = {"api/index.json", "api/tthc-coverage.json"}
    wanted |= {d["json"][len(base):] for d in index["documents"]}
    read = {}
    for entry in manifest["files"]:
        path = entry["path"]
        if path in wanted or path.startswith("tim-kiem/") and path.endswith(".js"):
            read[path] = (template / path).read_text()
    return manifest, read


def clone(sites, slug, index, manifest, read, variant=""):
    """Agency `slug`: the template's files with its own address, name and titles."""
    site = sites / slug
    entries = []
    names = {e["path"]: e for e in manifest["files"]}
    for path, text in read.items():
        text = text.replace(f"/{TEMPLATE_SLUG}/", f"/{slug}/")
        text = text.replace("Sở Khoa học và Công nghệ", f"Sở Khoa học và Công nghệ {index}")
        if path == "api/index.json":  # a changed agency: a new name, one file and its manifest
            text = text.replace(f"Sở Khoa học và Công nghệ {index}", f"Sở Khoa học và Công nghệ {index}{variant}", 1)
        text = text.replace("Quy trình", f"Quy trình {slug}")
        data = text.encode()
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        names[path] = {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    entries = [names[p] for p in sorted(names)]
    listing = {"algorithm": "sha256", "files": entries, "sources": manifest.get("sources", [])}
    (site / "manifest.json").write_text(json.dumps(listing, ensure_ascii=False, indent=2))


def write_portal(root, lines):
    root.mkdir(parents=True, exist_ok=True)
    text = '[portal]\ntitle = "Cổng ISO quốc gia (thử tải)"\nbase_url = "https://iso.example.gov.vn/"\n'
    for line in lines:
        text += f"\n[[portal.agencies]]\n{line}\n"
    (root / "sotay.toml").write_text(text)


def timed(sotay, portal, out):
    """Builds the portal with --keep-going; wall seconds, peak RSS in MB, exit code."""
    cmd = ["/usr/bin/time", "-f", "%e %M", sotay, "build", str(portal), "--out", str(out), "--date", DATE,
           "--keep-going"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    last = run.stderr.strip().splitlines()[-1].split()
    if run.returncode != 0:
        print(run.stdout[-2000:], run.stderr[-2000:], file=sys.stderr)
    return float(last[0]), int(last[1]) / 1024, run.returncode


class Counting(http.server.SimpleHTTPRequestHandler):
    requests = 0
    sent = 0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def end_headers(self):
        with Counting.lock:
            Counting.requests += 1
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        with Counting.lock:
            Counting.sent += len(data)
        outputfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work")
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--port", type=int, default=18724)
    parser.add_argument("--sotay", default="target/release/sotay")
    args = parser.parse_args()
    work, sotay, n, port = Path(args.work), os.path.abspath(args.sotay), args.agencies, args.port
    work.mkdir(parents=True, exist_ok=True)
    template = build_template(work, sotay, port)
    manifest, read = read_files(template)
    sites = work / "sites"
    shutil.rmtree(sites, ignore_errors=True)
    started = time.time()
    slugs = [f"a{i:04d}" for i in range(n)]
    for i, slug in enumerate(slugs):
        clone(sites, slug, i, manifest, read)
    size = sum(f.stat().st_size for f in sites.rglob("*") if f.is_file())
    print(f"{n} agencies × 50 documents cloned in {time.time() - started:.1f} s: "
          f"{len(read)} files read per agency, {size / 1e6:.0f} MB")

    changed = slugs[:: 100]
    results = {}
    for kind in ["site", "url"]:
        portal, out = work / f"portal-{kind}", work / f"out-{kind}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work / f".sotay-out-{kind}.cache", ignore_errors=True)
        if kind == "site":
            write_portal(portal, [f'site = "../sites/{s}"' for s in slugs])
        else:
            write_portal(portal, [f'url = "http://127.0.0.1:{port}/{s}/"' for s in slugs])
        server = None
        if kind == "url":
            handler = lambda *a, **kw: Counting(*a, directory=str(sites), **kw)
            server = Server(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        for i, slug in enumerate(slugs):  # every run starts from the unchanged clones
            if slug in changed:
                clone(sites, slug, i, manifest, read)
        Counting.requests = Counting.sent = 0
        first = timed(sotay, portal, out)
        first_io = (Counting.requests, Counting.sent)
        time.sleep(1.1)  # Last-Modified has a one-second resolution
        for i, slug in enumerate(slugs):
            if slug in changed:
                clone(sites, slug, i, manifest, read, variant=" (sửa đổi)")
        Counting.requests = Counting.sent = 0
        second = timed(sotay, portal, out)
        second_io = (Counting.requests, Counting.sent)
        if server:
            server.shutdown()
        figures = json.loads((out / "api/portal.json").read_text())["figures"]
        results[kind] = (first, first_io, second, second_io, figures)
        print(f"[{kind}] first build: {first[0]:.1f} s, peak RSS {first[1]:.0f} MB, exit {first[2]}"
              + (f", {first_io[0]} requests, {first_io[1] / 1e6:.1f} MB" if kind == "url" else ""))
        print(f"[{kind}] rebuild, {len(changed)} agencies changed: {second[0]:.1f} s, peak RSS {second[1]:.0f} MB, "
              f"exit {second[2]}"
              + (f", {second_io[0]} requests, {second_io[1] / 1e6:.2f} MB" if kind == "url" else ""))
        print(f"[{kind}] figures: {figures['agencies']} agencies, {figures['documents']} documents, "
              f"failed {figures['failed']}")


if __name__ == "__main__":
    main()
