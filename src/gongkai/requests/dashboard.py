"""The requests panel of the back-office dashboard."""

from __future__ import annotations

from django.utils import timezone

from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .models import InfoRequest
from .presentation import personal_data_agency_ids, request_texts
from .stats import reminders


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
    return {"template": "requests/panel.html", "context": data}
