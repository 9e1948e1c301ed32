"""The four forgeries of issue 12, each done as someone with the application's database access
would (no key, no access to GONGKAI_VAR_DIR), on whichever database DATABASE_URL selects."""

import os
import stat

import pytest
from django.db import connection, transaction

from gongkai.accounts.system import SYSTEM
from gongkai.audit import anchor, chain, verification
from gongkai.audit.key import audit_key
from gongkai.audit.models import AuditEntry, Verification
from gongkai.cli import main
from gongkai.organisations import actions


@pytest.fixture
def history(tree, django_capture_on_commit_callbacks):
    """The tree's entries plus 25 more, each committed (so each anchored) as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        # The tree's entries were written before this fixture: anchor them as their commit would.
        last = AuditEntry.objects.order_by("-seq").first()
        transaction.on_commit(lambda: anchor.append(last.seq, last.hash))
    for n in range(25):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            actions.update_agency(actor=SYSTEM, agency=tree["county"], phone=f"0750-{n:07d}")
    assert verification.verify(save=False).ok
    return AuditEntry.objects.count()


def _lift_triggers():
    """Disable the append-only triggers the way the attacker can: on PostgreSQL the role that
    owns the table may DISABLE TRIGGER (no superuser needed); on SQLite anyone may drop them."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        else:
            c.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
            c.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")


def _set_head(seq: int, digest: str) -> None:
    with connection.cursor() as c:
        c.execute("UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1", [seq, digest])


def _insert(content: dict, version: int, digest: str) -> None:
    columns = [*chain.HASHED_FIELDS, "prev_hash", "hash", "chain_version"]
    values = [content[c] for c in chain.HASHED_FIELDS] + [content["prev_hash"], digest, version]
    values[list(columns).index("changes")] = "{}"
    with connection.cursor() as c:
        c.execute(
            f"INSERT INTO audit_auditentry ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            values,
        )


def _forged_next(version: int):
    last = AuditEntry.objects.order_by("-seq").first()
    content = last.content() | {
        "seq": last.seq + 1,
        "action": "catalog.publish",
        "object_repr": "一条从未发生的发布",
        "changes": {},
        "prev_hash": last.hash,
    }
    # Without the key the attacker can only compute the unkeyed hash (or guess a key).
    digest = (
        chain.entry_hash(content, last.hash)
        if version == chain.PLAIN
        else chain.entry_hash(content, last.hash, version=chain.KEYED, key=b"guessed")
    )
    return content, digest


def _problems() -> str:
    outcome = verification.verify(save=False)
    assert not outcome.ok
    return "；".join(outcome.problems)


@pytest.mark.parametrize("version", [chain.PLAIN, chain.KEYED])
def test_forgery_1_an_inserted_entry_with_the_head_advanced_is_found(history, version):
    content, digest = _forged_next(version)
    _insert(content, version, digest)
    _set_head(content["seq"], digest)
    problems = _problems()
    assert f"第 {content['seq']} 条" in problems
    if version == chain.PLAIN:
        assert "未用密钥" in problems
    else:
        assert "内容与其哈希值不符" in problems


def test_forgery_2_a_full_rechain_after_disabling_the_triggers_is_found(history):
    """Rewrite entry 3 and recompute every hash after it, the only way the attacker can
    (unkeyed): the chain is consistent in itself, but not with the anchor."""
    _lift_triggers()
    prev = chain.GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        content = entry.content() | {"prev_hash": prev}
        if entry.seq == 3:
            content["object_repr"] = "改过的对象"
        digest = chain.entry_hash(content, prev)
        with connection.cursor() as c:
            c.execute(
                "UPDATE audit_auditentry SET object_repr = %s, prev_hash = %s, hash = %s, "
                "chain_version = 1 WHERE seq = %s",
                [content["object_repr"], prev, digest, entry.seq],
            )
        prev = digest
    _set_head(history, prev)
    problems = _problems()
    assert "数据库与锚点不符" in problems and f"第 {history} 条的哈希值" in problems


def test_forgery_2b_a_rechain_with_a_guessed_key_breaks_at_the_first_entry(history):
    _lift_triggers()
    prev = chain.GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        content = entry.content() | {"prev_hash": prev}
        digest = chain.entry_hash(content, prev, version=chain.KEYED, key=b"guessed")
        with connection.cursor() as c:
            c.execute(
                "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE seq = %s",
                [prev, digest, entry.seq],
            )
        prev = digest
    _set_head(history, prev)
    outcome = verification.verify(save=False)
    assert not outcome.ok and outcome.first_bad_seq == 1


def test_forgery_3_deleting_the_last_20_and_rewinding_the_head_is_found(history):
    _lift_triggers()
    keep = history - 20
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry WHERE seq > %s", [keep])
    _set_head(keep, AuditEntry.objects.get(seq=keep).hash)
    problems = _problems()
    assert "数据库落后于锚点" in problems
    assert f"缺少第 {keep + 1}–{history} 条" in problems


def test_forgery_4_wiping_the_log_and_the_head_is_found_and_a_new_chain_does_not_hide_it(
    history, tree, django_capture_on_commit_callbacks
):
    _lift_triggers()
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry")
        c.execute("DELETE FROM audit_chainhead")
    problems = _problems()
    assert "数据库落后于锚点" in problems and "日志已被清空" in problems
    # The application goes on and starts a new chain at 1: still behind the anchor.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="1")
    assert AuditEntry.objects.count() == 1
    problems = _problems()
    assert f"记载共 {history} 条，数据库只有 1 条" in problems


