"""The audit page shows the stored last verification; operators can verify now; and the
PostgreSQL setup where the application role does not own the audit tables."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from gongkai.audit import anchor, verification
from gongkai.audit.models import AuditEntry, Verification
from gongkai.cli import main
from gongkai.organisations.roles import Role


def _anchor_now():
    last = AuditEntry.objects.order_by("-seq").first()
    anchor.append(last.seq, last.hash)


@pytest.mark.django_db
def test_the_page_shows_the_stored_result_without_walking_the_chain(client, login, tree, make_user):
    head = make_user(Role.HEAD, tree["county"])
    login(client, head)
    page = client.get(reverse("office:audit"))
    assert page.status_code == 200 and "尚未校验过" in page.text
    assert "立即校验整个日志" not in page.text  # the head of one agency cannot verify the whole log
    _anchor_now()
    verification.verify(by="值班运维")
    with connection.cursor() as c:  # tamper after the check: the page shows the stored result
        if connection.vendor == "sqlite":
            c.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        else:
            c.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        c.execute("UPDATE audit_auditentry SET note = 'x' WHERE seq = 2")
    before = Verification.objects.count()
    page = client.get(reverse("office:audit"))
    assert "由值班运维校验：日志完好" in page.text
    assert Verification.objects.count() == before
    assert client.post(reverse("office:audit_verify")).status_code == 403


@pytest.mark.django_db
def test_an_operator_verifies_now_and_sees_what_is_wrong(client, login, tree, make_user):
    operator = make_user(superuser=True, username="operator")
    login(client, operator)
    _anchor_now()
    assert "立即校验整个日志" in client.get(reverse("office:audit")).text
    response = client.post(reverse("office:audit_verify"), follow=True)
    assert "审计日志完好" in response.text
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
        else:
            c.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        c.execute("DELETE FROM audit_auditentry WHERE seq = 3")
    response = client.post(reverse("office:audit_verify"), follow=True)
    assert "第 3 条记录缺失" in response.text
    stored = Verification.objects.order_by("-id").first()
    assert stored.ok is False and stored.by == operator.username


@pytest.mark.django_db
def test_harden_postgres_prints_sql_that_leaves_the_app_select_and_insert(capsys, settings):
    assert (
        main(["audit", "harden-postgres", "--owner", "gk_audit_owner", "--app-role", "gk_app"]) == 0
    )
    sql = capsys.readouterr().out
    assert "ALTER TABLE audit_auditentry OWNER TO gk_audit_owner;" in sql
    assert "REVOKE ALL ON audit_auditentry, audit_chainhead FROM gk_app;" in sql
    assert "GRANT SELECT, INSERT ON audit_auditentry TO gk_app;" in sql
    assert "UPDATE" not in sql.split("GRANT SELECT, INSERT ON audit_auditentry")[1].split("\n")[0]
    assert main(["audit", "harden-postgres", "--owner", "gk_app", "--app-role", "gk_app"]) == 2
    assert "属主可以 DISABLE TRIGGER" in capsys.readouterr().out
    assert main(["audit", "harden-postgres", "--owner", "x; DROP TABLE y", "--app-role", "a"]) == 2
    assert "不合规" in capsys.readouterr().out


def _can_create_roles() -> bool:
    with connection.cursor() as c:
        c.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(c.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_an_app_role_that_does_not_own_the_tables_cannot_tamper(tree):
    """Run the printed SQL with a second role, then act as the application role: it appends
    through gongkai, but UPDATE, DELETE, TRUNCATE and DISABLE TRIGGER are refused."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://…)")
    if not _can_create_roles():
        pytest.skip("the test role needs CREATEROLE to make the second (application) role")
    from django.db.utils import DatabaseError

    from gongkai.accounts.system import SYSTEM
    from gongkai.audit.triggers import harden_postgres_sql
    from gongkai.organisations import actions

    app = "gk_test_audit_app"
    with connection.cursor() as c:
        c.execute("SELECT current_user")
        owner = c.fetchone()[0]
        c.execute(f"DROP ROLE IF EXISTS {app}")
        c.execute(f"CREATE ROLE {app} NOLOGIN")
        c.execute(f"GRANT {app} TO current_user")
        c.execute(f"GRANT USAGE ON SCHEMA public TO {app}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}")
        sql = harden_postgres_sql(owner=owner, app_role=app)
        c.execute("\n".join(line for line in sql.splitlines() if not line.startswith("--")))
    try:
        with connection.cursor() as c:
            c.execute(f"SET ROLE {app}")
        actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="0750-1")
        for statement in (
            "UPDATE audit_auditentry SET note = 'x' WHERE seq = 1",
            "DELETE FROM audit_auditentry WHERE seq = 1",
            "TRUNCATE audit_auditentry",
            "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
        ):
            with pytest.raises(DatabaseError), connection.cursor() as c:
                c.execute(statement)
    finally:
        with connection.cursor() as c:
            c.execute("RESET ROLE")
            c.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app}")
            c.execute(f"REVOKE USAGE ON SCHEMA public FROM {app}")
            c.execute(f"DROP ROLE IF EXISTS {app}")


@pytest.mark.django_db
def test_on_postgresql_the_printed_sql_runs_and_its_grants_refuse_changes(tree):
    """Without a second role (no CREATEROLE here) the SQL still runs, inside the test's own
    transaction, with the test role in both places: its grants then refuse UPDATE, DELETE and
    TRUNCATE while gongkai goes on appending. (Only a real second owner also refuses DISABLE
    TRIGGER: the test above.)"""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://…)")
    from django.db import transaction
    from django.db.utils import DatabaseError

    from gongkai.accounts.system import SYSTEM
    from gongkai.audit.triggers import harden_postgres_sql
    from gongkai.organisations import actions

    with connection.cursor() as c:
        c.execute("SELECT current_user")
        me = c.fetchone()[0]
        sql = harden_postgres_sql(owner=me, app_role=me)
        statements = [
            line
            for line in sql.splitlines()
            if line and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")
        ]
        for statement in statements:
            c.execute(statement)
    before = AuditEntry.objects.count()
    actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="0750-2")
    assert AuditEntry.objects.count() == before + 1
    for statement in (
        "UPDATE audit_auditentry SET note = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditentry WHERE seq = 1",
        "TRUNCATE audit_auditentry",
    ):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            with connection.cursor() as c:
                c.execute(statement)


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_button_answers_at_once_and_the_worker_verifies(
    client, login, tree, make_user
):
    operator = make_user(superuser=True, username="operator")
    login(client, operator)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        before = Verification.objects.count()
        response = client.post(reverse("office:audit_verify"), follow=True)
        assert "已开始在后台校验" in response.text
        assert Verification.objects.count() == before
        assert main(["worker", "--once"]) == 0
    stored = Verification.objects.order_by("-id").first()
    assert Verification.objects.count() == before + 1 and stored.by == operator.username
    assert "日志完好" in client.get(reverse("office:audit")).text
