import pytest

from gongkai.appeals.models import AppealCase
from gongkai.audit.models import AuditEntry
from gongkai.cli import main

REQUESTS = """申请编号,收到日期,申请方式,申请人类型,申请人,申请内容,办理结果,答复日期,延期
2025-001,2025-01-06,网络,自然人,张三,征收补偿方案,不予公开-保护第三方合法权益,2025-01-20,否
2025-002,2025-02-10,当面,商业企业,某公司,招标文件,部分公开,2025-03-05,否
"""
APPEALS = """案件编号,类型,申请编号,收案日期,结果,结案日期,承办法官
示府复〔2025〕1号,行政复议,2025-001,2025-02-15,纠正,2025-04-01,
示法行初〔2025〕9号,行政诉讼-直接起诉,2025-002,2025-04-01,,,王法官
示府复〔2025〕7号,行政复议,,2025-12-10,维持,2026-01-20,
"""


@pytest.fixture
def files(tmp_path):
    requests = tmp_path / "requests.csv"
    requests.write_bytes(REQUESTS.encode("gb18030"))
    appeals = tmp_path / "appeals.csv"
    appeals.write_text(APPEALS, encoding="utf-8")
    return requests, appeals


@pytest.mark.django_db
def test_appeal_ledger_imports_and_links_requests(office, files, capsys):
    requests, appeals = files
    assert main(["ledger", "import", "requests", str(requests), "--agency", "county"]) == 0
    assert main(["ledger", "import", "appeals", str(appeals), "--agency", "county"]) == 0
    assert "导入 3 件复议诉讼案件" in capsys.readouterr().out
    first = AppealCase.objects.get(number="示府复〔2025〕1号")
    assert first.request.number == "county-2025-001"
    assert first.result == "corrected" and not first.reopens_request
    first.request.refresh_from_db()
    assert first.request.state == "closed"  # the import never reopens on its own
    pending = AppealCase.objects.get(number="示法行初〔2025〕9号")
    assert pending.is_pending and pending.ledger_notes == {"承办法官": "王法官"}
    assert AuditEntry.objects.filter(action="appeal.create").count() == 3
    assert AuditEntry.objects.filter(action="appeal.close").count() == 2
    # Again: every case is already there, and nothing is imported twice.
    assert main(["ledger", "import", "appeals", str(appeals), "--agency", "county"]) == 1
    assert "已导入过" in capsys.readouterr().err
    assert AppealCase.objects.count() == 3


@pytest.mark.django_db
def test_unknown_request_numbers_and_bad_rows_stop_the_import_unless_told(office, files, capsys):
    _, appeals = files
    bad = appeals.parent / "bad.csv"
    bad.write_text(APPEALS + "X1,上访,,2025-02-30,,,\n", encoding="utf-8")
    assert main(["ledger", "import", "appeals", str(bad), "--agency", "county"]) == 1
    err = capsys.readouterr().err
    # No request ledger imported: rows 2 and 3 name requests the agency does not have.
    assert "第 2 行“申请编号”：本机关没有编号为 2025-001 的申请" in err
    assert "第 3 行“申请编号”" in err and "第 5 行“类型”" in err and "未导入任何记录" in err
    assert not AppealCase.objects.exists()
    assert (
        main(["ledger", "import", "appeals", str(bad), "--agency", "county", "--good-rows-only"])
        == 0
    )
    assert list(AppealCase.objects.values_list("number", flat=True)) == ["示府复〔2025〕7号"]


@pytest.mark.django_db
def test_an_over_length_case_number_is_a_row_error(office, tmp_path, capsys):
    path = tmp_path / "long.csv"
    path.write_text(
        "案件编号,类型,收案日期\n" + "示" * 61 + ",行政复议,2025-02-15\n", encoding="utf-8"
    )
    assert main(["ledger", "import", "appeals", str(path), "--agency", "county"]) == 1
    assert "第 2 行“案件编号”：超过 60 个字符（现有 61 个）" in capsys.readouterr().err
    assert not AppealCase.objects.exists()
