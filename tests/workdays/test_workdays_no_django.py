"""The calendar is plain Python: nothing under gongkai/workdays imports Django, even indirectly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import gongkai.workdays

PACKAGE = Path(gongkai.workdays.__file__).parent


def test_no_django_import_statements():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 3
    offenders = []
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{file.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_importing_and_using_it_loads_no_django():
    code = (
        "import sys, datetime\n"
        "from gongkai.workdays import WorkdayCalendar, add_working_days\n"
        "add_working_days(WorkdayCalendar(), datetime.date(2025, 9, 26), 20)\n"
        "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
