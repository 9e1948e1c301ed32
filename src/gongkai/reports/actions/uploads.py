"""Uploads to the report library, parsed in the background.

A supervising office uploads its 37 units' reports at once (or one zip of them); parsing a
50 MB scan takes longer than a page may wait, so the upload only keeps the files and queues
one task per file (two workers parse two at a time), and the library page shows the batch
finishing. Each task runs the library's one named action (library.upload_report) as the person
who uploaded, so permissions, deduplication and the audit row are those of an upload in the
page. A task may run twice (a retry, a dead worker's lease): a file already claimed or finished
is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from gongkai import uploads
from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action
from gongkai.task_queue import enqueue_after_commit

from ..models import LibraryUpload, PublishedReport, UploadStatus
from . import library

log = logging.getLogger(__name__)

MAX_FILES = 200  # one upload, zip members included: a city's units for several years
MAX_ZIP_BYTES = 500 * 1024 * 1024  # a zip's members, uncompressed, together
# A task whose worker died is claimed again after this long (the worker's own lease requeues
# the task; this lets the rerun take the file back from RUNNING).
CLAIM_LEASE = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Incoming:
    """One file to queue: its name and a way to read it as a stream (an upload is never held
    in memory whole: 200 files of 50 MB would not fit)."""

    name: str
    size: int
    open: Callable[[], IO[bytes]]


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it: zips made on Chinese Windows store GBK names
    without the UTF-8 flag, which Python then reads as CP437 mojibake."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.rsplit("/", 1)[-1]


def _members(name: str, upload) -> list[Incoming]:
    """The report files in a zip, bounded in count and in uncompressed size by the zip's own
    directory, before any member is read (a zip bomb is refused unread)."""
    try:
        archive = zipfile.ZipFile(upload)
        infos = [
            i
            for i in archive.infolist()
            if not i.is_dir()
            and i.file_size > 0
            and not i.filename.startswith("__MACOSX/")
            and not _zip_name(i).startswith(".")
        ]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise library.LibraryError(f"压缩包“{name}”已损坏或无法读取，请重新打包后上传。") from exc
    if len(infos) > MAX_FILES:
        raise library.LibraryError(
            f"压缩包“{name}”中有 {len(infos)} 个文件，一次最多 {MAX_FILES} 个：请分批上传。"
        )
    if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
        raise library.LibraryError(
            f"压缩包“{name}”解压后超过 {MAX_ZIP_BYTES // 1024 // 1024} MB：请分批上传。"
        )
    for info in infos:
        if info.file_size > library.MAX_BYTES:
            raise library.LibraryError(
                f"压缩包“{name}”中的“{_zip_name(info)}”超过 50 MB，不像一份年度报告。"
            )
        if info.flag_bits & 0x1:
            raise library.LibraryError(f"压缩包“{name}”有密码保护：请解压后上传其中的文件。")
    return [Incoming(_zip_name(i), i.file_size, lambda i=i: archive.open(i)) for i in infos]


def _is_plain_zip(upload) -> bool:
    """A zip that is not itself a document (DOCX, XLSX and OFD are zips too)."""
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(upload) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" not in names and "OFD.xml" not in names


def _rewound(upload):
    upload.seek(0)
    return upload


def expand(files) -> list[Incoming]:
    """The uploaded files (Django's UploadedFile), zips opened, each checked for emptiness and
    size; LibraryError saying which file when one is refused (and then none is kept)."""
    out: list[Incoming] = []
    for f in files:
        if not f.size:
            raise library.LibraryError(f"文件“{f.name}”是空的。")
        if _is_plain_zip(f):
            out.extend(_members(f.name, f))
        elif f.size > library.MAX_BYTES:
            raise library.LibraryError(f"文件“{f.name}”超过 50 MB，不像一份年度报告。")
        else:
            out.append(Incoming(f.name, f.size, lambda f=f: _rewound(f)))
        if len(out) > MAX_FILES:
            raise library.LibraryError(
                f"一次最多上传 {MAX_FILES} 个文件（压缩包中的文件也算在内）：请分批上传。"
            )
    if not out:
        raise library.LibraryError("请选择要上传的年度报告文件（压缩包中也没有可用的文件）。")
    return out


def queue_uploads(*, actor, within: Agency, files: list[Incoming]) -> uuid.UUID:
    """Keep the files and queue their parsing; the batch's id (the library page follows it).
    All or nothing: a file that cannot be read keeps none, and the files written are removed."""
    policy.require(actor, Action.REPORT_REVIEW, within)
    batch = uuid.uuid4()
    rows: list[LibraryUpload] = []
    try:
        with transaction.atomic():
            for f in files:
                row = LibraryUpload(
                    batch=batch,
                    within=within,
                    uploaded_by=actor if getattr(actor, "pk", None) else None,
                    file_name=f.name[:200],
                )
                with f.open() as stream:
                    row.file.save(uploads.stored_name("bin"), File(stream), save=False)
                rows.append(row)
                row.save()
            audit.record(
                actor=actor,
                action="report.upload_queue",
                object_type="reports.libraryupload",
                object_id=str(batch),
                object_repr=f"上传 {len(rows)} 个文件",
                agency_id=within.pk,
                changes={"files": [None, [r.file_name for r in rows]]},
            )
            for row in rows:
                enqueue_after_commit(parse_upload, row.pk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        for row in rows:
            row.file.delete(save=False)
        raise library.LibraryError(
            f"有文件读取失败（{len(rows)} 个之后），未保存任何文件：请检查后重新上传。"
        ) from exc
    except BaseException:
        for row in rows:
            row.file.delete(save=False)
        raise
    return batch


def _claim(pk: int, now) -> LibraryUpload | None:
    """The upload, now RUNNING, if this run may parse it: queued, or left running by a worker
    that died (a conditional update, so two runs never both claim it)."""
    claimed = LibraryUpload.objects.filter(pk=pk, status=UploadStatus.QUEUED).update(
        status=UploadStatus.RUNNING, started_at=now
    ) or LibraryUpload.objects.filter(
        pk=pk, status=UploadStatus.RUNNING, started_at__lt=now - CLAIM_LEASE
    ).update(started_at=now)
    return (
        LibraryUpload.objects.select_related("within", "uploaded_by").get(pk=pk)
        if claimed
        else None
    )


def _finish(row: LibraryUpload, status: str, *, report: PublishedReport | None = None, error=""):
    row.status, row.report, row.error = status, report, error[:2000]
    row.finished_at = timezone.now()
    if status != UploadStatus.FAILED and row.file:
        row.file.delete(save=False)
    row.save(update_fields=["status", "report", "error", "finished_at", "file"])


def process(pk: int) -> str:
    """Parse one queued upload into the library; its final status."""
    row = _claim(pk, timezone.now())
    if row is None:
        return "skipped"
    if row.uploaded_by is None or not row.uploaded_by.is_active:
        _finish(row, UploadStatus.FAILED, error="上传人的账号已停用，请重新上传。")
        return row.status
    try:
        with row.file.open("rb") as f:
            data = f.read()
        kept, created = library.upload_report(
            actor=row.uploaded_by, within=row.within, data=data, filename=row.file_name
        )
    except library.LibraryError as exc:
        _finish(row, UploadStatus.FAILED, error=str(exc))
    except PermissionDenied:
        _finish(
            row, UploadStatus.FAILED, error="上传人已没有审核报告的权限，请由有权限的人员重新上传。"
        )
    except IntegrityError:
        # The same file parsed at the same moment by another upload: that one kept it.
        digest = hashlib.sha256(data).hexdigest()
        existing = PublishedReport.objects.filter(file_hash=digest).first()
        _finish(row, UploadStatus.DUPLICATE, report=existing)
    except Exception:
        log.exception("parsing library upload %s failed", pk)
        _finish(
            row, UploadStatus.FAILED, error="解析时发生内部错误，已记录；请稍后重试或联系运维人员。"
        )
    else:
        _finish(row, UploadStatus.DONE if created else UploadStatus.DUPLICATE, report=kept)
    return row.status


@task
def parse_upload(pk: int) -> str:
    return process(pk)


def batch_rows(user, batch: uuid.UUID):
    """The batch's files, if the user may see the library they went into."""
    visible = policy.agencies_where(user, Action.REPORT_VIEW).values("pk")
    return (
        LibraryUpload.objects.filter(batch=batch, within_id__in=visible)
        .select_related("report")
        .order_by("id")
    )
