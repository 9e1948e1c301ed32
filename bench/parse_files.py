"""Parse time of given PDF files against raw pypdfium2 text extraction of the same files.

For real reports (bench/parse.py generates its own): per file, the median CPU time of parsing it
and of opening it and extracting every page's text with pypdfium2 alone, and their ratio.
CPU time rather than wall time, since the machines this runs on are shared.
Run: ``.venv/bin/python bench/parse_files.py FILE.pdf [FILE.pdf ...] [--rounds N]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pypdfium2

from gongkai.parsing import parse_bytes


def _raw_text(data: bytes) -> int:
    document = pypdfium2.PdfDocument(data)
    try:
        for i in range(len(document)):
            page = document[i]
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
        return len(document)
    finally:
        document.close()


def _median_ms(run, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print(f"{'file':30} {'pages':>5} {'raw text ms':>12} {'parse ms':>9} {'ratio':>6}")
    for path in args.files:
        data = path.read_bytes()
        pages = _raw_text(data)
        parse_bytes(data, path.name)  # warm: imports and caches
        raw = _median_ms(lambda data=data: _raw_text(data), args.rounds)
        parsed = _median_ms(lambda data=data, name=path.name: parse_bytes(data, name), args.rounds)
        print(f"{path.name[:30]:30} {pages:5d} {raw:12.1f} {parsed:9.1f} {parsed / raw:6.2f}")


if __name__ == "__main__":
    main()
