"""Named actions on the catalog. Views, the CLI, the import and the demo call only these.

Each action: permission through the policy, the transition checked against the domain's one
table, the change plus its audit row in one transaction, the search index's outbox row in
that transaction too (gongkai.outbox.index), cache expiry after commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai import uploads
from gongkai.audit import log as audit
from gongkai.errors import InvalidStep, StaleEdit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.outbox.index import queue_index
from gongkai.outbox.models import IndexOp
from gongkai.state_guard import transition_writes
from gongkai.workdays.registry import current_calendar

from ..domain import categories as seed
from ..domain import content, index_number, timeliness
from ..domain.kinds import (
    DOC_TYPE_LABELS,
    VALIDITY_LABELS,
    ValidityError,
    ValidityInfo,
    check_validity,
)
from ..domain.workflow import (
    IMPORT_EVENTS,
    REVIEW_EVENTS,
    Event,
    IllegalTransition,
    State,
    check_note,
    next_state,
)
from ..models import (
    Attachment,
    CatalogSettings,
    Category,
    IndexCounter,
    PortalGeneration,
    Record,
    RecordVersion,
    Review,
)
from .attachments import move_attachment as move_attachment
from .attachments import next_position
from .attachments import remove_attachment as remove_attachment

AUDITED = (
    "title", "state", "category", "doc_type", "document_number", "subject_words",
    "subject_class", "summary", "body", "formed_on", "changed_on", "validity",
    "effective_from", "ended_on", "validity_basis", "interprets", "index_number",
    "is_public", "published_at",
)  # fmt: skip
EDITABLE = (
    "title", "category", "doc_type", "document_number", "subject_words", "subject_class",
    "summary", "body", "formed_on", "changed_on", "validity", "effective_from", "ended_on",
    "validity_basis", "interprets",
)  # fmt: skip
NEEDED = {
    Event.SUBMIT: Action.CATALOG_DRAFT,
    Event.APPROVE: Action.CATALOG_REVIEW,
    Event.RETURN: Action.CATALOG_REVIEW,
    Event.PUBLISH: Action.CATALOG_PUBLISH,
    Event.REVISE: Action.CATALOG_PUBLISH,
    Event.WITHDRAW: Action.CATALOG_PUBLISH,
    Event.IMPORT: Action.CATALOG_PUBLISH,
}


def after_commit(record_id: int, *, index: bool) -> None:
    """The record's search entry follows through the outbox (a row in this transaction, a task
    after commit): a failing index never turns a committed publish into an error page."""
    queue_index([record_id], op=IndexOp.INDEX if index else IndexOp.REMOVE)
    transaction.on_commit(bump_generation)


def bump_generation() -> None:
    if not PortalGeneration.objects.filter(pk=1).update(number=F("number") + 1):
        PortalGeneration.objects.get_or_create(pk=1)


# --- the catalog tree and the index scheme ---------------------------------------------------


def ensure_catalog(*, actor, agency) -> list[Category]:
    """Seed the agency's 公开目录 with the Art. 20/21 items and the common headings (once)."""
    policy.require(actor, Action.CATALOG_PUBLISH, agency)
    with transaction.atomic():
        existing = {c.code: c for c in Category.objects.filter(agency=agency)}
        created = []
        for position, item in enumerate(seed.seed_for(agency.kind, agency.level)):
            if item.code in existing:
                continue
            cat = Category.objects.create(
                agency=agency,
                parent=existing.get(item.parent) if item.parent else None,
                code=item.code,
                name=item.name,
                kind=item.kind,
                article=item.article,
                position=position * 10,
            )
            existing[item.code] = cat
            created.append(cat)
        CatalogSettings.objects.get_or_create(agency=agency)
        if created:
            audit.record(
                actor=actor,
                action="catalog.seed_categories",
                obj=agency,
                changes={"categories": [None, [c.code for c in created]]},
            )
    return created


