"""Old Office and WPS files (.doc, .wps, .xls, .et), converted by LibreOffice headless.

County sites still publish Word 97 and Kingsoft WPS files. No Python library reads their
binary formats well, so LibreOffice converts them to .docx / .xlsx, which the readers here
understand. Each conversion runs in its own temporary folder with its own LibreOffice profile
(so conversions in parallel workers do not share a lock) and under a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gongkai.parsing.errors import UnreadableReport
from gongkai.uploads import OLE_STREAMS

TIMEOUT = 120  # seconds; a report of a few pages converts in one or two
INSTALL = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"


# Debian splits LibreOffice by component: the Writer and Calc filters come in their own
# packages, and soffice without the one a file needs converts nothing and says nothing.
COMPONENTS = {
    "doc": ("libswlo.so", "libreoffice-writer-nogui"),
    "xls": ("libsclo.so", "libreoffice-calc-nogui"),
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_component(kind: str) -> str | None:
    """The Debian package a ``kind`` conversion still needs, when soffice is there without it
    (None when it is there, or when the layout is not Debian's and there is no telling)."""
    program = soffice()
    if program is None:
        return COMPONENTS[kind][1]
    folder = Path(os.path.realpath(program)).parent
    if not any(folder.glob("lib*lo.so")):
        return None
    library, package = COMPONENTS[kind]
    return None if (folder / library).exists() else package


def ole_kind(data: bytes, filename: str = "") -> str:
    """``doc`` or ``xls`` for an OLE compound file, by its streams first (the streams that tell
    a word-processing file from a spreadsheet, as uploads judge them), then by its name."""
    for kind, names in OLE_STREAMS.items():
        if any(name in data for name in names):
            return kind
    suffix = os.path.splitext(filename.lower())[1]
    return "xls" if suffix in (".xls", ".et", ".ett") else "doc"


def convert(data: bytes, kind: str) -> bytes:
    """The file converted to .docx (``kind`` doc) or .xlsx (``kind`` xls)."""
    names = {
        "doc": ("Word（.doc）或 WPS 文字（.wps）", "docx"),
        "xls": ("Excel（.xls）或 WPS 表格（.et）", "xlsx"),
    }
    what, target = names[kind]
    program = soffice()
    if program is None:
        raise UnreadableReport(
            f"旧版 {what}文件需要 LibreOffice 才能读取，本机未安装：请另存为 .{target} 后再试，"
            f"或请管理员安装 LibreOffice（{INSTALL}）"
        )
    component = missing_component(kind)
    if component is not None:
        raise UnreadableReport(
            f"旧版 {what}文件需要 LibreOffice 的相应组件才能读取，本机未安装：请另存为 .{target} "
            f"后再试，或请管理员安装 apt-get install {component}"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-office-") as tmp:
        # LibreOffice picks its import filter from the name: a .wps or .et gets the right one
        # when named as the format it really is.
        source = Path(tmp) / f"report.{kind}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise UnreadableReport(
                f"{what}文件转换超时（超过 {TIMEOUT} 秒），文件可能已损坏"
            ) from None
        except OSError as exc:
            raise UnreadableReport(
                f"无法启动 LibreOffice 转换文件：{exc.strerror or exc}"
            ) from None
        result = Path(tmp) / f"report.{target}"
        if not result.exists() or result.stat().st_size == 0:
            raise UnreadableReport(f"{what}文件已损坏或不是这种格式，LibreOffice 无法打开")
        return result.read_bytes()
