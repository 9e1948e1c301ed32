"""Scanned reports: image-only PDFs read by offline OCR, then by the same table reading."""

import json
from pathlib import Path

import parse_convert
import parse_render as render
import pytest
from parse_scoring import score

from gongkai.parsing.readers import ocr
from gongkai.parsing.readers.pdf import _compose, _Page
from gongkai.parsing.reading import _finish

CONVERTED = Path(__file__).parent / "converted"


def _from_kept_words(name: str):
    words = json.loads((CONVERTED / f"{name}.ocr.json").read_text(encoding="utf-8"))
    pages = [_Page(i, 842.0, ocr.words_to_chars(w), "", 0, 1) for i, w in enumerate(words)]
    return _finish(_compose(pages), None)


def test_recognised_words_read_to_the_cell():
    """OCR's words of a scan of our own rendered report (kept, so no OCR is needed here)."""
    report = json.loads((CONVERTED / "scan-2021.json").read_text(encoding="utf-8"))
    result = _from_kept_words("scan-2021")
    assert score({**report, "expected_findings": []}, result.report).wrong == []
    # Cells OCR missed were inferred from the sums, and say so.
    inferred = [f for f in result.report["findings"] if f["rule"] == "parse.inferred"]
    assert inferred and all("推算" in result.provenance[c] for f in inferred for c in f["cells"])


def test_each_cell_carries_its_confidence_and_low_ones_are_findings():
    result = _from_kept_words("scan-2021")
    where = result.provenance["requests.received_this_year.total"]
    assert where.startswith("第1页") and "识别置信度" in where
    low = [f for f in result.report["findings"] if f["rule"] == "parse.low_confidence"]
    assert low and all(f["severity"] == "warning" and len(f["cells"]) == 1 for f in low)
    for f in low:
        confidence = float(result.provenance[f["cells"][0]].split("识别置信度 ")[1][:4])
        assert confidence < 0.85


def test_digit_lookalikes_in_number_cells():
    chars = ocr.words_to_chars([([[0, 0], [10, 0], [10, 10], [0, 10]], "。", 0.6)])
    assert chars[0].text == "0" and chars[0].confidence == 0.6
    assert ocr.words_to_chars([([[0, 0], [9, 0], [9, 9], [0, 9]], "l2", 0.7)])[0].text == "12"
    assert ocr.words_to_chars([([[0, 0], [9, 0], [9, 9], [0, 9]], "公开", 0.9)])[0].text == "公开"


@pytest.mark.skipif(not ocr.available(), reason=f"未安装 OCR 组件（{ocr.INSTALL}）")
def test_a_scanned_pdf_end_to_end():
    from gongkai.parsing import parse_bytes

    report = render.make_report("2019", 2020, seed=142)
    data = parse_convert.scanned(render.to_pdf(report, embed_font=True))
    result = parse_bytes(data, "scan.pdf")
    assert result.source_format == "pdf-ocr"
    s = score({**report, "expected_findings": []}, result.report)
    assert s.percent >= 90, s.wrong
    # Whatever OCR got wrong, a finding points a person at it.
    flagged = {c for f in result.report["findings"] for c in f.get("cells") or []}
    wrong = [w.split(":")[0] for w in s.wrong]
    rows = {".".join(c.split(".")[:2]) for c in flagged}
    assert all(w in flagged or ".".join(w.split(".")[:2]) in rows for w in wrong), wrong


def test_a_poster_sized_page_is_rendered_within_a_pixel_budget(monkeypatch):
    import numpy as np
    from PIL import Image

    scales = []

    class Bitmap:
        def __init__(self, scale):
            self.scale = scale

        def to_pil(self):
            return Image.new("L", (8, 8))

    class Page:
        def get_size(self):
            return (20000.0, 20000.0)

        def render(self, scale):
            scales.append(scale)
            return Bitmap(scale)

    monkeypatch.setattr(
        ocr,
        "_engine",
        lambda: lambda img, **kw: ([([[1, 1], [2, 1], [2, 2], [1, 2]], "7", 0.9)], None),
    )
    ((box, text, score),) = ocr.recognise_page(Page())
    assert (20000 * scales[0]) ** 2 <= ocr._MAX_PIXELS * 1.001
    # Boxes still come back in pixels at the nominal DPI, so positions stay in PDF points.
    assert np.isclose(box[0][0], ocr.DPI / 72 / scales[0])
    assert (text, score) == ("7", 0.9)
