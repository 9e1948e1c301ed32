"""The requests panel of the back-office dashboard: the counts, each a link to the queue
filtered to it, and for whoever approves extensions the ones waiting for them."""

from __future__ import annotations

from django.utils import timezone

from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.workdays.deadline import add_working_days
from gongkai.workdays.registry import current_calendar

from .domain.clock import DEFAULT_POLICY
from .domain.workflow import Event, State
from .models import InfoRequest
from .presentation import personal_data_agency_ids, request_texts
from .stats import reminders


def pending_extensions(scope) -> list[dict]:
    """Each request waiting for the head's consent to an extension (Art. 33(2)): the reason
    the clerk gave and the due date if the head grants the most the law allows."""
    calendar = current_calendar()
    most = DEFAULT_POLICY.max_extension_working_days
    rows = scope.filter(state=State.EXTENSION_PENDING).order_by("due_on", "pk")
    out = []
    for req in rows.prefetch_related("clock"):
        asked = [e for e in req.clock.all() if e.kind == Event.REQUEST_EXTENSION.value]
        out.append(
            {
                "req": req,
                "reason": asked[-1].note if asked else "",
                "asked_on": asked[-1].on if asked else None,
                "new_due": add_working_days(calendar, req.due_on, most).due if req.due_on else None,
                "days": most,
            }
        )
    return out


def requests_panel(request, agency):
    if Action.REQUEST_VIEW not in request.allowed_actions:
        return None
    # A handler sees its agency; a supervisor the units below the agency it works in.
    visible = policy.agencies_where(request.user, Action.REQUEST_VIEW).subtree_of(agency)
    scope = InfoRequest.objects.filter(agency__in=visible)
    data = reminders(scope, today=timezone.localdate())
    personal = personal_data_agency_ids(request.user)
    data["urgent"] = [
        {
            "req": req,
            "description": request_texts(req, personal=req.agency_id in personal)["description"],
        }
        for req in data["urgent"]
    ]
    if Action.REQUEST_APPROVE_EXTENSION in request.allowed_actions:
        approvable = policy.agencies_where(request.user, Action.REQUEST_APPROVE_EXTENSION)
        data["extensions"] = pending_extensions(scope.filter(agency__in=approvable))
    return {"template": "requests/panel.html", "context": data}
