"""What a delivery says: the event, when, the agency, and the object's public identifiers.

No personal data of applicants, ever: a request is named by its registration number and its
dates, state and outcome; never the applicant's name, identity number, phone, address or e-mail,
nor the request's description or notes (free text in which an applicant writes about themself).
Each builder lists the fields it sends, so a new model field never slips in by itself. Links are
absolute when ``GONGKAI_SITE_URL`` is set; the reply letter's link opens only for staff who may
see the applicant's data (the letter names the applicant).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from gongkai.catalog.models import Record
from gongkai.organisations.models import Agency
from gongkai.reports.models import PublishedReport
from gongkai.requests.domain.outcomes import OUTCOMES
from gongkai.requests.letters import letter_number
from gongkai.requests.models import InfoRequest

from .events import Event

FORMAT = 1  # the payload's layout; a receiver can tell a later layout by it


def link(path: str) -> str:
    return f"{settings.GONGKAI_SITE_URL}{path}" if settings.GONGKAI_SITE_URL else path


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _outcome(key: str) -> dict[str, str] | None:
    if not key:
        return None
    known = OUTCOMES.get(key)
    return {"code": key, "label": known.label if known else key}


def _request(req: InfoRequest, event: Event) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = {
        "request": {
            "number": req.number,
            "state": req.state,
            "channel": req.channel,
            "received_on": _date(req.received_on),
            "due_on": _date(req.due_on),
            "extended": req.extended,
            "closed_on": _date(req.closed_on),
            "outcome": _outcome(req.outcome),
        }
    }
    if event == Event.REPLIED:
        reply = getattr(req, "reply", None)
        body["reply"] = {
            "outcome": _outcome(reply.outcome if reply else req.outcome),
            "replied_on": _date(reply.replied_on if reply else req.closed_on),
            "letter": {
                # As the letter prints it (a reply keeps its own only once superseded).
                "number": (reply.letter_number or letter_number(req, reply)) if reply else "",
                "pdf": link(reverse("requests_office:letter", args=[req.pk, "pdf"])),
                "docx": link(reverse("requests_office:letter", args=[req.pk, "docx"])),
            },
        }
    if event == Event.TRANSFERRED:
        moved = req.transfers.select_related("from_agency", "to_agency").last()
        if moved is not None:
            # The reason is free text a clerk wrote about the applicant's request: not sent.
            body["transfer"] = {
                "on": _date(moved.on),
                "from_agency": {"code": moved.from_agency.code, "name": moved.from_agency.name},
                "to_agency": {"code": moved.to_agency.code, "name": moved.to_agency.name},
            }
    return req.number, body


def _record(record: Record) -> tuple[str, dict[str, Any]]:
    body = {
        "record": {
            "id": record.pk,
            "index_number": record.index_number,
            "title": record.title,
            "document_number": record.document_number,
            "published_at": record.published_at.isoformat() if record.published_at else None,
            "url": link(reverse("catalog_portal:record", args=[record.pk])),
        }
    }
    return record.index_number or f"#{record.pk}", body


def _report(report: PublishedReport, version: str) -> tuple[str, dict[str, Any]]:
    body = {
        "report": {
            "id": report.pk,
            "year": report.year,
            "version": version,
            "template": report.template,
            "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
            "url": link(reverse("reports:detail", args=[report.pk])),
        }
    }
    return f"{report.year} 年度报告", body


def build(event: Event, *, entry, obj, agency: Agency) -> tuple[str, dict[str, Any]]:
    """The log's subject and the payload of ``event``, recorded by audit ``entry`` on ``obj``."""
    if isinstance(obj, InfoRequest):
        subject, body = _request(obj, event)
    elif isinstance(obj, Record):
        subject, body = _record(obj)
    elif isinstance(obj, PublishedReport):
        version = (entry.changes.get("version") or [None, ""])[1]
        subject, body = _report(obj, version)
    else:
        raise TypeError(f"no webhook payload for {type(obj).__name__}")
    payload = {
        "format": FORMAT,
        "event": event.value,
        "event_label": event.label,
        "occurred_at": entry.at.isoformat(),
        "agency": {"code": agency.code, "name": agency.name},
        **body,
    }
    return subject, payload
