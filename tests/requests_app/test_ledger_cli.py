import pytest

from gongkai.cli import main
from gongkai.requests.domain.ledger import parse_request_rows, tabulate
from gongkai.requests.models import InfoRequest
from gongkai.table_files import read_table

LEDGER = """申请编号,收到日期,申请方式,申请人类型,申请人,申请内容,办理结果,答复日期,延期,备注
2024-031,2024-12-20,信函,自然人,张三,2024年征收补偿方案,予以公开,2025-01-10,否,跨年
2025-001,2025-01-06,网络,商业企业,某某公司,企业补贴名单,部分公开,2025-01-20,否,
2025-002,2025-02-10,当面,自然人,李四,道路改造招标文件,不予公开-保护第三方合法权益,2025-03-05,是,
2025-003,2025-03-03,电子邮件,法律服务机构,某律所,行政处罚决定书,本机关不掌握相关政府信息,2025-03-20,否,
2025-004,2025-11-28,传真,自然人,王五,2025年预算,,,否,
"""


@pytest.fixture
def ledger_file(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(LEDGER.encode("gb18030"))
    return path


@pytest.mark.django_db
def test_import_then_export_round_trips_and_tables_agree(office, ledger_file, tmp_path, capsys):
    assert main(["ledger", "import", "requests", str(ledger_file), "--agency", "county"]) == 0
    assert InfoRequest.objects.filter(agency=office["county"]).count() == 5
    carried = InfoRequest.objects.get(number="county-2024-031")
    assert carried.state == "closed" and carried.outcome == "disclosed"
    assert carried.notes["ledger"] == {"备注": "跨年"}
    open_one = InfoRequest.objects.get(number="county-2025-004")
    assert open_one.state == "processing" and open_one.due_on is not None
    assert InfoRequest.objects.get(number="county-2025-002").extended

    out = tmp_path / "out.xlsx"
    assert (
        main(
            ["ledger", "export", "requests", "--agency", "county", "--year", "2025", "-o", str(out)]
        )
        == 0
    )
    original, errors = parse_request_rows(read_table(ledger_file))
    exported, export_errors = parse_request_rows(read_table(out))
    assert errors == [] and export_errors == []
    assert tabulate(exported, 2025) == tabulate(original, 2025)
    assert {r.id for r in exported} == {r.id for r in original}


@pytest.mark.django_db
def test_a_bad_row_stops_the_import_unless_told(office, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(LEDGER + "2025-005,2025-13-01,网络,外星人,,,,,\n", encoding="utf-8")
    assert main(["ledger", "import", "requests", str(path), "--agency", "county"]) == 1
    err = capsys.readouterr().err
    assert "第 7 行" in err and "未导入任何记录" in err
    assert not InfoRequest.objects.exists()
    assert (
        main(["ledger", "import", "requests", str(path), "--agency", "county", "--good-rows-only"])
        == 0
    )
    assert InfoRequest.objects.count() == 5
    # Importing the same ledger again finds every number already there.
    assert main(["ledger", "import", "requests", str(path), "--agency", "county"]) == 1
    assert "已导入过" in capsys.readouterr().err


@pytest.mark.django_db
def test_import_is_audited_and_refuses_unknown_agencies(office, ledger_file, capsys):
    from gongkai.audit.models import AuditEntry

    assert main(["ledger", "import", "requests", str(ledger_file), "--agency", "nowhere"]) == 1
    assert "找不到" in capsys.readouterr().err
    main(["ledger", "import", "requests", str(ledger_file), "--agency", "county"])
    assert AuditEntry.objects.filter(action="request.import").count() == 5


@pytest.mark.django_db
def test_over_length_values_are_row_errors_on_every_database(office, tmp_path, capsys):
    # 申请编号 is stored as "county-…" in 40 characters; 申请人 in 100. SQLite would keep any
    # length and PostgreSQL raise DataError: both refuse here, before anything is saved.
    long_id, long_name = "2025-" + "9" * 40, "某" * 101
    path = tmp_path / "long.csv"
    path.write_text(
        "申请编号,收到日期,申请人类型,申请人\n"
        f"{long_id},2025-01-06,自然人,张三\n"
        f"2025-002,2025-01-06,自然人,{long_name}\n"
        "2025-003,2025-01-06,自然人,李四\n",
        encoding="utf-8",
    )
    assert main(["ledger", "import", "requests", str(path), "--agency", "county"]) == 1
    err = capsys.readouterr().err
    assert "第 2 行“申请编号”：超过 33 个字符（现有 45 个），请缩短" in err
    assert "第 3 行“申请人”：超过 100 个字符（现有 101 个），请缩短" in err
    assert not InfoRequest.objects.exists()
    args = ["ledger", "import", "requests", str(path), "--agency", "county", "--good-rows-only"]
    assert main(args) == 0
    assert list(InfoRequest.objects.values_list("number", flat=True)) == ["county-2025-003"]
