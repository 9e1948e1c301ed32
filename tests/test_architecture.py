"""The product's shape: pure domain modules, small modules."""

import ast
import subprocess
import sys
from pathlib import Path

import gongkai

PACKAGE = Path(gongkai.__file__).parent

# Domain rules: plain Python, importable and testable without Django.
PURE = [
    "gongkai.organisations.roles",
    "gongkai.audit.chain",
    "gongkai.reports.domain",
    "gongkai.parsing",
    "gongkai.workdays.calendar",
    "gongkai.workdays.deadline",
    "gongkai.workdays.registry",
    "gongkai.workdays.entry",
    "gongkai.requests.domain",
    "gongkai.documents",
    "gongkai.catalog.domain",
    "gongkai.appeals.domain",
]
MAX_LINES = 600


def _module_files(dotted: str) -> list[Path]:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    if path.is_dir():
        return sorted(path.rglob("*.py"))
    return [path.with_suffix(".py")]


def test_pure_modules_do_not_import_django_directly():
    offenders = []
    for dotted in PURE:
        files = _module_files(dotted)
        assert files, dotted
        for file in files:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{file}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_pure_modules_do_not_pull_in_django_indirectly():
    modules = []
    for dotted in PURE:
        for file in _module_files(dotted):
            rel = file.relative_to(PACKAGE.parent).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules.append(".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded[:5]); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_grows_past_the_limit():
    too_long = {
        str(f.relative_to(PACKAGE)): n
        for f in PACKAGE.rglob("*.py")
        if "migrations" not in f.parts
        and (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
