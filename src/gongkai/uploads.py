"""Files people upload: their type judged by their bytes, kept under a name the platform makes.

A file's name and the content type its browser sends are the sender's claims: ``poly.html``
holding ``%PDF-…<script>`` is a PDF to a PDF reader and a page to a browser. Every upload (a
request's attachments, release files, catalog attachments, appeal documents, published reports)
is identified here by its content and stored as ``<uuid>.<the extension of that type>``; the
name it came with is kept in a column beside it, shown as escaped text and given back only in
the download's Content-Disposition (RFC 5987 ``filename*``, which Django's FileResponse and
``office.downloads`` write). Stored files live under MEDIA_ROOT, which no URL serves: they go
out through views that check the permission, with the stored type and ``nosniff``.

Plain Python (no Django): the contexts' actions and forms call it.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.errors import InvalidInput


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extension: str
    label: str


TYPES = {
    t.key: t
    for t in (
        FileType("pdf", "application/pdf", "pdf", "PDF"),
        FileType("png", "image/png", "png", "PNG 图片"),
        FileType("jpeg", "image/jpeg", "jpg", "JPG 图片"),
        FileType("gif", "image/gif", "gif", "GIF 图片"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "Word 文档",
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Excel 表格",
        ),
        FileType("ofd", "application/ofd", "ofd", "OFD 版式文件"),
        # WPS 文字 writes the same compound file as Word 97-2003.
        FileType("doc", "application/msword", "doc", "Word 97-2003 或 WPS 文字文档"),
        FileType("xls", "application/vnd.ms-excel", "xls", "Excel 97-2003 表格"),
    )
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE directory (UTF-16 little-endian); WPS files carry Word's.
OLE_STREAMS = {
    "doc": ("WordDocument".encode("utf-16-le"), b"WordDocument"),
    "xls": tuple(n.encode("utf-16-le") for n in ("Workbook", "Book")),
}
# Other extensions a type goes by: a download keeps the sender's name when it is one of them.
_ALSO_KNOWN_AS = {"jpeg": ("jpeg",), "doc": ("wps",), "xls": ("et",)}


class UploadRefused(InvalidInput, ValueError):
    """A file none of the allowed types; the message says so in Chinese and names the file."""

    code = "upload_refused"
    message = "文件格式不受支持。"


def sniff(data: bytes) -> FileType | None:
    """The file's type by its content alone, or None when it is none of :data:`TYPES`."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return TYPES["gif"]
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if head.startswith(_OLE):
        for key, names in OLE_STREAMS.items():
            if any(name in data for name in names):
                return TYPES[key]
    return None


def _zip_type(data: bytes) -> FileType | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "OFD.xml" in names:
        return TYPES["ofd"]
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return TYPES["docx"]
        if any(n.startswith("xl/") for n in names):
            return TYPES["xlsx"]
    return None


def identify(name: str, data: bytes, allowed: Iterable[str]) -> FileType:
    """The upload's type if it is one of ``allowed`` (keys of :data:`TYPES`), else
    :class:`UploadRefused` saying which types are accepted."""
    allowed = tuple(allowed)
    found = sniff(data) if data else None
    if found is not None and found.key in allowed:
        return found
    labels = "、".join(TYPES[key].label for key in allowed)
    what = "是空文件" if not data else "的格式不受支持（按文件内容判断，不看文件名）"
    raise UploadRefused(f"文件“{name}”{what}：请上传 {labels}。")


def stored_name(extension: FileType | str) -> str:
    """A new file name that says nothing the sender chose: a random id and the type's
    extension (a FileType, or the extension itself for types sniffed elsewhere)."""
    ext = extension.extension if isinstance(extension, FileType) else extension
    return f"{uuid.uuid4().hex}.{ext}"


def download_name(original: str, content_type: str) -> str:
    """The name a download offers: the sender's, but with the extension of the type the file
    really is, so that ``poly.html`` holding a PDF is saved as ``poly.pdf`` and opened as one."""
    kind = next((t for t in TYPES.values() if t.content_type == content_type), None)
    stem, dot, suffix = original.rpartition(".")
    if kind is None or (
        dot and suffix.lower() in (kind.extension, *_ALSO_KNOWN_AS.get(kind.key, ()))
    ):
        return original
    return f"{stem if dot else original}.{kind.extension}"
