"""``gongkai validate``: exit codes, Chinese messages, batches that survive bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main


def report_dict(**changes) -> dict:
    """A small consistent 2021 report: one request, disclosed, none carried over."""
    requests = {
        row: {"natural_person": n, "total": n}
        for row, n in (
            ("received_this_year", 1),
            ("carried_from_last_year", 0),
            ("disclosed", 1),
            ("results_total", 1),
            ("carried_to_next_year", 0),
        )
    }
    d = {
        "template": "2021",
        "year": 2022,
        "agency": "某县人民政府办公室",
        "requests": requests,
        "appeals": {"reconsideration": {"upheld": 1, "total": 1}},
    }
    d.update(changes)
    return d


def write(path: Path, data) -> Path:
    path.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    return path


@pytest.fixture
def good(tmp_path) -> Path:
    return write(tmp_path / "good.json", report_dict())


@pytest.fixture
def faulty(tmp_path) -> Path:
    d = report_dict()
    d["appeals"]["reconsideration"]["total"] = 3
    return write(tmp_path / "faulty.json", d)


def test_clean_report_exits_0(good, capsys):
    assert main(["validate", str(good)]) == 0
    out = capsys.readouterr().out
    assert "某县人民政府办公室 2022 年度报告" in out
    assert "未发现问题" in out


def test_findings_still_exit_0(faulty, capsys):
    assert main(["validate", str(faulty)]) == 0
    out = capsys.readouterr().out
    assert "[错误] 四、行政复议·总计：应为" in out
    assert "appeals.reconsideration.total" in out
    assert "共 1 个错误" in out


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, good, faulty, capsys):
    broken = write(tmp_path / "broken.json", '{"template": "2021",')
    invalid = write(tmp_path / "invalid.json", report_dict(year="二〇二二"))
    not_utf8 = tmp_path / "gbk.json"
    not_utf8.write_bytes('{"agency": "某县"}'.encode("gb18030"))
    missing = tmp_path / "missing.json"
    argv = ["validate", str(broken), str(good), str(invalid), str(not_utf8), str(missing)]
    argv.append(str(faulty))
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "good.json" in captured.out and "faulty.json" in captured.out
    err = captured.err.splitlines()
    assert len(err) == 4
    assert "broken.json：不是有效的 JSON（第 1 行" in err[0]
    assert "invalid.json：不符合年度报告 JSON 格式：year：应为整数" in err[1]
    assert "gbk.json：不是 UTF-8 编码的文本" in err[2]
    assert "missing.json：找不到文件" in err[3]
    assert "Traceback" not in captured.err + captured.out


def test_json_format(tmp_path, good, faulty, capsys):
    broken = write(tmp_path / "broken.json", "[")
    assert main(["validate", "--format", "json", str(good), str(faulty), str(broken)]) == 1
    results = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in results] == [str(good), str(faulty), str(broken)]
    assert results[0]["findings"] == []
    assert [f["cells"] for f in results[1]["findings"]] == [["appeals.reconsideration.total"]]
    assert results[1]["findings"][0]["severity"] == "error"
    assert "不是有效的 JSON" in results[2]["error"]


def test_previous_from_a_folder_is_matched_by_agency_and_year(tmp_path, capsys):
    earlier = report_dict(year=2021)
    earlier["requests"]["carried_to_next_year"] = {"natural_person": 2, "total": 2}
    earlier["requests"]["received_this_year"] = {"natural_person": 3, "total": 3}
    folder = tmp_path / "2021"
    folder.mkdir()
    write(folder / "earlier.json", earlier)
    write(folder / "other-body.json", report_dict(year=2021, agency="另一机关"))
    write(folder / "junk.json", "not json")
    current = write(tmp_path / "current.json", report_dict())
    assert main(["validate", "--previous", str(folder), "--format", "json", str(current)]) == 0
    captured = capsys.readouterr()
    (result,) = json.loads(captured.out)
    assert [f["rule"] for f in result["findings"]] == ["requests.carry_chain"]
    assert "junk.json" in captured.err


def test_previous_file(tmp_path, good, capsys):
    earlier = report_dict(year=2021)
    previous = write(tmp_path / "earlier.json", earlier)
    assert main(["validate", "--previous", str(previous), str(good)]) == 0
    assert "已与 2021 年报告对照" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path, good, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml", str(good)])
    assert exc.value.code == 2
    assert main(["validate", "--previous", str(tmp_path / "nowhere"), str(good)]) == 2
    assert "用法错误" in capsys.readouterr().err


def test_unreadable_previous_file_exits_1(tmp_path, good, capsys):
    previous = write(tmp_path / "earlier.json", "{")
    assert main(["validate", "--previous", str(previous), str(good)]) == 1
    assert "上年报告" in capsys.readouterr().err


SCRIPT = """
import sys
from gongkai.cli import main

rc = main(["validate", "--format", "json", sys.argv[1]])
assert rc == 0, rc
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "django")
assert not loaded, loaded
"""


def test_the_command_runs_without_django(good):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(good)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["findings"] == []