def save_category(*, actor, agency, code: str, name: str, parent=None, category=None):
    """Add a heading, or rename/move one (its code stays: it is inside index numbers)."""
    policy.require(actor, Action.CATALOG_PUBLISH, agency)
    code, name = (code or "").strip(), (name or "").strip()
    if not name:
        raise InvalidStep("请填写目录名称。")
    if parent is not None and parent.agency_id != agency.pk:
        raise InvalidStep("上级目录不属于本机关。")
    with transaction.atomic():
        if category is None:
            if not code or not code.replace("-", "").isalnum():
                raise InvalidStep("目录代码只能由字母、数字和“-”组成，例如 7-4。")
            if Category.objects.filter(agency=agency, code=code).exists():
                raise InvalidStep(f"目录代码 {code} 已被使用，请换一个。")
            category = Category.objects.create(
                agency=agency, code=code, name=name, parent=parent, position=10_000
            )
            before = {}
        else:
            node = parent
            while node is not None:
                if node.pk == category.pk:
                    raise InvalidStep("不能把目录移到它自己的下级。")
                node = node.parent
            before = audit.field_values(category, ("name", "parent"))
            category.name, category.parent = name, parent
            category.save(update_fields=["name", "parent"])
        audit.record(
            actor=actor,
            action="catalog.save_category",
            obj=category,
            object_repr=f"{agency.code}:{category.code} {category.name}",
            agency_id=agency.pk,
            changes=audit.diff(before, audit.field_values(category, ("name", "parent"))),
        )
        transaction.on_commit(bump_generation)
    return category


def set_index_scheme(*, actor, agency, scheme: str, org_code: str = "") -> CatalogSettings:
    policy.require(actor, Action.CATALOG_PUBLISH, agency)
    try:
        index_number.check_scheme(scheme)
    except index_number.SchemeError as exc:
        raise InvalidStep(str(exc)) from exc
    with transaction.atomic():
        conf, _ = CatalogSettings.objects.select_for_update().get_or_create(agency=agency)
        before = audit.field_values(conf, ("index_scheme", "org_code"))
        conf.index_scheme, conf.org_code = scheme, org_code.strip()
        conf.save()
        audit.record(
            actor=actor,
            action="catalog.index_scheme",
            obj=conf,
            agency_id=agency.pk,
            changes=audit.diff(before, audit.field_values(conf, ("index_scheme", "org_code"))),
        )
    return conf


