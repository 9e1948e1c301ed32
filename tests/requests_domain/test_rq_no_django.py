"""The request domain is plain Python: no module under gongkai/requests/domain or gongkai/workdays
imports Django, directly or through anything it imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import gongkai

ROOT = Path(gongkai.__file__).parent
PACKAGES = [ROOT / "requests" / "domain", ROOT / "workdays"]


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for file in sorted(package.rglob("*.py")):
            parts = list(file.relative_to(ROOT.parent).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return names


def test_no_django_import_statements():
    offenders = []
    files = [f for p in PACKAGES for f in sorted(p.rglob("*.py"))]
    assert len(files) >= 10
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{file.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_importing_every_module_loads_no_django():
    # gongkai.requests/__init__ belongs to the Django app; it must stay import-free for this too.
    code = (
        "import importlib, sys\n"
        f"for name in {_modules()!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "print(loaded[:5]); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_stay_small():
    too_long = {
        f.name: n
        for p in PACKAGES
        for f in p.rglob("*.py")
        if (n := len(f.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}
