"""The product's shape: pure domain modules, small modules."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import gongkai

PACKAGE = Path(gongkai.__file__).parent

# Domain rules: plain Python, importable and testable without Django.
PURE = [
    "gongkai.errors",
    "gongkai.organisations.roles",
    "gongkai.audit.chain",
    "gongkai.keyfiles",
    "gongkai.fieldcrypt.cipher",
    "gongkai.notifications.message",
    "gongkai.annual_report",
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


# --- the dependency direction -----------------------------------------------------------------

ROOT = PACKAGE.parent.parent


def test_the_import_contracts_hold():
    """The layers and independence contracts of pyproject.toml ([tool.importlinter])."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    assert lint, "import-linter is in the test extra: pip install -e .[test]"
    result = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


# Function-level imports, each with its reason. Everything else is imported at module level,
# so the contracts above see it and a reader finds a module's dependencies at its top.
FUNCTION_LEVEL_ALLOWED = {
    # Django app loading: models and signals are importable only once the app registry is ready.
    "AppConfig.ready": lambda file, func, module: file.name == "apps.py" and func == "ready",
    # The CLI's command modules are imported to build --help before Django is set up; each
    # command imports models and actions after cli._django.setup().
    "cli after django.setup()": lambda file, func, module: file.parent.name == "cli",
    # The OCR engine (onnxruntime, its models, numpy) takes seconds and ~100 MB to load: only a
    # scanned page pays for it, and the reader says so when it is not installed.
    "OCR engine": lambda file, func, module: (
        file.relative_to(PACKAGE).as_posix() == "parsing/readers/ocr.py"
        and module.split(".")[0] in {"rapidocr_onnxruntime", "numpy"}
    ),
}


def _function_level_imports():
    for file in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in file.parts:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        stack = [(node, None) for node in tree.body]
        while stack:
            node, func = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                func = node.name
            elif isinstance(node, ast.Import | ast.ImportFrom) and func is not None:
                if isinstance(node, ast.ImportFrom):
                    module = "gongkai" if node.level else node.module
                    yield file, func, module, node.lineno
                else:
                    for alias in node.names:
                        yield file, func, alias.name, node.lineno
            stack.extend((child, func) for child in ast.iter_child_nodes(node))


def test_function_level_imports_only_where_a_reason_allows_them():
    found = list(_function_level_imports())
    assert found, "the walk must see the allowed ones (AppConfig.ready at least)"
    unexplained = [
        f"{file.relative_to(PACKAGE)}:{line} {module} in {func}()"
        for file, func, module, line in found
        if not any(rule(file, func, module) for rule in FUNCTION_LEVEL_ALLOWED.values())
    ]
    assert unexplained == []


def test_only_the_workflows_actions_write_a_state():
    """transition_writes() is opened by the actions packages only (after next_state)."""
    users = sorted(
        str(f.relative_to(PACKAGE))
        for f in PACKAGE.rglob("*.py")
        if "transition_writes(" in f.read_text(encoding="utf-8")
        and f.relative_to(PACKAGE).as_posix() != "state_guard.py"
    )
    assert users
    assert [u for u in users if "/actions/" not in f"/{u}"] == []