def _next_index_number(record: Record, year: int) -> str:
    conf, _ = CatalogSettings.objects.get_or_create(agency=record.agency)
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(
        agency=record.agency, year=year
    )
    org = conf.org_code or record.agency.org_code or record.agency.code
    while True:
        counter.last += 1
        number = index_number.format_number(
            conf.index_scheme, org=org, cat=record.category.code, year=year, serial=counter.last
        )
        # An imported number may already sit on this serial; skip it rather than reuse it.
        if not Record.objects.filter(index_number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


# --- drafting --------------------------------------------------------------------------------


def _check_fields(agency, data: dict, *, today: dt.date) -> dict:
    data = {k: v for k, v in data.items() if k in EDITABLE}
    if "body" in data:
        data["body"] = content.sanitise_html(data["body"])
    category = data.get("category")
    if category is not None and category.agency_id != agency.pk:
        raise InvalidStep("所选公开目录不属于本机关。")
    interprets = data.get("interprets")
    if interprets is not None and interprets.agency_id != agency.pk:
        raise InvalidStep("只能关联本机关发布的政策文件。")
    if data.get("formed_on") and data["formed_on"] > today:
        raise InvalidStep(f"成文日期 {data['formed_on']} 晚于今天。")
    return data


def create_draft(
    *,
    actor,
    agency,
    data: dict,
    today: dt.date | None = None,
    source_request_number: str = "",
) -> Record:
    """A new draft. ``source_request_number``: the request whose disclosure this makes proactive
    (Art. 44); one record per request."""
    policy.require(actor, Action.CATALOG_DRAFT, agency)
    today = today or timezone.localdate()
    data = _check_fields(agency, data, today=today)
    record = Record(
        agency=agency, state=State.DRAFT, source_request_number=source_request_number, **data
    )
    if getattr(actor, "pk", None):
        record.created_by = actor
    _check_validity(record, today)
    with transaction.atomic():
        if (
            source_request_number
            and Record.objects.filter(source_request_number=source_request_number).exists()
        ):
            raise InvalidStep(f"申请 {source_request_number} 已转为主动公开，不必重复。")
        with transition_writes():  # a new record, in the table's first state
            record.save()
        audit.record(
            actor=actor,
            action="catalog.create",
            obj=record,
            changes=audit.diff({}, audit.field_values(record, AUDITED)),
        )
    return record


def update_draft(
    *, actor, record: Record, data: dict, expected_version: int | None = None, today=None
) -> Record:
    policy.require(actor, Action.CATALOG_DRAFT, record.agency)
    today = today or timezone.localdate()
    data = _check_fields(record.agency, data, today=today)
    with transaction.atomic():
        current = Record.objects.select_for_update().get(pk=record.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("信息")
        if current.state != State.DRAFT:
            raise InvalidStep(f"“{current.state_label}”的信息不能修改；请先退回或修订。")
        before = audit.field_values(current, AUDITED)
        for name, value in data.items():
            setattr(current, name, value)
        _check_validity(current, today)
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="catalog.update",
            obj=current,
            changes=audit.diff(before, audit.field_values(current, AUDITED)),
        )
    return current


def add_attachment(*, actor, record: Record, name: str, data: bytes) -> Attachment:
    policy.require(actor, Action.CATALOG_DRAFT, record.agency)
    if record.state != State.DRAFT:
        raise InvalidStep("只有草稿可以添加附件。")
    try:
        kind = content.check_attachment(name, data)
    except content.AttachmentError as exc:
        raise InvalidStep(str(exc)) from exc
    with transaction.atomic():
        att = Attachment(
            record=record,
            original_name=name[:200],
            kind=kind,
            content_type=content.KINDS[kind][0],
            size=len(data),
            position=next_position(record),
        )
        # Stored under a generated name: the sender's name is kept only as original_name.
        att.file.save(uploads.stored_name(kind), ContentFile(data), save=False)
        att.save()
        audit.record(
            actor=actor,
            action="catalog.attach",
            obj=record,
            changes={"attachment": [None, att.original_name]},
        )
    return att


# --- the workflow ----------------------------------------------------------------------------


def _ready_to_submit(record: Record, today: dt.date) -> None:
    missing = [
        label
        for label, value in (("标题", record.title), ("公开目录", record.category_id))
        if not value
    ]
    if not (record.body.strip() or record.attachments.filter(removed=False).exists()):
        missing.append("正文或附件")
    if missing:
        raise InvalidStep(f"请先填写：{'、'.join(missing)}。")
    _check_validity(record, today)


def _check_validity(record: Record, today: dt.date) -> None:
    """On every save and again at submission: a 规章 or 规范性文件 states its validity."""
    info = ValidityInfo(
        record.validity, record.effective_from, record.ended_on, record.validity_basis
    )
    try:
        check_validity(record.doc_type, info, today=today)
    except ValidityError as exc:
        raise InvalidStep(str(exc)) from exc


def version_content(record: Record) -> dict:
    """The public content of a version: everything the record page shows."""
    files = record.attachments.filter(removed=False)
    return {
        "title": record.title,
        "index_number": record.index_number,
        "agency": record.agency.name,
        "category": record.category.name if record.category_id else "",
        "category_code": record.category.code if record.category_id else "",
        "doc_type": record.doc_type,
        "doc_type_label": DOC_TYPE_LABELS.get(record.doc_type, record.doc_type),
        "document_number": record.document_number,
        "subject_words": record.subject_words,
        "subject_class": record.subject_class,
        "summary": record.summary,
        "body": record.body,
        "formed_on": record.formed_on.isoformat(),
        "changed_on": record.changed_on.isoformat() if record.changed_on else None,
        "validity": record.validity,
        "validity_label": VALIDITY_LABELS.get(record.validity, ""),
        "effective_from": record.effective_from and record.effective_from.isoformat(),
        "ended_on": record.ended_on and record.ended_on.isoformat(),
        "validity_basis": record.validity_basis,
        "interprets": record.interprets_id,
        "attachments": [
            {"id": a.pk, "name": a.original_name, "kind": a.kind, "size": a.size} for a in files
        ],
    }


def transition(
    *,
    actor,
    record: Record,
    event: Event | str,
    note: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Record:
    """Move ``record`` through ``event``; the one way a record changes state."""
    event = Event(event)
    policy.require(actor, NEEDED[event], record.agency)
    if event in IMPORT_EVENTS:
        raise InvalidStep(f"“{event.label}”只能通过目录导入。")
    now = now or timezone.now()
    with transaction.atomic():
        current = Record.objects.select_for_update(of=("self",)).select_related(
            "agency", "category"
        )
        current = current.get(pk=record.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("信息")
        try:
            new_state = next_state(State(current.state), event)
            check_note(event, note)
        except IllegalTransition as exc:
            raise InvalidStep(str(exc)) from exc
        before = audit.field_values(current, AUDITED)
        if event == Event.SUBMIT:
            _ready_to_submit(current, timezone.localdate(now))
        if event in REVIEW_EVENTS:
            _review(actor, current, event, note, now)
        if event == Event.PUBLISH:
            _publish(current, at or now, now, note)
        if event == Event.WITHDRAW:
            current.is_public = False
            current.withdrawn_reason = note
        current.state = new_state.value
        current.version += 1
        with transition_writes():
            current.save()
        audit.record(
            actor=actor,
            action="catalog.transition",
            obj=current,
            transition=event.value,
            changes=audit.diff(before, audit.field_values(current, AUDITED)),
            note=note,
        )
        if event in (Event.PUBLISH, Event.WITHDRAW):
            after_commit(current.pk, index=event == Event.PUBLISH)
    return current


# Audit rows that write a version's content; whoever made one is an author of that version.
_AUTHORING_ACTIONS = frozenset(
    {
        "catalog.create",
        "catalog.update",
        "catalog.attach",
        "catalog.detach",
        "catalog.reorder_attachments",
        "catalog.validity",
        "catalog.from_request",
        "catalog.import",
    }
)
_AUTHORING_TRANSITIONS = frozenset({Event.REVISE.value, Event.SUBMIT.value})


def authors_of_current_version(record: Record) -> set[int]:
    """Who drafted, edited, revised or submitted the version now under way: everything in the
    record's audit trail since it was last published."""
    entries = audit.entries_for(record)
    last_published = (
        entries.filter(transition=Event.PUBLISH.value).order_by("-seq").values("seq").first()
    )
    if last_published:
        entries = entries.filter(seq__gt=last_published["seq"])
    authors = set(
        entries.filter(Q(action__in=_AUTHORING_ACTIONS) | Q(transition__in=_AUTHORING_TRANSITIONS))
        .exclude(actor_id=None)
        .values_list("actor_id", flat=True)
    )
    if not last_published and record.created_by_id:
        authors.add(record.created_by_id)
    return authors


def _review(actor, record: Record, event: Event, note: str, now) -> None:
    # 一事一审: a second person clears a version for publication, never one who wrote any of it.
    if event == Event.APPROVE and getattr(actor, "pk", None):
        if actor.pk in authors_of_current_version(record):
            raise InvalidStep(
                "起草人和修改人不能审查此版本（一事一审）：您起草、修改或提交过它，"
                "请由其他保密审查员审查。"
            )
    submitted = (
        audit.entries_for(record).filter(transition=Event.SUBMIT.value).order_by("-seq").first()
    )
    Review.objects.create(
        record=record,
        decision="approve" if event == Event.APPROVE else "return",
        opinion=note.strip(),
        reviewer=actor if getattr(actor, "pk", None) else None,
        reviewer_label=getattr(actor, "display_name", str(actor)),
        submitted_by_label=submitted.actor_label if submitted else "",
        title=record.title,
        at=now,
    )


def _publish(record: Record, at: dt.datetime, now: dt.datetime, note: str) -> None:
    if at < now - dt.timedelta(minutes=5):
        raise InvalidStep("发布时间不能早于现在；如需补登已公开的信息，请使用目录导入。")
    published_on = timezone.localdate(at)
    if not record.index_number:
        record.index_number = _next_index_number(record, published_on.year)
    record.published_at, record.published_on, record.is_public = at, published_on, True
    late = timeliness.publication(
        current_calendar(), record.changed_on or record.formed_on, published_on
    )
    record.publish_late = bool(late and late.late)
    record.live = new_version(record, version_content(record), published_at=at, note=note)


def new_version(record: Record, data: dict, *, published_at, note: str) -> RecordVersion:
    """Published versions are never changed (``RecordVersion`` refuses): a change is a new one."""
    number = (record.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return RecordVersion.objects.create(
        record=record, number=number, data=data, published_at=published_at, note=note
    )


def submit(*, actor, record, **kw):
    return transition(actor=actor, record=record, event=Event.SUBMIT, **kw)


def approve(*, actor, record, opinion: str, **kw):
    return transition(actor=actor, record=record, event=Event.APPROVE, note=opinion, **kw)


def publish(*, actor, record, at=None, **kw):
    return transition(actor=actor, record=record, event=Event.PUBLISH, at=at, **kw)


def revise(*, actor, record, reason: str = "", **kw):
    return transition(actor=actor, record=record, event=Event.REVISE, note=reason, **kw)


def withdraw(*, actor, record, reason: str, **kw):
    return transition(actor=actor, record=record, event=Event.WITHDRAW, note=reason, **kw)


def change_validity(
    *, actor, record: Record, validity: str, ended_on=None, basis: str = "", today=None
) -> Record:
    """A published rule or normative document expires or is repealed (or is found in force
    again): the public page and the annual report's counts change with it."""
    policy.require(actor, Action.CATALOG_PUBLISH, record.agency)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = Record.objects.select_for_update(of=("self",)).select_related(
            "agency", "category"
        )
        current = current.get(pk=record.pk)
        info = ValidityInfo(validity, current.effective_from, ended_on, basis)
        try:
            check_validity(current.doc_type, info, today=today)
        except ValidityError as exc:
            raise InvalidStep(str(exc)) from exc
        before = audit.field_values(current, AUDITED)
        current.validity, current.ended_on, current.validity_basis = validity, ended_on, basis
        current.version += 1
        current.save()
        if current.live_id:
            # The public page changes with the validity: a new version of what was published,
            # with the new validity and nothing else changed (a revision under review stays out).
            live = current.live
            current.live = new_version(
                current,
                live.data
                | {
                    "validity": validity,
                    "validity_label": VALIDITY_LABELS.get(validity, ""),
                    "ended_on": ended_on and ended_on.isoformat(),
                    "validity_basis": basis,
                },
                published_at=live.published_at,
                note=f"有效性变更为“{VALIDITY_LABELS.get(validity, validity)}”",
            )
            current.save(update_fields=["live"])
        audit.record(
            actor=actor,
            action="catalog.validity",
            obj=current,
            changes=audit.diff(before, audit.field_values(current, AUDITED)),
        )
        if current.is_public:
            after_commit(current.pk, index=True)
    return current
