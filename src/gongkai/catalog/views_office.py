"""Back-office pages of the catalog: the queue, drafting, review, publishing, the tree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.audit.log import entries_for
from gongkai.errors import InvalidInput, InvalidStep
from gongkai.office import downloads
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions
from .actions.attachments import DIRECTIONS
from .domain.workflow import Event, State, allowed_events, review_conclusion
from .forms import CategoryForm, FromRequestForm, RecordForm, SchemeForm, StepForm
from .models import CatalogSettings, Category, Record

ANY = (Action.CATALOG_DRAFT, Action.CATALOG_REVIEW, Action.CATALOG_PUBLISH)
TABS = [
    ("todo", "待办"),
    (State.DRAFT.value, "草稿"),
    (State.SUBMITTED.value, "待审查"),
    (State.APPROVED.value, "待发布"),
    (State.PUBLISHED.value, "已发布"),
    (State.WITHDRAWN.value, "已撤回"),
]


def _todo_states(allowed) -> list[str]:
    states = []
    if Action.CATALOG_DRAFT in allowed:
        states.append(State.DRAFT.value)
    if Action.CATALOG_REVIEW in allowed:
        states.append(State.SUBMITTED.value)
    if Action.CATALOG_PUBLISH in allowed:
        states.append(State.APPROVED.value)
    return states


@office_view(*ANY)
def queue(request, agency):
    show = params.choice(
        request.GET, "show", ["todo", "all", *(s.value for s in State)], default="todo"
    )
    rows = Record.objects.filter(agency=agency).select_related("category")
    if show == "todo":
        rows = rows.filter(state__in=_todo_states(request.allowed_actions))
    elif show != "all":
        rows = rows.filter(state=show)
    rows = rows.order_by("-updated_at", "-id")
    page = Paginator(rows, 50).get_page(params.page(request.GET))
    year = timezone.localdate().year
    published = Record.objects.filter(agency=agency, is_public=True, published_on__year=year)
    late = published.filter(publish_late=True)
    return render(
        request,
        "catalog/office/queue.html",
        {
            "agency": agency,
            "page": page,
            "show": show,
            "tabs": TABS,
            "year": year,
            "published_count": published.count(),
            "late_count": late.count(),
            "late_records": late.order_by("-published_at")[:10],
            "from_request_form": FromRequestForm(),
        },
    )


def _save_uploads(request, record, form) -> bool:
    ok = True
    for upload in form.uploads():
        try:
            actions.add_attachment(
                actor=request.user, record=record, name=upload.name, data=upload.read()
            )
        except InvalidStep as exc:
            messages.error(request, exc.message)
            ok = False
    return ok


@office_view(Action.CATALOG_DRAFT)
def new(request, agency):
    if not Category.objects.filter(agency=agency).exists() and policy.can(
        request.user, Action.CATALOG_PUBLISH, agency
    ):
        actions.ensure_catalog(actor=request.user, agency=agency)
    form = RecordForm(request.POST or None, request.FILES or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.create_draft(
                actor=request.user, agency=agency, data=form.data_for_action()
            )
        except InvalidStep as exc:
            form.add_error(None, exc.message)
        else:
            _save_uploads(request, record, form)
            messages.success(request, "草稿已保存。核对无误后请提交保密审查。")
            return redirect("catalog_office:detail", pk=record.pk)
    return render(request, "catalog/office/edit.html", {"agency": agency, "form": form})


@office_view(Action.CATALOG_DRAFT)
def edit(request, agency, pk):
    record = get_object_or_404(Record, pk=pk, agency=agency)
    form = RecordForm(request.POST or None, request.FILES or None, instance=record, agency=agency)
    if request.method == "POST" and form.is_valid():
        # Read before the action: a bad version is a bad request (400), not a form error.
        version = params.integer(
            request.POST, "version", low=0, high=2**31 - 1, default=0, label="版本号"
        )
        try:
            actions.update_draft(
                actor=request.user,
                record=record,
                data=form.data_for_action(),
                expected_version=version or None,
            )
        except InvalidStep as exc:
            form.add_error(None, exc.message)
        else:
            _save_uploads(request, record, form)
            messages.success(request, "修改已保存。")
            return redirect("catalog_office:detail", pk=record.pk)
    return render(
        request, "catalog/office/edit.html", {"agency": agency, "form": form, "record": record}
    )


NEEDED = actions.NEEDED


@office_view(*ANY)
def detail(request, agency, pk):
    record = get_object_or_404(
        Record.objects.select_related("category", "live", "interprets"), pk=pk, agency=agency
    )
    steps = [
        {
            "event": event,
            "form": StepForm(
                initial={"event": event.value, "version": record.version},
                auto_id=f"id_{event.value}_%s",
            ),
        }
        for event in allowed_events(State(record.state))
        if NEEDED[event] in request.allowed_actions
    ]
    return render(
        request,
        "catalog/office/detail.html",
        {
            "agency": agency,
            "record": record,
            "steps": steps,
            "can_edit": record.state == State.DRAFT
            and Action.CATALOG_DRAFT in request.allowed_actions,
            "attachments": record.attachments.filter(removed=False),
            "reviews": record.reviews.all(),
            "versions": record.versions.all(),
            "history": entries_for(record).order_by("seq"),
        },
    )


@require_POST
@office_view(*ANY)
def step(request, agency, pk):
    record = get_object_or_404(Record, pk=pk, agency=agency)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提交的内容不完整，请重试。")
        return redirect("catalog_office:detail", pk=pk)
    try:
        event = Event(form.cleaned_data["event"])
    except ValueError:
        raise PermissionDenied("未知的操作。") from None
    try:
        actions.transition(
            actor=request.user,
            record=record,
            event=event,
            note=form.cleaned_data["note"] or "",
            at=form.cleaned_data["at"],
            expected_version=form.cleaned_data["version"],
        )
    except InvalidStep as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{event.label}。")
    return redirect("catalog_office:detail", pk=pk)


@require_POST
@office_view(Action.CATALOG_DRAFT)
def remove_attachment(request, agency, pk, aid):
    record = get_object_or_404(Record, pk=pk, agency=agency)
    attachment = get_object_or_404(record.attachments, pk=aid, removed=False)
    try:
        actions.remove_attachment(actor=request.user, attachment=attachment)
    except InvalidStep as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除附件“{attachment.original_name}”。")
    return redirect("catalog_office:detail", pk=pk)


@require_POST
@office_view(Action.CATALOG_DRAFT)
def move_attachment(request, agency, pk, aid):
    record = get_object_or_404(Record, pk=pk, agency=agency)
    attachment = get_object_or_404(record.attachments, pk=aid, removed=False)
    direction = params.choice(request.POST, "direction", DIRECTIONS)  # else the action refuses
    try:
        actions.move_attachment(actor=request.user, attachment=attachment, direction=direction)
    except InvalidStep as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('catalog_office:detail', args=[pk])}#files-h")


@office_view(*ANY)
def attachment(request, agency, pk, aid):
    """A draft's file for whoever prepares, reviews or publishes it (the portal serves only
    what a published version offers)."""
    record = get_object_or_404(Record, pk=pk, agency=agency)
    att = get_object_or_404(record.attachments, pk=aid)
    return downloads.stored_file(
        att.file, filename=att.original_name, content_type=att.content_type
    )


@office_view(*ANY)
def review_sheet(request, agency, pk, rid):
    """The signed review sheet (保密审查单), laid out for printing."""
    record = get_object_or_404(Record, pk=pk, agency=agency)
    review = get_object_or_404(record.reviews, pk=rid)
    return render(
        request,
        "catalog/office/review_sheet.html",
        {
            "agency": agency,
            "record": record,
            "review": review,
            "conclusion": review_conclusion(review.decision),
        },
    )


@office_view(*ANY)
def categories(request, agency):
    can_edit = Action.CATALOG_PUBLISH in request.allowed_actions
    form = CategoryForm(request.POST or None, agency=agency, prefix="cat")
    conf = CatalogSettings.objects.filter(agency=agency).first()
    scheme_form = SchemeForm(
        request.POST or None,
        prefix="scheme",
        initial={
            "index_scheme": conf.index_scheme if conf else "",
            "org_code": conf and conf.org_code,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("您没有维护公开目录的权限。")
        try:
            with transaction.atomic():
                if request.POST.get("form") == "seed":
                    actions.ensure_catalog(actor=request.user, agency=agency)
                elif request.POST.get("form") == "scheme" and scheme_form.is_valid():
                    actions.set_index_scheme(
                        actor=request.user, agency=agency, **scheme_form.cleaned_data
                    )
                elif request.POST.get("form") == "category" and form.is_valid():
                    actions.save_category(actor=request.user, agency=agency, **form.cleaned_data)
                else:
                    raise InvalidInput("请检查填写的内容。")
        except (InvalidStep, InvalidInput) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("catalog_office:categories")
    tree = _tree(Category.objects.filter(agency=agency))
    return render(
        request,
        "catalog/office/categories.html",
        {
            "agency": agency,
            "tree": tree,
            "form": form,
            "scheme_form": scheme_form,
            "can_edit": can_edit,
        },
    )


def _tree(categories) -> list[tuple[Category, int]]:
    children: dict = {}
    for c in categories:
        children.setdefault(c.parent_id, []).append(c)
    out = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append((c, depth))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out
