import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("GONGKAI_SHARED_DIR", REPO_ROOT.parent / "shared"))
SPEC_DIR = SHARED_DIR / "spec"
FIXTURES_DIR = SHARED_DIR / "fixtures" / "annual-reports"


@pytest.fixture(scope="session")
def spec_dir() -> Path:
    return SPEC_DIR


@pytest.fixture(scope="session")
def report_fixtures_dir() -> Path:
    return FIXTURES_DIR
