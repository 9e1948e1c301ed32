"""Converting rendered reports the way researchers do: PDF (from reportlab or from LibreOffice's
export of the DOCX) to Markdown with markitdown, and old Office formats through LibreOffice.

``python tests/parsing/parse_convert.py`` rewrites the converted inputs kept in ``converted/``
(each ``NAME.md`` beside ``NAME.json``, the model it was rendered from), so the tests read the
converters' output without needing the converters installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import parse_render as render

from gongkai.annual_report import tables

HERE = Path(__file__).parent
CONVERTED = HERE / "converted"

# name: (template, year, seed, how the PDF is made)
CORPUS = {
    "md-2021-ruled": ("2021", 2022, 81, {"embed_font": True}),
    "md-2019-ruled": ("2019", 2020, 82, {"embed_font": True}),
    "md-2021-unruled": ("2021", 2022, 83, {"ruled": False, "repeat_header": True}),
    "md-2019-unruled-long": (
        "2019",
        2020,
        84,
        {"ruled": False, "narrative_pages": 2, "page_numbers": True},
    ),
    "md-2021-ruled-header-repeated": ("2021", 2023, 85, {"repeat_header": True}),
    "md-2021-libreoffice": ("2021", 2022, 91, "libreoffice"),
    "md-2019-libreoffice": ("2019", 2020, 92, "libreoffice"),
    "md-2021-row-groups": ("2021", 2022, 95, "row-groups"),
    "md-2019-row-groups-cut-header": ("2019", 2020, 96, "row-groups-cut"),
}


def row_groups_markdown(report: dict, appeals: str = "groups") -> str:
    """Markdown the way converters that rebuild tables from text blocks print a report: section
    三 as one small table per row group under generic headers (数据1 …), labels without their
    numbering, one label fused with its group's ("（五）不 | 3.…"), one cut short; section 四
    as three one-row tables under ### headings, or (``appeals="cut"``) 15 values under a
    header row cut to 10 cells."""
    t = report["template"]
    f = render.fmt
    out = [
        report["title"],
        "",
        render.INTRO.format(year=report["year"]),
        "",
        "## 二、主动公开政府信息情况",
        "",
    ]
    for key, spec in tables.PROACTIVE_ROWS[t].items():
        vals = [f(report["proactive"][key][c], signed=c == "change") for c in spec.columns]
        out += [
            "| " + " | ".join(["信息内容", *spec.columns.values()]) + " |",
            "|" + "---|" * (len(vals) + 1),
            "| " + " | ".join([spec.label.split()[-1], *vals]) + " |",
            "",
        ]
    out += ["## 三、收到和处理政府信息公开申请情况", ""]
    keys = [k for k in tables.REQUEST_ROWS[t] if not (t == "2021" and k == "other")]
    groups = [keys[:2], keys[2:4], keys[4:12], keys[12:15], keys[15:20], keys[20:-2], keys[-2:]]
    head = "| " + " | ".join(f"数据{i}" for i in range(1, 9)) + " |"
    for g in groups:
        out += [head, "|" + "---|" * 8]
        for k in g:
            label = tables.REQUEST_ROWS[t][k].split(" ")[-1]
            label = re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", label)
            vals = [f(report["requests"][k][c]) for c in tables.APPLICANT_COLUMNS]
            if k == "not_processed_publication":
                cells = ["（五）不", "3." + label, *vals]
            elif k == "other_no_correction":
                cells = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公", *vals]
            else:
                cells = [label, *vals]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    out += ["## 四、政府信息公开行政复议、行政诉讼情况", ""]
    names = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
    heads = list(tables.APPEAL_COLUMNS.values())
    if appeals == "cut":
        values = [
            f(report["appeals"][g][c]) for g in tables.APPEAL_GROUPS for c in tables.APPEAL_COLUMNS
        ]
        out += [
            "| " + " | ".join(heads * 2) + " |",
            "|" + "---|" * 10,
            "| " + " | ".join(values) + " |",
            "",
        ]
    else:
        for name, g in zip(names, tables.APPEAL_GROUPS, strict=True):
            values = [f(report["appeals"][g][c]) for c in tables.APPEAL_COLUMNS]
            out += [f"### {name}", "", "| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
            out += ["| " + " | ".join(values) + " |", ""]
    out += ["## 五、存在的主要问题及改进情况", "主要问题是公开的及时性有待提高。"]
    return "\n".join(out) + "\n"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_convert(data: bytes, suffix: str, target: str, timeout: float = 120) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice headless to ``target``."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"in{suffix}"
        source.write_bytes(data)
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(tmp) / f"in.{target.split(':')[0]}").read_bytes()


def to_markdown(pdf: bytes) -> str:
    from markitdown import MarkItDown

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return MarkItDown().convert(f.name).text_content


def pdf_of(report: dict, how) -> bytes:
    if how == "libreoffice":
        return libreoffice_convert(render.to_docx(report), ".docx", "pdf")
    return render.to_pdf(report, **how)


def scanned(pdf: bytes, dpi: int = 150) -> bytes:
    """The PDF as a scanner gives it back: every page a greyscale picture, no text layer."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = [
            document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))
        ]
    finally:
        document.close()
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buffer.getvalue()


def ocr_words(pdf: bytes) -> list[list]:
    """OCR's words per page of a scanned PDF, as kept in ``converted/*.ocr.json``."""
    import pypdfium2

    from gongkai.parsing.readers import ocr

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            [
                [[list(map(float, p)) for p in box], text, score]
                for box, text, score in ocr.recognise_page(document[i])
            ]
            for i in range(len(document))
        ]
    finally:
        document.close()


SCANS = {"scan-2021": ("2021", 2022, 141)}


def main() -> None:
    CONVERTED.mkdir(exist_ok=True)
    only = sys.argv[1:] or list(CORPUS)
    for name in [n for n in only if n in CORPUS]:
        template, year, seed, how = CORPUS[name]
        report = render.make_report(template, year, seed=seed)
        if how == "row-groups":
            markdown = row_groups_markdown(report)
        elif how == "row-groups-cut":
            markdown = row_groups_markdown(report, appeals="cut")
        else:
            markdown = to_markdown(pdf_of(report, how))
        (CONVERTED / f"{name}.md").write_text(markdown, encoding="utf-8")
        (CONVERTED / f"{name}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(name, len(markdown))
    for name, (template, year, seed) in SCANS.items():
        if sys.argv[1:] and name not in sys.argv[1:]:
            continue
        report = render.make_report(template, year, seed=seed)
        words = ocr_words(scanned(render.to_pdf(report, embed_font=True)))
        (CONVERTED / f"{name}.ocr.json").write_text(
            json.dumps(words, ensure_ascii=False), encoding="utf-8"
        )
        (CONVERTED / f"{name}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(name, sum(len(p) for p in words), "words")


if __name__ == "__main__":
    main()
