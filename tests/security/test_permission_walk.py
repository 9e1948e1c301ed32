"""Every URL pattern × every kind of person × an object of their own agency and of another,
by GET and POST. What each view needs is one line of NEEDS below; what a person holds comes
from the policy. A view added without a line here fails the first test."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.organisations import policy
from gongkai.organisations.roles import Action

A = Action
CATALOG = (A.CATALOG_DRAFT, A.CATALOG_REVIEW, A.CATALOG_PUBLISH)


@dataclass(frozen=True)
class Need:
    """What a person must hold for the view to let them in.

    ``any_of``/``all_of`` are checked in the agency the person is working in and, when the
    path names an object (``obj``), in that object's agency too. ``public`` pages need nothing;
    ``signed_in`` only a sign-in; ``staff`` is Django's admin site (operators)."""

    any_of: tuple[Action, ...] = ()
    all_of: tuple[Action, ...] = ()
    obj: str | None = None
    public: bool = False
    signed_in: bool = False
    staff: bool = False
    token: bool = False  # an API bearer token: nobody signed in to the site holds one
    path: dict = field(default_factory=dict)  # constant path values
    query: str = ""  # formatted with the objects' primary keys
    post: dict = field(default_factory=dict)
    # What an allowed GET may answer besides 200, a redirect or 405 (a POST-only view), and why.
    also: tuple[int, ...] = ()


