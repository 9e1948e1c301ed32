"""Migrations mean the same thing forever: none imports the project's code, and the search
index's migrations bring any layout an installation can have to the one the search code reads
(0006 even when the index is empty; 0007 for databases where an earlier 0006 skipped that)."""

import ast
import datetime as dt
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import ProgrammingError, connection, transaction

from gongkai.accounts.system import SYSTEM
from gongkai.catalog import search
from gongkai.catalog.search import postgres, sqlite
from gongkai.catalog.search.base import Filters
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"
MIGRATIONS = sorted(SRC.glob("*/migrations/[0-9]*.py"))
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the repaired bug was PostgreSQL's"
)


def project_imports(source: str) -> list[str]:
    """What ``source`` imports of the project: ``gongkai.*``, relative imports, and modules
    named to importlib.import_module or __import__."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "gongkai"]
        elif isinstance(node, ast.ImportFrom):
            if node.level or (node.module or "").split(".")[0] == "gongkai":
                found.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if (
                name in {"import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and str(first.value).split(".")[0] in {"gongkai", ""}
            ):
                found.append(str(first.value))
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import gongkai.catalog.domain.workflow",
        "from gongkai.catalog.search import facets_of",
        "def f():\n    from gongkai.audit import triggers",
        "from ..search import postgres",
        "import importlib\nm = importlib.import_module('gongkai.catalog.search')",
    ],
)
def test_the_check_sees_every_way_of_importing_project_code(source):
    assert project_imports(source)


def test_no_migration_imports_project_code():
    assert len(MIGRATIONS) > 20, "the migration files were not found"
    offenders = {
        str(path.relative_to(SRC)): names
        for path in MIGRATIONS
        if (names := project_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "迁移文件不得导入项目代码，请把所需的值或 SQL 复制进迁移文件中"


# --- the search index's layout ----------------------------------------------------------------


def migration(name: str):
    return importlib.import_module(f"gongkai.catalog.migrations.{name}")


EDITOR = SimpleNamespace(connection=connection)


def columns() -> list[str]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(f"PRAGMA table_info({sqlite.TABLE})")
            return [row[1] for row in cur.fetchall()]
        cur.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            [postgres.TABLE],
        )
        return [row[0] for row in cur.fetchall()]


def layout(table: str) -> list:
    """The table's definition with its name taken out, comparable between two tables."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            sql = cur.fetchone()[0].replace(" IF NOT EXISTS", "").replace(table, "T")
            return [sql.replace('"T"', "T")]  # a renamed table's name is quoted
        cur.execute(
            "SELECT column_name, data_type, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = %s ORDER BY ordinal_position",
            [table],
        )
        found = cur.fetchall()
        cur.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [table]
        )
        return found + [row[0].replace(table, "T") for row in cur.fetchall()]


def back_to_the_0002_layout():
    """The index as 0002 creates it: what an installation made before 0006 still has."""
    table = postgres.TABLE if connection.vendor == "postgresql" else sqlite.TABLE
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE {table}")
    migration("0002_search_index").create(None, EDITOR)


LAYOUT_0006 = {
    "sqlite": ["title", "body", "facets"],
    "postgresql": ["record_id", "tsv", "head", "facets"],
}
NEW_COLUMNS = {
    "sqlite": ["title", "subject", "body", "facets"],
    "postgresql": ["record_id", "tsv", "head", "subject", "facets"],
}


@pytest.mark.django_db
def test_migrations_build_the_layout_the_search_code_creates():
    if connection.vendor == "sqlite":
        live, table = [sqlite.CREATE], sqlite.TABLE
    else:
        live, table = postgres.CREATE, postgres.TABLE
    with connection.cursor() as cur:
        for statement in live:
            cur.execute(statement.replace(table, "live_layout"))
    assert layout(table) == layout("live_layout")


@pytest.fixture
def office(db, password):
    from gongkai.catalog import actions

    county = create_agency(
        actor=SYSTEM, code="county", name="示范县人民政府", level="county", kind="government"
    )
    people = {}
    for username, role in [("publisher", Role.PUBLISHER), ("reviewer", Role.REVIEWER)]:
        people[username] = create_user(actor=SYSTEM, username=username, password=password)
        assign_role(actor=SYSTEM, user=people[username], agency=county, role=role)
    actions.ensure_catalog(actor=SYSTEM, agency=county)
    return {"county": county, **people}


