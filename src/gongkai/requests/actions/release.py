"""Preparing the documents released in a reply: upload, mark what is withheld, burn it in."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task

from gongkai import uploads
from gongkai.accounts.system import SYSTEM
from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.task_queue import enqueue_after_commit

from ..attachments import kept_upload
from ..domain.redaction import GROUNDS, Area, RedactionError, withheld_summary
from ..models import CopyStatus, InfoRequest, ReleaseFile, Reply
from ..redaction_files import (
    Limits,
    image_size,
    page_sizes,
    propose_areas,
    redact_image,
    redact_pdf,
)

# Only what can be rendered to page images and burnt in.
RELEASABLE = ("pdf", "png", "jpeg")


def limits() -> Limits:
    """The bounds on one release file, from settings (read per call, so tests may change them)."""
    return Limits(
        pages=settings.GONGKAI_RELEASE_MAX_PAGES,
        page_pixels=settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS,
    )


def add_release_file(*, actor, info_request, upload) -> ReleaseFile:
    """Keep the document and propose the identity and phone numbers found in it."""
    policy.require(actor, Action.REQUEST_HANDLE, info_request.agency)
    try:
        stored, kind = kept_upload(upload, RELEASABLE)
    except uploads.UploadRefused as exc:
        raise RedactionError(str(exc)) from None
    data = stored.read()
    stored.seek(0)
    # Refused here, before it is kept, is what the marking page and the burning in could not
    # picture within the bounds: too many pages, a page or an image too large.
    if kind.key == "pdf":
        page_sizes(data, limits())
        proposed = propose_areas(data, limits=limits())
    else:
        image_size(data, limits())
        proposed = []
    with transaction.atomic():
        release = ReleaseFile.objects.create(
            request=info_request,
            original=stored,
            original_name=upload.name[:200],
            content_type=kind.content_type,
            areas=[asdict(a) for a in proposed],
        )
        audit.record(
            actor=actor,
            action="request.release_add",
            obj=info_request,
            changes={"release": [None, release.original_name]},
            note=f"自动标出 {len(proposed)} 处身份证号码、手机号码，待办理人确认",
        )
    return release


def parse_areas(raw: list[dict]) -> list[Area]:
    """Areas as the marking page posts them; RedactionError names what is wrong."""
    areas = []
    for number, item in enumerate(raw, 1):
        try:
            areas.append(
                Area(
                    page=int(item["page"]),
                    x0=float(item["x0"]),
                    y0=float(item["y0"]),
                    x1=float(item["x1"]),
                    y1=float(item["y1"]),
                    ground=str(item["ground"]),
                    note=str(item.get("note", ""))[:200],
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, RedactionError):
                raise RedactionError(f"第 {number} 处：{exc}") from exc
            raise RedactionError(f"第 {number} 处标注不完整（{exc}）。") from exc
    return areas


def redact(*, actor, release: ReleaseFile, areas: list[Area]) -> ReleaseFile:
    """Keep ``areas`` and queue the burning in of a new copy (every page pictured, which takes
    a while for a long document). The earlier copy goes at once: it lacks these areas, and a
    copy with fewer areas than marked must never be given out."""
    policy.require(actor, Action.REQUEST_HANDLE, release.request.agency)
    with transaction.atomic():
        release = ReleaseFile.objects.select_for_update().get(pk=release.pk)
        before, stale = len(release.areas), release.redacted.name
        release.areas = [asdict(a) for a in areas]
        release.redacted = ""
        release.copy_status, release.copy_error = CopyStatus.QUEUED, ""
        release.revision += 1
        release.save()
        audit.record(
            actor=actor,
            action="request.release_redact",
            obj=release.request,
            changes={"areas": [before, len(areas)]},
            note="；".join(f"{w['why']}：{w['what']}" for w in withheld_summary(areas)),
        )
        if stale:
            transaction.on_commit(lambda: release.redacted.storage.delete(stale))
        enqueue_after_commit(burn_in, release.pk, release.revision)
    release.refresh_from_db()
    return release


def burn(pk: int, revision: int) -> str:
    """Make the copy of ``revision``'s areas; its status (``skipped`` when a later marking
    replaced that revision or the copy is made already: a rerun repeats nothing)."""
    release = ReleaseFile.objects.select_related("request").filter(pk=pk).first()
    if release is None or release.revision != revision or release.copy_status != CopyStatus.QUEUED:
        return "skipped"
    areas = parse_areas(release.areas)
    with release.original.open("rb") as f:
        data = f.read()
    try:
        if release.is_pdf:
            output, suffix = redact_pdf(data, areas, limits=limits()), "pdf"
        else:
            output = redact_image(data, areas, limits=limits())
            suffix = release.content_type.split("/")[-1]
    except RedactionError as exc:
        ReleaseFile.objects.filter(pk=pk, revision=revision).update(
            copy_status=CopyStatus.FAILED, copy_error=str(exc)[:2000]
        )
        return CopyStatus.FAILED
    field = release.redacted
    name = field.storage.save(
        field.field.generate_filename(release, f"redacted-{pk}.{suffix}"), ContentFile(output)
    )
    with transaction.atomic():
        done = ReleaseFile.objects.filter(
            pk=pk, revision=revision, copy_status=CopyStatus.QUEUED
        ).update(redacted=name, copy_status=CopyStatus.READY)
        if done:
            audit.record(
                actor=SYSTEM,
                action="request.release_ready",
                obj=release.request,
                changes={"release": [None, release.original_name]},
                note=f"公开版本已生成，遮盖 {len(areas)} 处",
            )
    if not done:  # marked again meanwhile: this copy has the old areas
        field.storage.delete(name)
        return "skipped"
    return CopyStatus.READY


@task
def burn_in(pk: int, revision: int) -> str:
    return burn(pk, revision)


def withheld_for(info_request) -> list[dict]:
    """What the reply letter lists as withheld: every release file's areas, by ground."""
    summary = []
    for release in info_request.releases.all():
        if release.redacted and release.areas:
            for line in withheld_summary(parse_areas(release.areas)):
                summary.append(
                    {"what": f"《{release.original_name}》{line['what']}", "why": line["why"]}
                )
    return summary


def remove_release_file(*, actor, release: ReleaseFile) -> None:
    """A file uploaded by mistake leaves the request, while the reply is still to be sent;
    after the reply it is part of what was released and stays."""
    policy.require(actor, Action.REQUEST_HANDLE, release.request.agency)
    with transaction.atomic():
        info_request = InfoRequest.objects.select_for_update().get(pk=release.request_id)
        if not info_request.is_open or Reply.objects.filter(request=info_request).exists():
            raise RedactionError("已答复的申请，其公开的文件不能删除。")
        release = ReleaseFile.objects.filter(pk=release.pk, request=info_request).first()
        if release is None:
            raise RedactionError("此文件已被删除。")
        files = [f for f in (release.original, release.redacted) if f]
        release.delete()
        audit.record(
            actor=actor,
            action="request.release_remove",
            obj=info_request,
            changes={"release": [release.original_name, None]},
        )
        # The stored copies go only once the removal is committed: a rollback keeps them.
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


GROUND_CHOICES = list(GROUNDS.items())