PUBLIC = Need(public=True)
NEEDS: dict[str, Need] = {
    "portal:home": PUBLIC,
    "portal:agency": Need(public=True, obj="agency"),
    "portal:guide": Need(public=True, obj="agency"),
    "portal:choose_apply": PUBLIC,
    "portal:choose_reports": PUBLIC,
    "reports_public:pdf": Need(public=True, obj="record"),
    "requests_public:apply": Need(public=True, obj="agency"),
    "requests_public:track": PUBLIC,
    # The tracking pages open only for a request this browser proved (session); else 404.
    "requests_public:track_request": Need(public=True, path={"number": "x"}),
    "requests_public:receipt": Need(public=True, path={"number": "x"}),
    "requests_public:track_correction": Need(public=True, path={"number": "x"}),
    "requests_public:track_letter": Need(public=True, path={"number": "x", "fmt": "docx"}),
    "requests_public:track_file": Need(public=True, path={"number": "x", "rid": 1}),
    "catalog_portal:agency": Need(public=True, obj="agency"),
    "catalog_portal:feed": Need(public=True, obj="agency"),
    "catalog_portal:atom": Need(public=True, obj="agency"),
    "catalog_portal:category": Need(public=True, obj="category"),
    "catalog_portal:category_feed": Need(public=True, obj="category"),
    "catalog_portal:category_atom": Need(public=True, obj="category"),
    "catalog_portal:annual_reports": Need(public=True, obj="agency"),
    "catalog_portal:record": Need(public=True, obj="record"),
    "catalog_portal:version": Need(public=True, obj="record", path={"number": 1}),
    "catalog_portal:attachment": Need(public=True, obj="attachment"),
    "catalog_portal:search": Need(public=True, query="q=工作要点"),
    "catalog_portal:text_size": PUBLIC,
    "catalog_portal:sitemap": PUBLIC,
    "catalog_portal:sitemap_section": Need(public=True, path={"section": "records"}),
    # The open-data API (gongkai.api): read-only, no login; a POST answers 405.
    # django-ninja's root, kept for reversing the API's base path (api_index answers /api/v1/).
    "api:api-root": PUBLIC,
    "api_index": PUBLIC,
    "api_unknown": Need(public=True, path={"rest": "nothing-here"}),
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:agencies": PUBLIC,
    "api:agency": Need(public=True, obj="agency"),
    "api:guide": Need(public=True, obj="agency"),
    "api:annual_reports": Need(public=True, obj="agency"),
    "api:annual_report": Need(public=True, obj="agency", path={"year": 2025}),
    "api:records": Need(public=True, query="year={year}&q=工作要点"),
    "api:record": Need(public=True, obj="record"),
    # Other systems' endpoints open with a bearer token only (tests/api): a session opens
    # nothing, the answer is 401.
    "api:request_intake": Need(token=True),
    "api:request_status": Need(token=True, path={"reference": "X-1"}, query="agency=demo-county"),
    "api:report_submit": Need(token=True),
    "api:report_versions": Need(token=True, query="agency=demo-city"),
    "api_tokens:list": Need(any_of=(A.MANAGE_API_TOKENS,), post={"op": "revoke", "pk": "0"}),
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "requests_office:queue": Need(any_of=(A.REQUEST_VIEW,)),
    "requests_office:intake": Need(any_of=(A.REQUEST_HANDLE,)),
    "requests_office:confirm_batch": Need(any_of=(A.REQUEST_HANDLE,), post={"pk": "1"}),
    # Names are masked for a person without personal data, not refused (as on the queue).
    "requests_office:ledger_xlsx": Need(any_of=(A.REQUEST_VIEW,), query="year=2026"),
    "requests_office:letter_templates": Need(any_of=(A.EDIT_LETTER_TEMPLATES,)),
    "requests_office:detail": Need(any_of=(A.REQUEST_VIEW,), obj="request"),
    "requests_office:step": Need(
        any_of=(A.REQUEST_HANDLE, A.REQUEST_APPROVE_EXTENSION, A.REQUEST_REOPEN),
        obj="request",
        post={"event": "approve_extension", "version": "1", "on": "2026-01-05"},
    ),
    "requests_office:letter": Need(
        all_of=(A.REQUEST_VIEW_PERSONAL,), obj="request", path={"fmt": "docx"}
    ),
    # A reply a reopening superseded: its letter names the applicant like the current one's.
    "requests_office:earlier_letter": Need(
        all_of=(A.REQUEST_VIEW_PERSONAL,), obj="earlier", path={"fmt": "docx"}
    ),
    "requests_office:delivery": Need(any_of=(A.REQUEST_HANDLE,), obj="request"),
    "requests_office:reissue_code": Need(any_of=(A.REQUEST_HANDLE,), obj="request"),
    "requests_office:transfer": Need(any_of=(A.REQUEST_HANDLE,), obj="request"),
    "requests_office:release_upload": Need(any_of=(A.REQUEST_HANDLE,), obj="request"),
    "requests_office:release": Need(any_of=(A.REQUEST_HANDLE,), obj="release"),
    "requests_office:release_page": Need(
        all_of=(A.REQUEST_HANDLE, A.REQUEST_VIEW_PERSONAL), obj="release", path={"page": 1}
    ),
    "requests_office:release_download": Need(
        all_of=(A.REQUEST_VIEW, A.REQUEST_VIEW_PERSONAL), obj="release", also=(403,)
    ),  # 403 until a redacted version exists ("尚未生成公开版本")
    "requests_office:release_remove": Need(any_of=(A.REQUEST_HANDLE,), obj="release"),
    # What the applicant sent is their personal data.
    "requests_office:attachment": Need(
        all_of=(A.REQUEST_VIEW, A.REQUEST_VIEW_PERSONAL), obj="request_attachment"
    ),
    "workdays:calendar": Need(any_of=(A.MANAGE_CALENDAR,)),
    "outbox:jobs": Need(any_of=(A.MANAGE_JOBS,), post={"kind": "mail", "pk": "1"}),
    "webhooks:log": Need(any_of=(A.MANAGE_WEBHOOKS,), post={"pk": "1"}),
    "webhooks:new": Need(any_of=(A.MANAGE_WEBHOOKS,)),
    # No subscription with that number: an operator gets 404, everyone else the refusal.
    "webhooks:subscription": Need(any_of=(A.MANAGE_WEBHOOKS,), path={"pk": 1}, also=(404,)),
    "catalog_office:queue": Need(any_of=CATALOG),
    "catalog_office:new": Need(any_of=(A.CATALOG_DRAFT,)),
    "office:audit_verify": Need(any_of=(A.AUDIT_VERIFY,), also=(405,)),
    "requests_office:to_catalog": Need(all_of=(A.CATALOG_DRAFT,), post={"number": "x"}),
    "healthz": PUBLIC,
    "catalog_office:categories": Need(any_of=CATALOG),
    "catalog_office:detail": Need(any_of=CATALOG, obj="record"),
    "catalog_office:edit": Need(any_of=(A.CATALOG_DRAFT,), obj="record"),
    "catalog_office:step": Need(any_of=CATALOG, obj="record", post={"event": "withdraw"}),
    "catalog_office:detach": Need(any_of=(A.CATALOG_DRAFT,), obj="attachment"),
    "catalog_office:attachment": Need(any_of=CATALOG, obj="attachment"),
    "catalog_office:move_attachment": Need(
        any_of=(A.CATALOG_DRAFT,), obj="attachment", post={"direction": "up"}
    ),
    "catalog_office:review_sheet": Need(any_of=CATALOG, obj="review"),
    "appeals:list": Need(any_of=(A.APPEAL_MANAGE,)),
    "appeals:create": Need(any_of=(A.APPEAL_MANAGE,)),
    "appeals:detail": Need(any_of=(A.APPEAL_MANAGE,), obj="case"),
    "appeals:edit": Need(any_of=(A.APPEAL_MANAGE,), obj="case"),
    "appeals:close": Need(any_of=(A.APPEAL_MANAGE,), obj="case"),
    "appeals:document": Need(any_of=(A.APPEAL_MANAGE,), obj="document"),
    "reports:overview": Need(any_of=(A.REPORT_VIEW,)),
    "reports:submit": Need(any_of=(A.REPORT_EDIT,), post={"year": "2025"}),
    "reports:preview": Need(any_of=(A.REPORT_VIEW,)),
    # Reading the report does not open the requests behind a figure (issue 12).
    "reports:records": Need(
        all_of=(A.REPORT_VIEW, A.REQUEST_VIEW),
        query="year={year}&cell=requests.received_this_year.total",
        also=(404,),  # in an agency whose report counts no request there is no such list
    ),
    "reports:download": Need(any_of=(A.REPORT_VIEW,), path={"fmt": "json"}),
    "reports:draft": Need(any_of=(A.REPORT_EDIT,)),
    "reports:library": Need(any_of=(A.REPORT_VIEW,)),
    "reports:upload": Need(any_of=(A.REPORT_REVIEW,)),
    "reports:detail": Need(any_of=(A.REPORT_VIEW,), obj="report"),
    "reports:compare": Need(any_of=(A.REPORT_VIEW,), obj="report", query="a={report}&b={report}"),
    "reports:region": Need(any_of=(A.REPORT_VIEW,)),
    "reports:changes": Need(any_of=(A.REPORT_VIEW,)),
    "office:dashboard": Need(any_of=(A.VIEW_OFFICE,)),
    "office:switch": Need(signed_in=True, post={"agency": "demo-river"}),
    "office:units": Need(any_of=(A.STATISTICS_VIEW,)),
    "office:agency": Need(
        any_of=(A.MANAGE_AGENCY, A.MANAGE_PEOPLE),
        post={"form": "role", "username": "publisher", "role": "handler", "unit": "demo-county"},
    ),
    "office:revoke_role": Need(any_of=(A.MANAGE_PEOPLE,), obj="assignment"),
    "office:person": Need(any_of=(A.MANAGE_PEOPLE,), obj="person"),
    "office:password": Need(signed_in=True),
    "office:audit": Need(any_of=(A.VIEW_AUDIT,)),
    # Every module has its own pages now, so the placeholder page answers 404 for each key.
}
# The admin site only shows (audit.admin.ReadOnlyAdmin): its add and delete pages say 403.
ADMIN = Need(staff=True, also=(403, 404))

