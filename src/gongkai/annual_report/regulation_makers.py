"""Who may make 规章 (立法法 第九十一条、第九十三条): the State Council's ministries and
commissions and its directly affiliated bodies with administrative functions (部门规章), and the
people's governments of provinces, autonomous regions, municipalities, 设区的市 and 自治州
(地方政府规章). A county, a district, a township, or a local department cannot; when one reports
规章 figures they usually belong in the 规范性文件 row, so the validator warns.
"""

from __future__ import annotations

import re

from gongkai.annual_report.report import Finding, Report
from gongkai.annual_report.tables import PROACTIVE_ROWS

RULE = "proactive.regulations_level"

# A name that leaves no doubt the body is a county-level government or below, or one of their
# departments. 县级市 (鹤山市人民政府) cannot make 规章 either, but its name looks like a 设区的市's,
# so it is left alone rather than risk warning a city that may.
_COUNTY_OR_BELOW = (
    re.compile(r"^[\u4e00-\u9fff]{1,12}?[县旗](?!级)"),  # 示范县人民政府, 来凤县农业农村局
    re.compile(r"(?<!自治)(?<!地)区人民政府(办公室)?$"),  # 朝阳区人民政府
    re.compile(r"([乡镇]人民政府|街道办事处)$"),
)


def level_from_name(name: str) -> str | None:
    """ "county" when the name shows a county-level body or below; None when it cannot tell."""
    name = re.sub(r"\s+", "", name or "")
    return "county" if any(p.search(name) for p in _COUNTY_OR_BELOW) else None


def may_make_regulations(level: str | None, kind: str | None) -> bool | None:
    """None when unknown. ``level``/``kind`` as the organisations context names them."""
    if level in ("county", "township"):
        return False
    if level in ("province", "city") and kind == "department":
        return False  # local departments draft 规章; the government makes them
    if level in ("province", "city") and kind == "government":
        return True
    return None


def regulation_findings(report: Report, *, level: str | None, kind: str | None) -> list[Finding]:
    if report.template not in ("2019", "2021"):
        return []
    allowed = may_make_regulations(level or level_from_name(report.agency), kind)
    if allowed is not False:
        return []
    columns = PROACTIVE_ROWS[report.template]["regulations"].columns
    filled = [
        f"proactive.regulations.{c}"
        for c in columns
        if report.value(f"proactive.regulations.{c}") > 0
    ]
    if not filled:
        return []
    return [
        Finding(
            RULE,
            "warning",
            f"“{report.agency}”填报了规章数字，但规章只能由国务院部门和省、自治区、直辖市、"
            "设区的市、自治州人民政府制定；县级及以下政府和地方政府部门制发的是行政规范性文件，"
            "请核对后填入“规范性文件”一行。",
            filled,
        )
    ]