def test_verify_command_names_each_forgery_in_chinese_and_exits_1(history, capsys):
    assert main(["audit", "verify"]) == 0
    assert "完好" in capsys.readouterr().out
    _lift_triggers()
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry WHERE seq > %s", [history - 20])
    _set_head(history - 20, AuditEntry.objects.get(seq=history - 20).hash)
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "完好" not in out and "数据库落后于锚点" in out
    stored = Verification.objects.order_by("-id").first()
    assert stored.ok is False and "数据库落后于锚点" in stored.problems[0]


def test_a_missing_anchor_file_is_named(history, settings):
    os.remove(settings.AUDIT_ANCHOR)
    assert "找不到锚点文件" in _problems()


def test_a_changed_anchor_line_is_named(history, settings):
    lines = settings.AUDIT_ANCHOR.read_text().splitlines()
    count, digest, at, mac = lines[-1].split(" ")
    lines[-1] = " ".join([str(int(count) + 5), digest, at, mac])
    settings.AUDIT_ANCHOR.write_text("\n".join(lines) + "\n")
    assert f"锚点文件第 {len(lines)} 行的校验码不符" in _problems()


def test_a_missing_key_is_named(history, settings):
    os.remove(settings.AUDIT_KEY_FILE)
    problems = _problems()
    assert "找不到审计密钥" in problems


def test_the_key_file_is_made_once_with_mode_0600_and_an_env_key_wins(db, settings):
    first = audit_key(create=True)
    assert stat.S_IMODE(os.stat(settings.AUDIT_KEY_FILE).st_mode) == 0o600
    assert audit_key(create=True) == first and len(first) == 64
    settings.AUDIT_KEY = "from-the-environment"
    assert audit_key() == b"from-the-environment"


def test_each_commit_appends_one_anchor_line_for_its_last_entry(
    tree, settings, django_capture_on_commit_callbacks
):
    before = len(anchor.read() or [])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(3):
            actions.update_agency(actor=SYSTEM, agency=tree["county"], phone=f"{n}")
    lines = anchor.read()
    assert len(lines) == before + 1
    last = AuditEntry.objects.order_by("-seq").first()
    assert lines[-1].startswith(f"{last.seq} {last.hash} ")
    assert stat.S_IMODE(os.stat(settings.AUDIT_ANCHOR).st_mode) == 0o600
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.update_agency(actor=SYSTEM, agency=tree["county"], phone="rolled back")
        raise RuntimeError
    assert len(anchor.read()) == before + 1


def test_anchor_prints_a_line_that_verify_checks_later(history, capsys):
    assert main(["audit", "anchor"]) == 0
    line = capsys.readouterr().out.strip()
    assert f"共 {history} 条" in line and AuditEntry.objects.get(seq=history).hash in line
    assert main(["audit", "verify", "--against", line]) == 0
    capsys.readouterr()
    _lift_triggers()
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry WHERE seq > 3")
    _set_head(3, AuditEntry.objects.get(seq=3).hash)
    os.remove(anchor.anchor_file())  # even with the anchor file gone, the published line holds
    assert main(["audit", "verify", "--against", line]) == 1
    assert f"所给的锚点行）记载共 {history} 条" in capsys.readouterr().out
    assert main(["audit", "anchor"]) == 1  # never publishes a broken state
    assert "不打印锚点" in capsys.readouterr().out


def test_unkeyed_entries_before_the_switch_still_verify_and_never_after():
    def build(versions):
        entries, prev = [], chain.GENESIS
        for seq, version in enumerate(versions, start=1):
            content = {"seq": seq, "action": f"a{seq}", "chain_version": version}
            digest = chain.entry_hash(content, prev, version=version, key=b"k")
            entries.append(content | {"prev_hash": prev, "hash": digest})
            prev = digest
        return entries

    assert chain.first_break(build([1, 1, 2, 2]), key=b"k") is None
    broken = chain.first_break(build([1, 2, 1, 2]), key=b"k")
    assert broken.seq == 3 and "未用密钥" in broken.reason
    assert "找不到审计密钥" in chain.first_break(build([1, 2]), key=None).reason


def test_after_restoring_a_backup_the_operator_reanchors_with_a_reason(
    history, settings, capsys, django_capture_on_commit_callbacks
):
    _lift_triggers()  # an older backup: the last 20 entries are not in it
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry WHERE seq > %s", [history - 20])
    _set_head(history - 20, AuditEntry.objects.get(seq=history - 20).hash)
    assert main(["audit", "anchor", "--restored", "  "]) == 1
    assert "请写明恢复的原因" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["audit", "anchor", "--restored", "磁盘损坏，恢复 12 月 1 日的备份"]) == 0
    out = capsys.readouterr().out
    assert "旧锚点文件已留存为" in out and f"共 {history - 19} 条" in out
    kept = list(settings.AUDIT_ANCHOR.parent.glob("audit-anchor.log.before-restore-*"))
    assert len(kept) == 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "audit.restore" and "磁盘损坏" in entry.note
    assert entry.changes == {"anchored": [history, history - 20]}
    assert verification.verify(save=False).ok
