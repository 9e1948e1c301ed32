"""The catalog's dashboard panel: what waits for this person, and this year's late publications
(more than 20 working days after the information was formed or changed, Art. 26)."""

from __future__ import annotations

from django.utils import timezone

from gongkai.organisations.roles import Action

from .domain.workflow import State
from .models import Record


def catalog_panel(request, agency):
    allowed = request.allowed_actions
    if not {Action.CATALOG_DRAFT, Action.CATALOG_REVIEW, Action.CATALOG_PUBLISH} & allowed:
        return None
    records = Record.objects.filter(agency=agency)
    year = timezone.localdate().year
    data = {"year": year}
    if Action.CATALOG_REVIEW in allowed:
        data["to_review"] = records.filter(state=State.SUBMITTED).count()
    if Action.CATALOG_PUBLISH in allowed:
        data["to_publish"] = records.filter(state=State.APPROVED).count()
    if Action.CATALOG_DRAFT in allowed:
        data["drafts"] = records.filter(state=State.DRAFT).count()
    published = records.filter(is_public=True, published_on__year=year)
    data["published"] = published.count()
    data["late"] = published.filter(publish_late=True).count()
    return {"template": "catalog/office/panel.html", "context": data}
