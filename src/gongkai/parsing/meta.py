"""Which report this is: its title, the year its statistics cover, the reporting body, the template."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_TITLE_HINT = re.compile(r"(?:信息公开|政务公开).{0,12}(?:年度报告|年报|工作报告)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# A body's name ends in one of these; the list is long because reports come from every kind of body.
_BODY_END = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府办|办公厅|办公室|委员会|管理委员会|"
    r"街道办事处|办事处|管委会|局|厅|委|署|院|中心|总队|支队|大队|队|站|所|馆|会|处|部|公司|集团|镇|乡|街道)"
)
_AGENCY_BEFORE_YEAR = re.compile(r"^(?:关于)?(?P<a>.{2,40}?)\s*(?:关于)?\s*(?:19|20)\d{2}\s*年")
_AGENCY_AFTER_YEAR = re.compile(
    r"(?:19|20)\d{2}\s*年度?\s*(?P<a>.{2,40}?)\s*(?:政府信息公开|信息公开|政务公开)"
)
_LOCAL_BODY = re.compile(r"(?P<a>[\u4e00-\u9fff]{2,20}?" + _BODY_END + r")")
_CITY = re.compile(
    r"(?:地址|住址|位于)\s*[:：]?\s*(?:[\u4e00-\u9fff]{2,6}省)?(?P<c>[\u4e00-\u9fff]{2,5}?市)"
)
_BREADCRUMB = re.compile(r"[>»›]|当前位置|您的位置|您现在的位置")
# Notices, plans and news about the reports name them too, but are titled for what they are.
_NOT_A_REPORT_TITLE = re.compile(r"^关于|(?:通知|意见|方案|函|公告|通报|的批复)[》」』）)]*$")
_METADATA = re.compile(r"(?:索引号|发布机构|发布日期|主题分类|文号|来源|日期|浏览次数)")

_PERIOD = (
    r"(?:统计期限|统计期|统计时限|统计周期|统计时间)[^。]{0,8}?((?:19|20)\d{2})年1月1日",
    r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|—|-)(?:\1年)?12月31日",
)
TEMPLATE_MARKERS = {
    "2021": (
        "本年制发件数",
        "现行有效件数",
        "本年废止件数",
        "本年制作件数",
        "逾期不补正",
        "缴纳费用",
    ),
    "2019": (
        "本年新制作数量",
        "对外公开总数量",
        "政府集中采购",
        "采购项目数量",
        "第二十条第(九)项",
        "上一年项目数量",
        "本年增/减",
    ),
}
_SPACE = re.compile(r"\s+")
TABLE_MARKERS = ("本年新收政府信息公开申请数量", "申请人情况", "第二十条第", "结转下年度继续办理")


@lru_cache(maxsize=16)
def compact(text: str) -> str:
    # Cached: recognising one report compacts its whole text for several questions.
    return _SPACE.sub("", text)


# What a site or a converter prints around a title: 标题:, 文章标题：, markdown's # and **, 【】.
_CHROME_HEAD = re.compile(
    r"^(?:[#＃*>\s]+|(?:文章|信息|公告)?(?:标题|题目|名称)\s*[:：]\s*|[【\[《「“\"]+)+"
)
_CHROME_TAIL = re.compile(r"(?:[*\s]+|[】\]》」”\"]+|[(（](?:全文|正文|附件|\d+)[)）])+$")
# A title's end: the report's name, possibly with its year's brackets or a 全文 mark.
_TITLE_END = re.compile(r"(?:年度报告|年报|工作报告)$")
_TITLE_SCAN = 200  # lines of site chrome (menus, breadcrumbs, metadata) before a report starts


def strip_chrome(text: str) -> str:
    text = _CHROME_HEAD.sub("", text.strip())
    return _CHROME_TAIL.sub("", text).strip()


def _title_candidate(text: str) -> str | None:
    """``text`` as a title line, chrome removed; ``None`` where it is no report's title."""
    if _BREADCRUMB.search(text):
        return None  # 首页 > 政务公开 > 2023年政府信息公开年报 names a column, not this report
    text = strip_chrome(text)
    if not (8 <= len(text) <= 80):
        return None
    if not (_TITLE_HINT.search(compact(text)) and _YEAR.search(arabic_years(text))):
        return None
    if _METADATA.search(text) and not text.startswith(("20", "19")):
        text = strip_chrome(_METADATA.split(text)[0]) or text
    if "。" in text or "，" in text or "," in text:
        return None
    if _NOT_A_REPORT_TITLE.search(compact(text)):
        return None
    return text


def _body_line(text: str) -> bool:
    """A short line that is only a body's name: the first line of a title printed on two."""
    text = compact(strip_chrome(text))
    return (
        2 <= len(text) <= 30
        and re.search(_BODY_END + "$", text) is not None
        and not re.search(r"[\d。，,：:]", text)
    )


def find_title(lines: list[str]) -> str | None:
    """The report's title: an early short line naming the annual report, past any site chrome.

    A centred title that wraps is two lines: the body's name above the year and the report's
    name, or the report's name cut short (…政府信息公开工作 / 年度报告); both halves are joined."""
    lines = [line.strip() for line in lines[:_TITLE_SCAN]]
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else ""
        head = strip_chrome(line)
        if (
            after
            and not _TITLE_END.search(compact(head))
            and re.search(r"(?:信息公开|政务公开)", compact(head))
            and len(compact(strip_chrome(after))) <= 12
        ):
            joined = _title_candidate(head + strip_chrome(after))
            if joined and _TITLE_END.search(compact(joined)):
                return _with_body_above(joined, lines, i)
        title = _title_candidate(line)
        if title:
            return _with_body_above(title, lines, i)
    return None


