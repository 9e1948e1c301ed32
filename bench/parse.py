"""Throughput of the annual-report parser: reports per second by format, serial and with -j 2.

Generates a few hundred reports per format in a temporary folder (text, HTML, DOCX, PDF), parses
them through the same worker the CLI uses, and prints reports/second and peak memory.
Run: ``.venv/bin/python bench/parse.py [COUNT]`` (default 200 per format).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "parsing"))

import parse_render as render  # noqa: E402

from gongkai.cli.parse import _map  # noqa: E402

WRITERS = {
    "text": (
        ".txt",
        lambda r, i: render.to_text(r, ("lines", "pipes", "tabs")[i % 3]).encode("utf-8"),
    ),
    "html": (".html", lambda r, i: render.to_html(r, "gbk" if i % 2 else "utf-8")),
    "docx": (".docx", lambda r, i: render.to_docx(r)),
    "pdf": (".pdf", lambda r, i: render.to_pdf(r)),
}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for fmt, (suffix, write) in WRITERS.items():
            folder = Path(tmp) / fmt
            folder.mkdir()
            # A handful of distinct reports, copied: generation (reportlab) would dominate otherwise.
            samples = [
                write(render.make_report(t, y, seed=s), s)
                for s, (t, y) in enumerate([("2021", 2022), ("2019", 2020), ("2021", 2023)] * 2)
            ]
            for i in range(count):
                (folder / f"{i:05d}{suffix}").write_bytes(samples[i % len(samples)])
            folders[fmt] = sorted(str(p) for p in folder.iterdir())
        print(f"{'format':6} {'files':>6} {'-j 1 (rep/s)':>14} {'-j 2 (rep/s)':>14} {'errors':>7}")
        for fmt, paths in folders.items():
            rates = []
            errors = 0
            for jobs in (1, 2):
                start = time.perf_counter()
                records = list(_map(paths, jobs, {}))
                rates.append(len(paths) / (time.perf_counter() - start))
                errors = sum("error" in r for r in records)
            print(f"{fmt:6} {len(paths):6d} {rates[0]:14.1f} {rates[1]:14.1f} {errors:7d}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {own:.0f} MiB, largest worker {workers:.0f} MiB")


if __name__ == "__main__":
    main()
