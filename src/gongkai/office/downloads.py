"""Files the back office hands out: one response shape, the content type from the extension."""

from __future__ import annotations

import io
from pathlib import PurePath

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
}


def saved(document) -> bytes:
    """The bytes of an openpyxl workbook or a python-docx document."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def download(data: bytes | str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[PurePath(filename).suffix])
    # RFC 6266/5987: a name beyond ASCII goes in filename*, never raw into the header.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def stored_file(field_file, *, filename: str, content_type: str) -> FileResponse:
    """An uploaded file as it was stored, always as a download under its original name
    (``filename*`` carries a Chinese name), with the type checked on upload and no sniffing
    by the browser: a file is never shown as a page of this site."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件已不在存储中。") from None
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