def _with_body_above(title: str, lines: list[str], i: int) -> str:
    if i > 0 and re.match(r"^(?:关于)?(?:19|20)\d{2}", arabic_years(compact(title))):
        if _body_line(lines[i - 1]):
            return strip_chrome(lines[i - 1]) + title
    return title


_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})(?=年)")


def arabic_years(text: str) -> str:
    """二〇二三年 → 2023年: some bodies write the year of their report in Chinese numerals."""
    return _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), text)


def find_year(title: str | None, text: str) -> int | None:
    """The year the statistics cover: their stated period first, since a title or a date line
    may give the year of publication instead; then the title; then the text."""
    flat = arabic_years(compact(text[:6000]))
    title = arabic_years(title) if title else title
    for pattern in _PERIOD:
        m = re.search(pattern, flat)
        if m:
            return int(m.group(1))
    if title:
        m = _YEAR.search(compact(title))
        if m:
            return int(m.group(1))
    for pattern in (
        r"((?:19|20)\d{2})年度?[^。]{0,20}?(?:信息公开|政务公开)[^。]{0,10}?(?:年度报告|年报)",
    ):
        m = re.search(pattern, flat)
        if m:
            return int(m.group(1))
    years = Counter(int(y) for y in _YEAR.findall(flat))
    if years:
        return years.most_common(1)[0][0]
    return None


def _clean_agency(name: str) -> str:
    name = re.sub(r"[【】《》「」\[\]]", "", compact(strip_chrome(name)))
    name = re.sub(r"^(?:关于|本|我)", "", name)
    name = re.sub(r"(?:关于|的)$", "", name)
    # 某市人民政府办公室（市政府信息公开办公室）: the bracket names a role, not another body.
    name = re.sub(r"[(（][^()（）]*[)）]$", "", name)
    if name.endswith("人民"):
        # "荆门市人民政府信息公开…": the split fell inside 人民政府.
        name += "政府"
    return name


def _is_body(name: str) -> bool:
    return re.search(_BODY_END + "$", name) is not None and not re.search(r"[\d:：#]", name)


def find_agency(title: str | None, text: str) -> str | None:
    """The body whose report it is, as its title names it (not the office that compiled it);
    only a report without a usable title is attributed from its text."""
    candidates: list[str] = []
    if title:
        flat = arabic_years(compact(strip_chrome(title)))
        for pattern in (_AGENCY_BEFORE_YEAR, _AGENCY_AFTER_YEAR):
            m = pattern.search(flat)
            if m:
                candidates.append(_clean_agency(m["a"]))
    for name in candidates:
        if _is_body(name):
            return name
    flat = compact(text[:5000])
    for pattern in (
        r"(?:请与|联系单位|编制单位|发布机构|报告单位)[:：]?(?P<a>[\u4e00-\u9fff]{2,30}?"
        + _BODY_END
        + ")",
        r"由(?P<a>[\u4e00-\u9fff]{2,30}?" + _BODY_END + r")(?:编制|负责|综合)",
    ):
        m = re.search(pattern, flat)
        if m:
            return _qualify(_clean_agency(m["a"]), text)
    bodies = Counter(
        m["a"] for m in _LOCAL_BODY.finditer(flat) if re.search(r"[省市县区州盟旗]", m["a"])
    )
    if bodies:
        return _qualify(_clean_agency(bodies.most_common(1)[0][0]), text)
    return candidates[0] if candidates else None


def _qualify(name: str, text: str) -> str:
    """A district or county names itself without its city ("中站区人民政府"); the address has it."""
    if re.match(r"^[\u4e00-\u9fff]{1,4}[区县]", name) and "市" not in name[:6]:
        m = _CITY.search(compact(text))
        if m and m["c"] not in name:
            return m["c"] + name
    return name


def detect_template(text: str, year: int | None) -> tuple[str, bool]:
    """The template and whether the text has the statistical tables at all."""
    flat = compact(text)
    score = {t: sum(flat.count(m) > 0 for m in marks) for t, marks in TEMPLATE_MARKERS.items()}
    has_tables = any(m in flat for m in TABLE_MARKERS) or any(score.values())
    if year is not None and year <= 2018:
        # The national tables begin with the reports on 2019; a 2017 or 2018 report that
        # quotes the revised Regulations (第二十条…) is still a narrative one.
        return "legacy", has_tables
    if has_tables and score["2021"] != score["2019"]:
        return ("2021" if score["2021"] > score["2019"] else "2019"), True
    if year is not None and year <= 2018:
        return "legacy", has_tables
    if year is not None and year >= 2021:
        return "2021", has_tables
    if year is not None:
        return "2019", has_tables
    return ("2019" if has_tables else "legacy"), has_tables


def looks_like_report(text: str) -> bool:
    flat = compact(text)
    return ("信息公开" in flat or "政务公开" in flat) and (
        "年度报告" in flat or "年报" in flat or any(m in flat for m in TABLE_MARKERS)
    )
