"""Throughput of the annual-report parser: reports per second by format, serial and with -j 2.

Generates reports per format in a temporary folder and parses them through the same worker the
CLI uses. The PDFs are shaped like the ones agencies publish: 8–10 pages, with pages of narrative
before and after the tables, page numbers in the footer, the requests table broken across a
page; one kind with ruled tables, one with tables drawn without lines. Prints reports/second,
how many cells came back wrong against the model they were rendered from, and peak memory.
For PDFs it also times raw pypdfium2 text extraction of the same files in the same run (the
floor any reading of the text layer pays) and the parser's ratio to it; for scans, OCR's cost
per page.
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

import parse_convert  # noqa: E402
import parse_render as render  # noqa: E402
from parse_scoring import score  # noqa: E402

from gongkai.cli.parse import _map  # noqa: E402

WRITERS = {
    "text": (
        ".txt",
        lambda r, i: render.to_text(r, ("lines", "pipes", "tabs")[i % 3]).encode("utf-8"),
    ),
    "html": (".html", lambda r, i: render.to_html(r, "gbk" if i % 2 else "utf-8")),
    "docx": (".docx", lambda r, i: render.to_docx(r)),
    "pdf": (
        ".pdf",
        lambda r, i: render.to_pdf(
            r, narrative_pages=7, page_numbers=True, seed=i, embed_font=True
        ),
    ),
    "pdf-nl": (
        ".pdf",
        lambda r, i: render.to_pdf(
            r,
            ruled=False,
            repeat_header=True,
            narrative_pages=7,
            page_numbers=True,
            seed=i,
            embed_font=True,
        ),
    ),
    # reportlab's STSong-Light is not embedded: pdfium substitutes a system font on every page.
    "pdf-ne": (".pdf", lambda r, i: render.to_pdf(r, narrative_pages=7, page_numbers=True, seed=i)),
    # A scan: every page a picture, read by OCR (few files: seconds per page).
    "pdf-scan": (
        ".pdf",
        lambda r, i: parse_convert.scanned(render.to_pdf(r, seed=i, embed_font=True)),
    ),
}
OCR_FILES = 4  # OCR costs seconds a page; a handful of files gives its cost per page
# A handful of distinct reports, copied: generation (reportlab) would dominate otherwise.
SAMPLES = [("2021", 2022), ("2019", 2020), ("2021", 2023)] * 2


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    only = sys.argv[2:] or list(WRITERS)
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'format':8} {'files':>6} {'pages':>6} {'-j 1 (rep/s)':>13} {'-j 2 (rep/s)':>13}"
            f" {'errors':>7} {'wrong cells':>12} {'ms/report':>10} {'raw text ms':>12} {'ratio':>6}"
        )
        for fmt in only:
            suffix, write = WRITERS[fmt]
            folder = Path(tmp) / fmt
            folder.mkdir()
            models = [render.make_report(t, y, seed=s) for s, (t, y) in enumerate(SAMPLES)]
            samples = [write(m, s) for s, m in enumerate(models)]
            expected = {}
            files = min(count, OCR_FILES) if fmt == "pdf-scan" else count
            for i in range(files):
                path = folder / f"{i:05d}{suffix}"
                path.write_bytes(samples[i % len(samples)])
                expected[str(path)] = models[i % len(models)]
            paths = sorted(expected)
            pages = _pages(samples[0]) if suffix == ".pdf" else 1
            rates, errors, wrong = [], 0, 0
            for jobs in (1, 2) if fmt != "pdf-scan" else (1,):
                start = time.perf_counter()
                records = list(_map(paths, jobs, {}))
                rates.append(len(paths) / (time.perf_counter() - start))
                errors = sum("error" in r for r in records)
                wrong = sum(
                    len(score({**expected[r["source"]], "expected_findings": []}, r).wrong)
                    for r in records
                    if "error" not in r
                )
            per_report = 1000 / rates[0]
            raw = _raw_text_ms(paths) if suffix == ".pdf" and fmt != "pdf-scan" else None
            raw_text = f"{raw:12.1f} {per_report / raw:6.2f}" if raw else f"{'':12} {'':6}"
            print(
                f"{fmt:8} {len(paths):6d} {pages:6d} {rates[0]:13.1f}"
                f" {rates[1] if len(rates) > 1 else float('nan'):13.1f}"
                f" {errors:7d} {wrong:12d} {per_report:10.1f} {raw_text}"
            )
            if fmt == "pdf-scan":
                print(
                    f"  OCR: {per_report / 1000 / pages:.2f} s per page (-j 1, {pages} pages a report)"
                )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {own:.0f} MiB, largest worker {workers:.0f} MiB")


def _raw_text_ms(paths: list[str]) -> float:
    """Milliseconds a report for pypdfium2 alone to open it and extract every page's text."""
    import pypdfium2

    start = time.perf_counter()
    for path in paths:
        document = pypdfium2.PdfDocument(path)
        try:
            for i in range(len(document)):
                page = document[i]
                text = page.get_textpage()
                text.get_text_range()
                text.close()
                page.close()
        finally:
            document.close()
    return 1000 * (time.perf_counter() - start) / len(paths)


def _pages(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


if __name__ == "__main__":
    main()
