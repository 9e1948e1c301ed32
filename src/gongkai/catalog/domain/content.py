"""Rich-text bodies made safe (nh3) and attachments checked by their content."""

from __future__ import annotations

import html as htmllib
import io
import re
import zipfile

import nh3

from gongkai.errors import InvalidInput

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
    "a", "span", "div", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "type", "data-type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024

KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "png": ("image/png", "PNG 图片"),
    "jpg": ("image/jpeg", "JPG 图片"),
    "gif": ("image/gif", "GIF 图片"),
}


def sanitise_html(html: str) -> str:
    """Scripts, styles, event handlers and javascript: links removed; structure kept."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# Where one block of text ends and the next begins: without a space there, the cells of a
# table ("位置</td><td>车位") would run together into one string for search and snippets.
_BLOCK_EDGE = re.compile(
    r"<(?:br|hr)\b[^>]*>|</?(?:p|div|h[1-6]|li|ul|ol|blockquote|table|caption|tr|td|th)\b[^>]*>",
    re.I,
)


def plain_text(html: str) -> str:
    """The body as text, for search, snippets, exports and feeds.

    Entities are decoded into the characters they stand for, but a decoded angle bracket
    becomes its full-width form: a body that shows the text ``&lt;img onerror=…&gt;`` must
    never turn back into an ``<img>`` element in whatever reads this text as HTML.
    """
    text = nh3.clean(_BLOCK_EDGE.sub(" ", html or ""), tags=set())
    text = htmllib.unescape(text).replace("\xa0", " ")
    text = text.translate(_NO_MARKUP)
    return re.sub(r"\s+", " ", text).strip()


_NO_MARKUP = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


class AttachmentError(InvalidInput, ValueError):
    code = "catalog_attachment"
    message = "附件无法收录。"


def sniff(head: bytes, data_for_zip: bytes | None = None) -> str:
    """The attachment's kind (a key of KINDS), judged by its bytes, never by its name."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"PK\x03\x04") and data_for_zip is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data_for_zip)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    raise AttachmentError("附件格式不受支持（按文件内容判断）：请上传 PDF、Word、Excel 或图片。")


def check_attachment(name: str, data: bytes) -> str:
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            f"附件“{name}”有 {len(data) / 1048576:.1f} MB，超过 "
            f"{MAX_ATTACHMENT_BYTES // 1048576} MB 的上限。"
        )
    if not data:
        raise AttachmentError(f"附件“{name}”是空文件。")
    try:
        return sniff(data[:16], data if data.startswith(b"PK") else None)
    except AttachmentError:
        raise AttachmentError(
            f"附件“{name}”的格式不受支持（按文件内容判断）：请上传 PDF、Word、Excel 或图片。"
        ) from None
