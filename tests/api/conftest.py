"""The demo, seeded once for this package's tests inside a transaction that is rolled back at the
end, so nothing is left for the tests that follow. Each test runs in a savepoint of it."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from gongkai.accounts.models import User
    from gongkai.catalog import search
    from gongkai.catalog.models import Record
    from gongkai.demo import seed
    from gongkai.organisations.models import Agency
    from gongkai.reports.actions import drafts, library
    from gongkai.reports.models import PublishedReport, ReportDraft

    media = tmp_path_factory.mktemp("api-media")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER], MEDIA_ROOT=media):
            seed()
            # The index is written after commit, which never comes here: write it now.
            search.index_records(list(Record.objects.values_list("pk", flat=True)))
            county = Agency.objects.get(code="demo-county")
            year = timezone.localdate().year - 1
            head = User.objects.get(username="head")
            # A second submitted version of last year's report: the API shows every one.
            draft = ReportDraft.objects.get(agency=county, year=year)
            narrative = {**draft.narrative, "other": "本年度未收取信息处理费。另更正了一处表述。"}
            drafts.save_draft(actor=head, agency=county, year=year, manual=draft.manual,
                              narrative=narrative, today=timezone.localdate())  # fmt: skip
            library.submit_report(
                actor=head,
                agency=county,
                year=year,
                today=timezone.localdate(),
                now=dt.datetime(timezone.localdate().year, 1, 25, 10, tzinfo=dt.UTC),
            )
            versions = PublishedReport.objects.filter(agency=county, year=year, source="platform")
            yield {"county": county, "year": year, "versions": versions.count(), "media": media}
        transaction.set_rollback(True)


@pytest.fixture
def api_db(demo, db, settings):
    settings.MEDIA_ROOT = demo["media"]
    return demo
