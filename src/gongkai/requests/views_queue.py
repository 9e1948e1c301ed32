"""The office's request queue: most urgent first, filters as a bookmarkable GET form, search,
confirming several online requests at once, and the ledger as a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.office.downloads import download
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions
from .domain.clock import DEFAULT_POLICY
from .domain.outcomes import OUTCOMES
from .domain.urgency import DUE_LABELS, Due
from .domain.workflow import Event, State
from .ledger_export import export_rows, write_xlsx
from .models import InfoRequest
from .presentation import applicant_view, may_see_personal_data
from .urgency_service import urgencies, with_due

OPEN_STATE_CHOICES = [(s.value, s.label) for s in State if s != State.CLOSED]
NO_HANDLER = "none"
BATCH_MAX = 200  # one page of the queue and more; a longer list is a probe, not a clerk


def visible_requests(user):
    return InfoRequest.objects.filter(
        agency__in=policy.agencies_where(user, Action.REQUEST_VIEW)
    ).select_related("agency")


@dataclass
class Filters:
    show: str
    state: str
    handler: str
    due: str
    outcome: str
    q: str
    mine: str

    def query(self, **changes) -> str:
        """The filters as a query string (for the pager and the tabs), with ``changes``."""
        values = {k: v for k, v in (vars(self) | changes).items() if v}
        return urlencode(values)

    @property
    def active(self) -> bool:
        return any((self.state, self.handler, self.due, self.outcome, self.q))


def _scope(request, agency):
    """What the dashboard counts (``dashboard.requests_panel``): the agency and the units below
    it that the person may see; only the agency itself for "mine"."""
    visible = policy.agencies_where(request.user, Action.REQUEST_VIEW).subtree_of(agency)
    rows = InfoRequest.objects.filter(agency__in=visible).select_related("agency")
    mine = params.choice(request.GET, "mine", ["1"])
    if not policy.can(request.user, Action.STATISTICS_VIEW, agency) or mine:
        rows = rows.filter(agency=agency)
    return rows, mine


def _handlers(rows) -> list[tuple[str, str]]:
    ids = rows.exclude(handler=None).order_by().values_list("handler_id", flat=True).distinct()
    users = get_user_model().objects.filter(pk__in=list(ids)).order_by("full_name", "username")
    return [(str(u.pk), u.display_name) for u in users]


def _search(rows, user, q: str):
    """Number and description for everyone; the applicant's name only where the person may
    see personal data (an organisation's name is not personal data and is shown to all)."""
    match = Q(number__icontains=q) | Q(description__icontains=q) | Q(organisation_name__icontains=q)
    personal = policy.agencies_where(user, Action.REQUEST_VIEW_PERSONAL)
    match |= Q(applicant_name__icontains=q, agency__in=personal)
    return rows.filter(match)


def read_filters(query, *, show: str, handlers, mine: str) -> Filters:
    return Filters(
        show=show,
        state=params.choice(query, "state", [v for v, _ in OPEN_STATE_CHOICES])
        if show == "open"
        else "",
        handler=params.choice(query, "handler", [v for v, _ in handlers] + [NO_HANDLER]),
        due=params.choice(query, "due", [d.value for d in Due]) if show == "open" else "",
        outcome=params.choice(query, "outcome", list(OUTCOMES)) if show == "closed" else "",
        q=params.text(query, "q", max_length=100).strip(),
        mine=mine,
    )


def _filtered(rows, f: Filters, user):
    if f.state:
        rows = rows.filter(state=f.state)
    if f.handler == NO_HANDLER:
        rows = rows.filter(handler=None)
    elif f.handler:
        rows = rows.filter(handler_id=int(f.handler))
    if f.outcome:
        rows = rows.filter(outcome=f.outcome)
    if f.q:
        rows = _search(rows, user, f.q)
    return rows


@office_view(Action.REQUEST_VIEW)
def queue(request, agency):
    """Open requests by urgency (``domain/urgency.py``); a head sees the whole office, a
    supervisor the units. Closed ones newest first, with their outcome."""
    today = timezone.localdate()
    show = params.choice(request.GET, "show", ["open", "closed"], default="open")
    scope, mine = _scope(request, agency)
    handlers = _handlers(scope)
    f = read_filters(request.GET, show=show, handlers=handlers, mine=mine)
    rows = _filtered(scope, f, request.user)
    ranked = {}
    if show == "closed":
        ordered = rows.filter(state=State.CLOSED).order_by("-closed_on", "-id")
        page = Paginator(ordered, 50).get_page(params.page(request.GET))
        shown = list(page)
    else:
        found = urgencies(rows, today=today)
        if f.due:
            found = with_due(found, f.due, today=today)
        page = Paginator(found, 50).get_page(params.page(request.GET))
        ranked = {u.pk: u for u in page}
        by_pk = rows.in_bulk(list(ranked))
        shown = [by_pk[pk] for pk in ranked]
    items = [
        {
            "req": req,
            "u": ranked.get(req.pk),
            "applicant": applicant_view(
                req, personal=may_see_personal_data(request.user, req.agency)
            ),
            "outcome_label": OUTCOMES[req.outcome].label if req.outcome in OUTCOMES else "",
            "due_soon": (u := ranked.get(req.pk)) is not None
            and u.days_left is not None
            and DEFAULT_POLICY.is_due_soon(u.days_left),
        }
        for req in shown
    ]
    can_confirm = policy.can(request.user, Action.REQUEST_HANDLE, agency)
    return render(
        request,
        "requests/queue.html",
        {
            "agency": agency,
            "items": items,
            "page": page,
            "show": show,
            "today": today,
            "f": f,
            "pager_query": f.query(),
            "open_query": f.query(show="open", outcome=""),
            "closed_query": f.query(show="closed", state="", due=""),
            "state_choices": OPEN_STATE_CHOICES,
            "handler_choices": handlers,
            "due_choices": [(d.value, DUE_LABELS[d]) for d in Due],
            "outcome_choices": [(k, o.label) for k, o in OUTCOMES.items()],
            "can_confirm": can_confirm
            and show == "open"
            and any(i["req"].state == State.SUBMITTED for i in items),
            "search_names": policy.can(request.user, Action.REQUEST_VIEW_PERSONAL, agency),
            "year": today.year,
        },
    )


@require_POST
@office_view(Action.REQUEST_HANDLE)
def confirm_batch(request, agency):
    """Confirm receipt (Art. 31) of the ticked online requests: the named step once per
    request, each in its own transaction, and one message saying what happened to each."""
    # Back to the same filtered page; re-encoded, so it can only ever be the queue's query.
    back = QueryDict(params.text(request.POST, "back", max_length=1000)).urlencode()
    target = reverse("requests_office:queue") + (f"?{back}" if back else "")
    pks = params.id_list(request.POST, "pk", max_items=BATCH_MAX, label="所选申请")
    if not pks:
        messages.error(request, "请先勾选要确认收到的申请。")
        return redirect(target)
    today = timezone.localdate()
    rows = visible_requests(request.user).filter(pk__in=pks).order_by("submitted_at")
    done, failed = [], []
    for req in rows:
        try:
            actions.transition(
                actor=request.user, info_request=req, event=Event.CONFIRM_RECEIPT, on=today
            )
        except (actions.InvalidStep, actions.StaleEdit, policy.Denied) as exc:
            failed.append(f"{req.number}：{exc}")
        else:
            done.append(req.number)
    missing = len(set(pks)) - len(done) - len(failed)
    if done:
        messages.success(
            request, f"已确认收到 {len(done)} 件申请（收到日期 {today}）：{'、'.join(done)}。"
        )
    if failed:
        messages.error(request, f"{len(failed)} 件未能确认：{'；'.join(failed)}")
    if missing:
        messages.error(request, f"{missing} 件所选申请不存在或您无权查看，未作处理。")
    return redirect(target)


@office_view(Action.REQUEST_VIEW)
def ledger_xlsx(request, agency):
    """The agency's ledger for a year (ledgers.md), as ``gongkai ledger export`` writes it;
    applicants' names masked for a person who may not see personal data."""
    year = params.year(request.GET, default=timezone.localdate().year)
    personal = policy.can(request.user, Action.REQUEST_VIEW_PERSONAL, agency)
    rows = export_rows(agency, year, personal=personal)
    return download(write_xlsx(rows), f"ledger-{agency.code}-{year}.xlsx")