# How each kind of object fills the path, and which agency it belongs to.
OBJECT_PATHS = {
    "agency": lambda o: {"code": o["agency"].code},
    "category": lambda o: {"code": o["agency"].code, "category_code": o["category"].code},
    "request": lambda o: {"pk": o["request"].pk},
    "release": lambda o: {"pk": o["request"].pk, "rid": o["release"].pk},
    "earlier": lambda o: {"pk": o["request"].pk, "eid": o["earlier"].pk},
    "record": lambda o: {"pk": o["record"].pk},
    "attachment": lambda o: {"pk": o["record"].pk, "aid": o["attachment"].pk},
    "request_attachment": lambda o: {"pk": o["request"].pk, "aid": o["request_attachment"].pk},
    "review": lambda o: {"pk": o["record"].pk, "rid": o["review"].pk},
    "case": lambda o: {"pk": o["case"].pk},
    "document": lambda o: {"pk": o["case"].pk, "doc": o["document"].pk},
    "report": lambda o: {"pk": o["report"].pk},
    "assignment": lambda o: {"assignment_id": o["assignment"].pk},
    "person": lambda o: {"user_id": o["person"].pk},
}


def url_patterns(resolver=None, namespace="", prefix=""):
    """(URL name with its namespaces, names of the path's parameters, route) of every pattern.
    An unnamed pattern (the admin's redirects) is named by its route."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            params = set(entry.pattern.regex.groupindex)
            for name, more, full in url_patterns(entry, inner, route):
                yield name, params | more, full
        elif isinstance(entry, URLPattern):
            name = entry.name or f"route={route}"
            yield f"{namespace}{name}", set(entry.pattern.regex.groupindex), route


def _url(name: str, route: str, kwargs: dict) -> str:
    if "route=" not in name:
        return reverse(name, kwargs=kwargs)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    return "/" + route.replace("^", "").replace("$", "")


SIGNS_OUT = frozenset({"accounts:logout", "admin:logout"})


def need_of(name: str) -> Need | None:
    if name in NEEDS:
        return NEEDS[name]
    if name.startswith("admin:"):
        return ADMIN
    return NEEDS.get(name)


def test_every_url_pattern_has_a_line_in_the_table():
    names = {name for name, _, _ in url_patterns()}
    missing = sorted(n for n in names if need_of(n) is None)
    assert not missing, f"add these views to NEEDS: {missing}"
    stale = sorted(set(NEEDS) - names)
    assert not stale, f"these lines name no view any more: {stale}"


def _admin_path(params, world, objects):
    from django.contrib.contenttypes.models import ContentType

    from gongkai.accounts.models import User

    user = world["people"]["publisher"]
    values = {
        "app_label": "accounts",
        "object_id": str(user.pk),
        "content_type_id": ContentType.objects.get_for_model(User).pk,
        "url": "nothing-here/",
    }
    return {p: values[p] for p in params}


def _allowed(person, need: Need, working_in, obj_agency) -> bool:
    if need.public:
        return True
    if person is None or need.token:
        return False
    if need.staff:
        return person.is_staff and person.is_active
    if need.signed_in:
        return True

    def holds(agency):
        return (not need.any_of or any(policy.can(person, a, agency) for a in need.any_of)) and all(
            policy.can(person, a, agency) for a in need.all_of
        )

    if working_in is None or not holds(working_in):
        return False
    return obj_agency is None or holds(obj_agency)


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code in (301, 302, 303):
        location = response.headers.get("Location", "")
        return location.startswith(("/accounts/login/", "/admin/login/"))
    return False


def _cases(world):
    """(name, route, side, path kwargs, query, need) for every pattern; a pattern without an object
    is walked once, one with an object once per side."""
    objects = world["objects"]
    for name, params, route in sorted(url_patterns(), key=lambda item: item[0]):
        need = need_of(name)
        if need is ADMIN:
            yield name, route, None, _admin_path(params, world, objects), "", need
            continue
        sides = ("own", "other") if need.obj else (None,)
        for side in sides:
            kwargs = dict(need.path)
            values = {"year": world["today"].year}
            if side:
                # An object may be named in the query string instead (compare ?a=&b=).
                filled = OBJECT_PATHS[need.obj](objects[side])
                kwargs |= {k: v for k, v in filled.items() if k in params}
                values |= {k: getattr(v, "pk", None) for k, v in objects[side].items()}
            assert set(kwargs) == params, (name, kwargs, params)
            yield name, route, side, kwargs, need.query.format(**values), need


@pytest.fixture
def quiet_refusals():
    """Thousands of refusals are the point here; logging each with its traceback is not.
    Server errors are still counted from the responses."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