@pytest.fixture
def publish(office):
    """Publish through the catalog workflow; the index is written after commit, so only
    inside django_capture_on_commit_callbacks(execute=True)."""
    from gongkai.catalog import actions
    from gongkai.catalog.models import Category

    def make(title: str):
        record = actions.create_draft(
            actor=office["publisher"],
            agency=office["county"],
            data={
                "title": title,
                "category": Category.objects.get(agency=office["county"], code="14"),
                "doc_type": "notice",
                "body": f"<p>{title}全文。</p>",
                "formed_on": dt.date.today() - dt.timedelta(days=1),
            },
        )
        actions.submit(actor=office["publisher"], record=record)
        actions.approve(actor=office["reviewer"], record=record, opinion="不涉密，同意公开。")
        return actions.publish(actor=office["publisher"], record=record)

    return make


def found(words: str, **filters) -> set[int]:
    return {r.record.pk for r in search.search(words, Filters(**filters)).items}


@pytest.mark.django_db
def test_0006_converts_an_empty_index_in_the_old_layout(
    publish, office, django_capture_on_commit_callbacks
):
    back_to_the_0002_layout()
    assert "head" not in columns() and "facets" not in columns()

    migration("0006_search_facets").forward(None, EDITOR)

    assert columns() == LAYOUT_0006[connection.vendor]
    migration("0009_search_subject_line").forward(None, EDITOR)
    assert columns() == NEW_COLUMNS[connection.vendor]
    with django_capture_on_commit_callbacks(execute=True):
        record = publish("示范县防汛抗旱应急预案")
    assert found("防汛", agency_ids=(office["county"].pk,), year=dt.date.today().year) == {
        record.pk
    }


@pytest.mark.django_db
def test_0007_leaves_an_index_in_the_new_layout_alone(publish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = publish("示范县防汛抗旱应急预案")
    before = columns()

    migration("0007_search_layout_repair").forward(None, EDITOR)

    assert columns() == before == NEW_COLUMNS[connection.vendor]
    assert found("防汛") == {record.pk}


def _old_vector(title_tokens, body_tokens) -> str:
    """A vector as the code before 0006 wrote it: positions, the head's weighing A."""
    positions: dict[str, list[str]] = {}
    tokens = [(t, "A") for t in title_tokens] + [(t, "") for t in body_tokens]
    for at, (token, weight) in enumerate(tokens, 1):
        positions.setdefault(token, []).append(f"{at}{weight}")
    return " ".join("'" + t + "':" + ",".join(p) for t, p in positions.items())


@POSTGRES_ONLY
@pytest.mark.django_db
def test_0007_repairs_an_index_the_old_0006_left_in_the_old_layout(
    publish, office, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        earlier = publish("示范县防汛抗旱应急预案")
    doc = search.document_for(earlier.pk, earlier.live.data)
    # What the old 0006 left: the old table, holding what code rolled back to wrote into it.
    back_to_the_0002_layout()
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {postgres.TABLE} VALUES (%s, %s::tsvector)",
            [earlier.pk, _old_vector(doc.title_tokens, doc.body_tokens)],
        )
    unindexed = publish("示范县森林防火工作方案")  # committed; its index write never ran
    with pytest.raises(ProgrammingError, match='column "head"'), transaction.atomic():
        search.index_records([unindexed.pk])  # the bug: every publish's index write fails

    migration("0007_search_layout_repair").forward(None, EDITOR)

    assert columns() == LAYOUT_0006["postgresql"]
    assert "有 1 条已公开的信息不在索引中" in capsys.readouterr().out
    migration("0009_search_subject_line").forward(None, EDITOR)  # the layout of today's code
    assert columns() == NEW_COLUMNS["postgresql"]
    year = dt.date.today().year
    assert found("防汛", agency_ids=(office["county"].pk,), year=year) == {earlier.pk}
    with connection.cursor() as cur:
        cur.execute(f"SELECT head FROM {postgres.TABLE} WHERE record_id = %s", [earlier.pk])
        assert cur.fetchone()[0] == doc.title_tokens
    search.index_records([unindexed.pk])
    assert found("防火", year=year) == {unindexed.pk}
    migration("0007_search_layout_repair").forward(None, EDITOR)  # a second run changes nothing
    assert found("示范县", year=year) == {earlier.pk, unindexed.pk}
