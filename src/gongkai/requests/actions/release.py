"""Preparing the documents released in a reply: upload, mark what is withheld, burn it in."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..domain.redaction import GROUNDS, Area, RedactionError, withheld_summary
from ..models import ReleaseFile
from ..redaction_files import (
    Limits,
    image_size,
    page_sizes,
    propose_areas,
    redact_image,
    redact_pdf,
)

RELEASABLE = {"application/pdf", "image/png", "image/jpeg"}


def limits() -> Limits:
    """The bounds on one release file, from settings (read per call, so tests may change them)."""
    return Limits(
        pages=settings.GONGKAI_RELEASE_MAX_PAGES,
        page_pixels=settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS,
    )


def add_release_file(*, actor, info_request, upload) -> ReleaseFile:
    """Keep the document and propose the identity and phone numbers found in it."""
    policy.require(actor, Action.REQUEST_HANDLE, info_request.agency)
    content_type = getattr(upload, "sniffed_type", "")
    if content_type not in RELEASABLE:
        raise RedactionError("拟公开的文件须为 PDF、PNG 或 JPEG（按文件内容判断）。")
    data = upload.read()
    # Refused here, before it is kept, is what the marking page and the burning in could not
    # picture within the bounds: too many pages, a page or an image too large.
    if content_type == "application/pdf":
        page_sizes(data, limits())
        proposed = propose_areas(data, limits=limits())
    else:
        image_size(data, limits())
        proposed = []
    with transaction.atomic():
        release = ReleaseFile.objects.create(
            request=info_request,
            original=ContentFile(data, name=upload.name[-100:]),
            original_name=upload.name[:200],
            content_type=content_type,
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


GROUND_CHOICES = list(GROUNDS.items())
