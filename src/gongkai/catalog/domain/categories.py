"""The seed of an agency's catalog (公开目录): the common 基本目录 headings with the items of
Art. 20 (every agency) and Art. 21 (city, county and township governments) beneath them.
Codes are short and stable because they go into index numbers."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.annual_report.regulation_makers import may_make_regulations

REGULATIONS_CODE = "2-1"


@dataclass(frozen=True)
class SeedCategory:
    code: str
    name: str
    parent: str | None = None
    kind: str = ""  # "annual_report" and "interpretation" are found by kind, not by name
    article: str = ""


SEED: tuple[SeedCategory, ...] = (
    SeedCategory("1", "机构职能", article="第二十条第（二）项"),
    SeedCategory("2", "法规文件"),
    SeedCategory(REGULATIONS_CODE, "规章", "2", article="第二十条第（一）项"),
    SeedCategory("2-2", "行政规范性文件", "2", article="第二十条第（一）项"),
    SeedCategory("2-3", "其他文件", "2"),
    SeedCategory("2-4", "政策解读", "2", kind="interpretation"),
    SeedCategory("3", "规划计划", article="第二十条第（三）项"),
    SeedCategory("4", "统计信息", article="第二十条第（四）项"),
    SeedCategory("5", "行政许可和政务服务", article="第二十条第（五）项"),
    SeedCategory("6", "行政处罚和行政强制", article="第二十条第（六）项"),
    SeedCategory("7", "财政信息"),
    SeedCategory("7-1", "财政预算决算", "7", article="第二十条第（七）项"),
    SeedCategory("7-2", "行政事业性收费", "7", article="第二十条第（八）项"),
    SeedCategory("7-3", "政府采购", "7", article="第二十条第（九）项"),
    SeedCategory("8", "重大建设项目", article="第二十条第（十）项"),
    SeedCategory("9", "民生保障"),
    SeedCategory("9-1", "扶贫和乡村振兴", "9", article="第二十条第（十一）项"),
    SeedCategory("9-2", "教育", "9", article="第二十条第（十一）项"),
    SeedCategory("9-3", "医疗卫生", "9", article="第二十条第（十一）项"),
    SeedCategory("9-4", "社会保障和就业", "9", article="第二十条第（十一）项"),
    SeedCategory("10", "突发公共事件应对", article="第二十条第（十二）项"),
    SeedCategory("11", "监督检查", article="第二十条第（十三）项"),
    SeedCategory("12", "公务员招考录用", article="第二十条第（十四）项"),
    SeedCategory("13", "人事信息"),
    SeedCategory("14", "通知公告"),
    SeedCategory("15", "政府信息公开工作年度报告", kind="annual_report", article="第四十九条"),
    SeedCategory("16", "其他依法应当主动公开的信息", article="第二十条第（十五）项"),
)

# Art. 21: what city, county and township governments also publish.
GOVERNMENT_SEED: tuple[SeedCategory, ...] = (
    SeedCategory("21", "第二十一条重点领域"),
    SeedCategory("21-1", "城乡规划和土地征收", "21", article="第二十一条"),
    SeedCategory("21-2", "房屋征收和保障性住房", "21", article="第二十一条"),
    SeedCategory("21-3", "农村集体经济和农业补贴", "21", article="第二十一条"),
    SeedCategory("21-4", "抢险救灾和社会救助", "21", article="第二十一条"),
)


def seed_for(agency_kind: str, agency_level: str | None = None) -> tuple[SeedCategory, ...]:
    """The headings an agency starts with; no 规章 heading for a body that cannot make them (a
    county-level government or below, a local department), so it is not led to file its
    规范性文件 there."""
    items = SEED + (GOVERNMENT_SEED if agency_kind == "government" else ())
    if may_make_regulations(agency_level, agency_kind) is False:
        items = tuple(i for i in items if i.code != REGULATIONS_CODE)
    return items
