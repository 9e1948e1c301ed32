"""Identity numbers and phones are ciphertext in the database and plaintext on the model; the
same applicant is still found (blind index); production refuses to run without the key; and
migration 0006 encrypts what an installation stored before it."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.core import checks
from django.core.exceptions import FieldError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.system import SYSTEM
from gongkai.audit.models import AuditEntry
from gongkai.cli import main
from gongkai.fieldcrypt.cipher import KeyConfigError
from gongkai.fieldcrypt.fields import keyring
from gongkai.organisations import policy
from gongkai.requests import actions
from gongkai.requests.actions import key_for
from gongkai.requests.actions.rekey import reencrypt_personal_data
from gongkai.requests.domain.workflow import Event
from gongkai.requests.models import InfoRequest
from gongkai.requests.triage_service import suggestions_for
from gongkai.requests.views_office import nth_request_in_month

D = dt.date
PHONE = "13812345678"
VALID_ID = "11010519491231002X"  # the conftest applicant's


def stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone FROM requests_inforequest WHERE id = %s", [pk])
        return cur.fetchone()


@pytest.mark.django_db
def test_the_database_holds_ciphertext_and_the_model_plaintext(registered):
    req = registered()
    raw_id, raw_phone = stored(req.pk)
    assert raw_id.startswith("gk1:aes:") and raw_phone.startswith("gk1:aes:")
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM requests_inforequest WHERE id = %s", [req.pk])
        row = " ".join(str(v) for v in cur.fetchone())
    assert VALID_ID not in row and PHONE not in row and "1234" not in row
    again = InfoRequest.objects.get(pk=req.pk)
    assert (again.id_number, again.phone) == (VALID_ID, PHONE)
    assert list(InfoRequest.objects.filter(pk=req.pk).values_list("phone", flat=True)) == [PHONE]


@pytest.mark.django_db
def test_an_empty_number_stays_empty(registered):
    req = registered(id_number="", id_type="", phone="")
    assert stored(req.pk) == ("", "")
    assert InfoRequest.objects.get(pk=req.pk).phone == ""


@pytest.mark.django_db
def test_the_handler_page_shows_the_number_decrypted(office, registered, login):
    req = registered()
    page = login(Client(), office["clerk"]).get(reverse("requests_office:detail", args=[req.pk]))
    assert VALID_ID in page.content.decode()


@pytest.mark.django_db
def test_encrypted_columns_cannot_be_searched_by_content(registered):
    registered()
    for lookup in ({"id_number": VALID_ID}, {"phone__startswith": "138"}):
        with pytest.raises(FieldError, match="applicant_key"):
            InfoRequest.objects.filter(**lookup).exists()
    assert InfoRequest.objects.filter(phone__isnull=False).count() == 1


@pytest.mark.django_db
def test_the_duplicate_and_volume_checks_still_find_the_same_applicant(office, registered):
    # The same person, the numbers written differently each time: the old 15-digit identity
    # number of the same person, and a phone with the country code.
    first = registered(received_on=D(2025, 9, 1), description="2024年城区道路改造工程的招标文件")
    actions.transition(
        actor=office["clerk"],
        info_request=first,
        event=Event.REPLY,
        on=D(2025, 9, 5),
        outcome="disclosed",
        today=D(2025, 9, 5),
    )
    again = registered(
        received_on=D(2025, 9, 10),
        id_number="110105491231002",
        phone="+86 138 1234 5678",
        description="请提供2024年城区道路改造工程招标文件",
    )
    stranger = registered(received_on=D(2025, 9, 11), id_number="", id_type="", phone="13900000000")
    assert stored(first.pk)[0] != stored(again.pk)[0]  # no equal ciphertexts to match on
    assert again.applicant_key == first.applicant_key != stranger.applicant_key
    duplicate = [s for s in suggestions_for(again, today=D(2025, 9, 10)) if s.kind == "duplicate"]
    assert duplicate and first.pk in duplicate[0].related_ids
    assert nth_request_in_month(again) == 2 and nth_request_in_month(stranger) == 1


@pytest.mark.django_db
def test_production_without_a_key_fails_the_check_and_stores_nothing(settings, registered):
    settings.FIELD_KEYS = ()
    found = [m.id for m in checks.run_checks(tags=["gongkai"]) if m.is_serious()]
    assert found == ["gongkai.E007"]
    with pytest.raises(KeyConfigError, match="GONGKAI_FIELD_KEY"):
        registered()
    assert InfoRequest.objects.count() == 0


def test_gongkai_migrate_refuses_in_production_without_the_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_"))}
    env |= {"GONGKAI_ENV": "production", "SECRET_KEY": "k" * 50, "GONGKAI_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "gongkai.E007" in result.stderr and "GONGKAI_FIELD_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Applying" not in result.stdout  # refused before any migration ran


@pytest.mark.django_db(transaction=True)
def test_migration_0006_encrypts_the_rows_stored_before_it(office):
    before = ("requests", "0005_letter_templates")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps.get_model("requests", "InfoRequest")
        legacy = old.objects.create(
            agency_id=office["county"].pk,
            number="county-2024-0001",
            tracking_code_hash="0" * 64,
            state="closed",
            channel="in_person",
            submitted_at=timezone.now(),
            received_on=D(2024, 5, 6),
            applicant_type="natural_person",
            applicant_name="张三",
            id_type="resident_id",
            id_number="110105491231002",  # the old 15-digit form
            phone="+86 138 1234 5678",
            description="2023 年城区道路改造工程的招标文件",
            applicant_key="",  # made before the blind index existed
        )
        no_numbers = old.objects.create(
            agency_id=office["county"].pk,
            number="county-2024-0002",
            tracking_code_hash="1" * 64,
            state="closed",
            channel="letter",
            submitted_at=timezone.now(),
            applicant_type="natural_person",
            applicant_name="李四",
            description="2023 年财政预算",
            applicant_key="",
        )
    finally:
        # Forward to every app's latest, not just to 0006: the tests after this one need the
        # tables of the migrations after it too.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    raw_id, raw_phone = stored(legacy.pk)
    assert raw_id.startswith("gk1:") and raw_phone.startswith("gk1:")
    assert "110105" not in raw_id + raw_phone and "1234" not in raw_phone
    assert stored(no_numbers.pk) == ("", "")
    migrated = InfoRequest.objects.get(pk=legacy.pk)
    assert (migrated.id_number, migrated.phone) == ("110105491231002", "+86 138 1234 5678")
    # The frozen copy of the blind index gives the key today's code gives: the old request is
    # the same applicant as a new one with the 18-digit number.
    assert migrated.applicant_key == key_for({"id_number": VALID_ID})
    assert InfoRequest.objects.get(pk=no_numbers.pk).applicant_key == key_for(
        {"applicant_name": "李四"}
    )

    # Going back decrypts; coming forward again encrypts once, not twice.
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    try:
        assert stored(legacy.pk) == ("110105491231002", "+86 138 1234 5678")
    finally:
        # Forward to every app's latest, not just to 0006: the tests after this one need the
        # tables of the migrations after it too.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert InfoRequest.objects.get(pk=legacy.pk).phone == "+86 138 1234 5678"


@pytest.mark.django_db
def test_after_rotation_rekey_rewrites_every_number_with_the_new_key(
    settings, office, registered, capsys
):
    old_key, new_key = settings.FIELD_KEYS[0], "sm4:" + "n" * 40
    first, second = registered(), registered(phone="", id_number="", id_type="")
    with connection.cursor() as cur:  # plaintext, as the release before 0006 would write it
        cur.execute(
            "UPDATE requests_inforequest SET phone = '13700000000' WHERE id = %s", [second.pk]
        )
    settings.FIELD_KEYS = (new_key, old_key)
    assert InfoRequest.objects.get(pk=first.pk).phone == PHONE  # the old key still opens it
    with pytest.raises(policy.Denied, match="命令行"):
        reencrypt_personal_data(actor=office["clerk"])

    assert main(["requests", "rekey"]) == 0
    assert "重新加密 2 件" in capsys.readouterr().out
    assert all(v.startswith("gk1:sm4:") for v in (*stored(first.pk), stored(second.pk)[1]))
    assert stored(second.pk)[0] == ""
    settings.FIELD_KEYS = (new_key,)  # the old key can go now
    assert InfoRequest.objects.get(pk=first.pk).id_number == VALID_ID
    assert InfoRequest.objects.get(pk=second.pk).phone == "13700000000"
    entry = AuditEntry.objects.get(action="request.reencrypt_personal")
    assert entry.changes["requests"][1] == [first.pk, second.pk] and "sm4:" in entry.note
    assert reencrypt_personal_data(actor=SYSTEM) == 0  # nothing left to do


@pytest.mark.django_db
def test_rekey_rewrites_the_other_encrypted_columns_too(settings, office, capsys):
    """Mail waiting in the outbox and the webhooks' signing secrets are encrypted with the same
    keys: left behind, they could not be opened (a subscription could sign nothing) once the
    old key is dropped."""
    from gongkai.organisations.models import Agency
    from gongkai.outbox.mail import queue_mail
    from gongkai.outbox.models import Mail
    from gongkai.webhooks.models import Subscription

    old_key, new_key = settings.FIELD_KEYS[0], "sm4:" + "m" * 40
    mail = queue_mail(to="zhou@example.com", subject="答复", body="查询码 ABC", kind="applicant")
    now = timezone.now()
    sub = Subscription.objects.create(
        name="12345 热线", url="http://127.0.0.1:9/hook", secret="s3cret-value",
        events=["request.received"], agency=Agency.objects.get(code="county"), subtree=True,
        created_at=now, updated_at=now,
    )  # fmt: skip

    def column(model, pk, name):
        table, col = model._meta.db_table, model._meta.get_field(name).column
        with connection.cursor() as cur:
            cur.execute(f"SELECT {col} FROM {table} WHERE id = %s", [pk])
            return cur.fetchone()[0]

    settings.FIELD_KEYS = (new_key, old_key)
    assert main(["requests", "rekey"]) == 0
    out = capsys.readouterr().out
    assert f"1 {Mail._meta.verbose_name}" in out and f"1 {Subscription._meta.verbose_name}" in out
    ring = keyring()
    for model, pk, name in [(Mail, mail.pk, "recipient"), (Mail, mail.pk, "body"),
                            (Subscription, sub.pk, "secret")]:  # fmt: skip
        stored_now = column(model, pk, name)
        assert stored_now.startswith("gk1:") and not ring.needs_rekey(stored_now), (model, name)
    settings.FIELD_KEYS = (new_key,)
    assert Mail.objects.get(pk=mail.pk).recipient == "zhou@example.com"
    assert Mail.objects.get(pk=mail.pk).body == "查询码 ABC"
    assert Subscription.objects.get(pk=sub.pk).secret == "s3cret-value"
    labels = set(
        AuditEntry.objects.filter(action="data.reencrypt").values_list("object_type", flat=True)
    )
    assert labels == {"outbox.mail", "webhooks.subscription"}
