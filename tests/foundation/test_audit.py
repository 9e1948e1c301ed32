import pytest
from django.db import connection, transaction

from gongkai.accounts.system import SYSTEM
from gongkai.audit import anchor, chain, triggers, verification
from gongkai.audit import log as audit
from gongkai.audit.key import audit_key
from gongkai.audit.models import AppendOnlyError, AuditEntry
from gongkai.cli import main
from gongkai.organisations import actions


def _drop_triggers():
    """What an attacker with database access would do first."""
    triggers.drop(connection)


def _anchor_now():
    """What the after-commit hook does (a test transaction never commits)."""
    last = AuditEntry.objects.order_by("-seq").first()
    anchor.append(last.seq, last.hash)


def _verify():
    """The first break found, as the old API gave it (None when intact)."""
    outcome = verification.verify(save=False)
    if outcome.ok:
        return None
    return chain.Break(outcome.first_bad_seq, "；".join(outcome.problems))


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_what_and_before_after(tree, make_user):
    admin = make_user("admin", tree["county"])
    before = AuditEntry.objects.count()
    actions.update_agency(actor=admin, agency=tree["county"], phone="0750-1234567", fax="")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "agency.update"
    assert entry.actor_id == admin.pk
    assert entry.agency_id == tree["county"].pk
    assert entry.object_id == str(tree["county"].pk)
    assert entry.changes == {"phone": ["", "0750-1234567"]}


@pytest.mark.django_db
def test_an_unchanged_save_writes_no_entry(tree):
    before = AuditEntry.objects.count()
    actions.update_agency(actor=SYSTEM, agency=tree["county"], name=tree["county"].name)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_the_entry_rolls_back_with_the_change(tree):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="1")
        raise RuntimeError("the rest of the change failed")
    assert AuditEntry.objects.count() == before
    tree["county"].refresh_from_db()
    assert tree["county"].phone == ""


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(tree):
    with pytest.raises(RuntimeError):
        audit.record(actor=SYSTEM, action="x", obj=tree["county"])


