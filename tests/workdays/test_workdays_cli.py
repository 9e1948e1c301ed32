"""``gongkai deadline`` prints the date alone, explains with --json, and never imports Django."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gongkai.cli import main


def test_prints_the_date_alone(capsys):
    assert main(["deadline", "2025-09-26"]) == 0
    out = capsys.readouterr()
    assert out.out == "2025-10-30\n"
    assert out.err == ""


def test_working_days_option(capsys):
    assert main(["deadline", "2025-09-26", "--working-days", "7"]) == 0
    assert capsys.readouterr().out == "2025-10-13\n"


def test_json_has_steps_warnings_and_explanation(capsys):
    assert main(["deadline", "2026-09-18", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2026-10-22"
    assert data["working_days"] == 20
    assert [s["first"] for s in data["steps"] if s["kind"] == "adjusted_workday"] == [
        "2026-09-20",
        "2026-10-10",
    ]
    assert data["warnings"] == []
    assert "第20个工作日为 2026-10-22" in data["explanation"]


def test_a_calendar_gap_warns_on_stderr_and_exits_0(capsys):
    assert main(["deadline", "2026-12-20"]) == 0
    out = capsys.readouterr()
    assert out.out == "2027-01-15\n"
    assert "2027 年的节假日安排尚未录入" in out.err


@pytest.mark.parametrize("bad", ["2025-02-30", "next friday", "20250926"])
def test_a_bad_date_is_one_chinese_line_and_exit_1(capsys, bad):
    assert main(["deadline", bad]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法识别的日期") and err.count("\n") == 1


def test_bad_working_days_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["deadline", "2025-09-26", "--working-days", "twenty"])
    assert exc.value.code == 2
    assert "工作日数应为整数" in capsys.readouterr().err


def test_the_command_runs_without_django():
    code = (
        "import sys\n"
        "from gongkai.cli import deadline, _Parser\n"
        "p = _Parser(); deadline.register(p.add_subparsers())\n"
        "args = p.parse_args(['deadline', '2025-09-26'])\n"
        "args.func(args)\n"
        "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2025-10-30\n"
