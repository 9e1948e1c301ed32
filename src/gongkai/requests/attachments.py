"""Uploaded files as the request actions (and the appeal cases') keep them: identified by their
bytes and stored under a name the platform makes (``gongkai.uploads``)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from gongkai import uploads

# What an applicant (or an appeal's papers) may attach.
ATTACHMENT_TYPES = ("pdf", "jpeg", "png", "ofd", "docx", "xlsx", "doc", "xls")


def kept_upload(upload, allowed=ATTACHMENT_TYPES) -> tuple[ContentFile, uploads.FileType]:
    """The file to store (``<uuid>.<sniffed extension>``) and its type; ``upload.name`` stays
    the caller's to keep as the original name. UploadRefused if the content is not allowed."""
    data = upload.read()
    upload.seek(0)
    kind = uploads.identify(upload.name, data, allowed)
    return ContentFile(data, name=uploads.stored_name(kind)), kind