@pytest.mark.django_db
def test_the_code_offers_no_way_to_change_or_delete_entries(tree):
    entry = AuditEntry.objects.first()
    entry.note = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=entry.seq).update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_raw_updates_and_deletes(tree):
    from django.db.utils import DatabaseError

    for sql in (
        "UPDATE audit_auditentry SET note = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditentry WHERE seq = 1",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    assert _verify() is None


@pytest.mark.django_db
def test_an_intact_chain_verifies(tree):
    assert AuditEntry.objects.count() >= 6
    _anchor_now()
    assert _verify() is None


@pytest.mark.django_db
def test_tampering_with_content_is_found_at_the_changed_entry(tree):
    _anchor_now()
    _drop_triggers()
    with connection.cursor() as c:
        c.execute("UPDATE audit_auditentry SET object_repr = 'forged' WHERE seq = 3")
    broken = _verify()
    assert broken is not None and broken.seq == 3
    assert "改动" in broken.reason


@pytest.mark.django_db
def test_deleting_an_entry_in_the_middle_is_found(tree):
    _anchor_now()
    _drop_triggers()
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    broken = _verify()
    assert broken is not None and broken.seq == 2


@pytest.mark.django_db
def test_deleting_the_last_entries_is_found_through_the_chain_head(tree):
    _drop_triggers()
    last = AuditEntry.objects.order_by("-seq").first().seq
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry WHERE seq = %s", [last])
    broken = _verify()
    assert broken is not None and broken.seq == last


@pytest.mark.django_db
def test_recomputing_one_hash_does_not_hide_the_change(tree):
    """Forging an entry and its own hash (even with the key) still breaks the next link."""
    _anchor_now()
    _drop_triggers()
    entry = AuditEntry.objects.get(seq=2)
    content = entry.content() | {"object_repr": "forged"}
    forged_hash = chain.entry_hash(content, entry.prev_hash, version=2, key=audit_key())
    with connection.cursor() as c:
        c.execute(
            "UPDATE audit_auditentry SET object_repr = 'forged', hash = %s WHERE seq = 2",
            [forged_hash],
        )
    broken = _verify()
    assert broken is not None and broken.seq == 3


@pytest.mark.django_db
def test_audit_verify_command_reports_the_first_broken_link(tree, capsys):
    _anchor_now()
    assert main(["audit", "verify"]) == 0
    assert "完好" in capsys.readouterr().out
    _drop_triggers()
    with connection.cursor() as c:
        c.execute("UPDATE audit_auditentry SET actor_label = 'someone else' WHERE seq = 4")
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "有问题" in out and "第 4 条" in out


def test_chain_module_finds_reordering_without_a_database():
    entries = []
    prev = chain.GENESIS
    for seq in range(1, 5):
        content = {"seq": seq, "action": f"a{seq}", "changes": {"x": [seq, seq + 1]}}
        digest = chain.entry_hash(content, prev)
        entries.append(content | {"prev_hash": prev, "hash": digest})
        prev = digest
    assert chain.first_break(entries, head_seq=4, head_hash=prev) is None
    swapped = [entries[0], entries[2], entries[1], entries[3]]
    assert chain.first_break(swapped).seq == 2


@pytest.mark.django_db
def test_a_transaction_anchors_its_committed_head_once_even_when_its_last_savepoint_rolled_back(
    tree, django_capture_on_commit_callbacks
):
    """An import of good rows only: row 1 commits, row 2's savepoint rolls back after its
    audit row. The anchor must name row 1's entry (it was lost when the rolled-back callback
    was the only one left to write it)."""
    before = len(anchor.read() or [])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with transaction.atomic():
            actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="0750-1")
        kept = AuditEntry.objects.order_by("-seq").first()
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="0750-2")
            raise RuntimeError("row 2 is bad")
    lines = anchor.read()[before:]
    assert len(lines) == 1  # one line for the transaction, not one per entry
    anchored = chain.read_anchors(lines, audit_key())[0]
    assert (anchored[0].count, anchored[0].head) == (kept.seq, kept.hash)
    assert verification.verify(save=False).ok


@pytest.mark.django_db
def test_record_many_chains_each_entry_as_record_does_and_anchors_once(
    tree, django_capture_on_commit_callbacks
):
    county = tree["county"]
    before = len(anchor.read() or [])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = audit.record(actor=SYSTEM, action="agency.update", obj=county, note="一")
        batch = audit.record_many(
            actor=SYSTEM,
            entries=[
                {"action": "agency.update", "obj": county, "changes": {"phone": ["", str(i)]}}
                for i in range(3)
            ],
        )
        assert audit.record_many(actor=SYSTEM, entries=[]) == []
    assert [e.seq for e in batch] == [first.seq + 1, first.seq + 2, first.seq + 3]
    # Each hash is the one ``record`` would compute for that content after that predecessor.
    previous = first
    for stored in AuditEntry.objects.filter(seq__gt=first.seq).order_by("seq"):
        assert stored.prev_hash == previous.hash
        assert stored.hash == chain.entry_hash(
            stored.content(), previous.hash, version=chain.KEYED, key=audit_key()
        )
        assert stored.agency_id == county.pk and stored.object_id == str(county.pk)
        previous = stored
    assert [e.changes for e in batch] == [{"phone": ["", str(i)]} for i in range(3)]
    lines = anchor.read()[before:]
    assert len(lines) == 1  # the transaction's one anchor, naming the batch's last entry
    anchored = chain.read_anchors(lines, audit_key())[0][0]
    assert (anchored.count, anchored.head) == (batch[-1].seq, batch[-1].hash)
    assert verification.verify(save=False).ok


@pytest.mark.django_db(transaction=True)
def test_record_many_refuses_to_run_outside_a_transaction(tree):
    with pytest.raises(RuntimeError):
        audit.record_many(actor=SYSTEM, entries=[{"action": "x", "obj": tree["county"]}])