def test_walk_every_view_as_every_person(world, quiet_refusals):
    from gongkai.office.session import my_agencies

    cases = list(_cases(world))
    failures = []
    count = opened = 0
    for who, person in world["people"].items():
        client = Client(raise_request_exception=False)
        working_in = None
        if person is not None:
            client.force_login(person)
            agencies = my_agencies(person)
            working_in = agencies[0] if agencies else None
        for name, route, side, kwargs, query, need in cases:
            url = _url(name, route, kwargs) + (f"?{query}" if query else "")
            obj_agency = world["objects"][side]["agency"] if side else None
            allowed = _allowed(person, need, working_in, obj_agency)
            for method in ("get", "post"):
                with transaction.atomic():
                    if method == "get":
                        response = client.get(url)
                    else:
                        response = client.post(url, need.post)
                    transaction.set_rollback(True)
                if person is not None:
                    policy.forget_cached_grants(person)
                    if name in SIGNS_OUT:
                        client.force_login(person)
                count += 1
                problem = None
                if response.status_code >= 500:
                    problem = "server error"
                elif not allowed and not _refused(response):
                    problem = "not refused"
                elif side == "other" and not allowed and response.status_code == 200:
                    problem = "another agency's object shown"
                elif allowed and method == "get" and side != "other":
                    opened += response.status_code == 200
                    if response.status_code not in (200, 302, 405, *need.also) and not need.public:
                        problem = "refused although allowed"
                if problem:
                    failures.append((problem, who, method.upper(), url, response.status_code))
    assert not failures, "\n".join(map(str, failures))
    assert count > 3000 and opened > 300, (count, opened)
