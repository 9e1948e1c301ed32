"""Preparing the documents released in a reply: upload, mark what is withheld, burn it in."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai import uploads
from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..attachments import kept_upload
from ..domain.redaction import GROUNDS, Area, RedactionError, withheld_summary
from ..models import InfoRequest, ReleaseFile, Reply
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
    """Burn ``areas`` into a new copy; the copy replaces any earlier one."""
    policy.require(actor, Action.REQUEST_HANDLE, release.request.agency)
    with release.original.open("rb") as f:
        data = f.read()
    if release.is_pdf:
        output, suffix = redact_pdf(data, areas, limits=limits()), "pdf"
    else:
        output = redact_image(data, areas, limits=limits())
        suffix = release.content_type.split("/")[-1]
    with transaction.atomic():
        before = len(release.areas)
        release.areas = [asdict(a) for a in areas]
        release.redacted.save(f"redacted-{release.pk}.{suffix}", ContentFile(output), save=False)
        release.save()
        audit.record(
            actor=actor,
            action="request.release_redact",
            obj=release.request,
            changes={"areas": [before, len(areas)]},
            note="；".join(f"{w['why']}：{w['what']}" for w in withheld_summary(areas)),
        )
    return release


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
