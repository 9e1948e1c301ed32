import pytest
from hand_counted_ledgers import APPEAL_LEDGER, REQUEST_LEDGER

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import create_agency


@pytest.fixture
def county(db):
    city = create_agency(
        actor=SYSTEM, code="city", name="示范市人民政府", level="city", kind="government"
    )
    return create_agency(
        actor=SYSTEM,
        code="county",
        name="示范县人民政府",
        level="county",
        kind="government",
        parent=city,
    )


@pytest.fixture
def imported(county, tmp_path):
    """The county with both ledgers imported through the command line, as an office would."""
    from gongkai.cli import main

    requests = tmp_path / "requests.csv"
    requests.write_bytes(REQUEST_LEDGER.encode("gb18030"))
    appeals = tmp_path / "appeals.csv"
    appeals.write_text(APPEAL_LEDGER, encoding="utf-8")
    assert main(["ledger", "import", "requests", str(requests), "--agency", "county"]) == 0
    assert main(["ledger", "import", "appeals", str(appeals), "--agency", "county"]) == 0
    return county
