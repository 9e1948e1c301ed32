"""The parser is pure Python: no module under gongkai/parsing imports Django."""

import ast
from pathlib import Path

import gongkai.parsing

PACKAGE = Path(gongkai.parsing.__file__).parent


def test_no_django_imports():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 8
    offenders = []
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{module.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []
