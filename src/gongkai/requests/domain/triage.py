"""Suggestions at intake, for the handler to confirm or dismiss — never decisions.

Each suggestion names the provision it rests on and the evidence (the words that triggered it,
the earlier requests or catalogue entries it resembles), so the handler can judge it quickly:

- ``petition``: a complaint, report or petition in the form of a request (Art. 39 ¶1);
- ``publication``: a request for gazettes, yearbooks, newspapers, books (Art. 39 ¶2);
- ``already_published``: resembles an entry of the disclosure catalogue (Art. 36(1));
- ``duplicate``: the same applicant asked for the same and was answered (Art. 36(6));
- ``high_volume``: the same applicant filed unusually many requests lately (Art. 35);
- ``make_proactive``: several applicants asked for the same information (Art. 44).

Similarity (:func:`similarity`) is a cosine over character bigrams, the standard measure for
short Chinese text without word segmentation: it needs no dictionary, copes with the way the
same thing is phrased with a word more or less, and keeps a bigram's order information that
single characters lose. Before it, the text is normalised (NFKC, lower case, Chinese numerals in
years and ordinals as digits) and the phrases every request shares (申请公开、请提供、关于、的 …)
are removed, since they would make any two requests look alike.

Numbers are taken out of the bigrams and compared on their own: a year or document number is
what tells "2023年财政预算" from "2024年财政预算", and in bigrams it is only one small
difference among many equal ones. When both texts name numbers, the bigram score is multiplied by
the overlap (Jaccard) of their number sets, so different years give 0; when only one names a
number, by 0.85, since the other may or may not mean the same year.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from .outcomes import OUTCOMES

# Thresholds on similarity(); see the tests for the pairs they were set on. A duplicate closes a
# request without an answer, so it needs the strictest match; the catalogue and Art. 44 only
# point the handler to something to look at.
DUPLICATE_THRESHOLD = 0.75
SAME_INFORMATION_THRESHOLD = 0.7
CATALOG_THRESHOLD = 0.6
ONE_SIDED_NUMBER_FACTOR = 0.85


@dataclass(frozen=True)
class PastRequest:
    id: Hashable
    applicant_key: str
    description: str
    received_on: date
    outcome: str | None = None  # an outcome key of outcomes.OUTCOMES; None while open


@dataclass(frozen=True)
class CatalogEntry:
    id: Hashable
    title: str
    url: str = ""


@dataclass(frozen=True)
class Suggestion:
    kind: str
    message: str
    evidence: tuple[str, ...] = ()
    related_ids: tuple[Hashable, ...] = ()


@dataclass(frozen=True)
class VolumeThresholds:
    """Art. 35 sets no number. (days, requests): the applicant's requests received within the
    last ``days`` days, this one included, that count as unusually many. Practice varies; the
    default flags 10 in 30 days or 30 in a year, which matches the point where 109号 starts
    charging per request (the 11th in a month)."""

    windows: tuple[tuple[int, int], ...] = ((30, 10), (365, 30))


@dataclass(frozen=True)
class TriageSettings:
    duplicate_threshold: float = DUPLICATE_THRESHOLD
    same_information_threshold: float = SAME_INFORMATION_THRESHOLD
    catalog_threshold: float = CATALOG_THRESHOLD
    volume: VolumeThresholds = field(default_factory=VolumeThresholds)
    # Art. 44 says "多个申请人"; offices usually look once three have asked (this one included).
    proactive_min_applicants: int = 3
    max_related: int = 5


KINDS = (
    "petition",
    "publication",
    "already_published",
    "duplicate",
    "high_volume",
    "make_proactive",
)

# -- normalisation and similarity ----------------------------------------------------------------

# Longest first, so 申请公开 goes before 申请 and 公开 is not left behind.
_STOP_PHRASES = sorted(
    """
    依申请公开 申请公开 请求公开 要求公开 予以公开 申请获取 申请提供 请提供 请求提供 要求提供
    提供 申请 请求 要求 希望 获取 查询 查阅 复印件 复制件 副本 电子版 纸质版 原件 全文
    政府信息 相关信息 有关信息 信息 相关 有关 关于 以下 如下 上述 具体 全部 所有 一份 一下
    贵单位 贵机关 贵局 贵委 贵办 贵厅 贵府 贵司 贵中心 你单位 你局 本人 我们 我 的 及 和 与 等
    """.split(),
    key=len,
    reverse=True,
)
_STOP_RE = re.compile("|".join(map(re.escape, _STOP_PHRASES)))

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
# Years written out (二〇二三年) and small ordinals (第三季度, 三季度, 第十二批).
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})(?=年)")
_CN_SMALL = re.compile(r"(?<=第)([一二两三四五六七八九十]{1,3})|([一二三四])(?=季度)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A unit right after a number is part of how the number is written, not of the topic.
_NUMBER_UNIT = re.compile(r"(\d)(?:年度|年|月份|月|日|号)")
_TOKEN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z]+|\d+(?:\.\d+)?")


def _cn_small_int(s: str) -> str:
    if "十" not in s:
        return "".join(str(_CN_DIGITS[c]) for c in s)
    tens, _, ones = s.partition("十")
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def normalise(text: str) -> str:
    """The text as compared: NFKC, lower case, digits for Chinese numerals, stop phrases out."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGITS[c]) for c in m.group(1)), s)
    s = _CN_SMALL.sub(lambda m: _cn_small_int(m.group(1) or m.group(2)), s)
    s = _NUMBER_UNIT.sub(r"\1 ", s)
    return _STOP_RE.sub(" ", s)


@lru_cache(maxsize=4096)
def _features(text: str) -> tuple[Counter, frozenset[str]]:
    """Bigram counts (single characters for one-character runs, words for Latin) and numbers."""
    grams: Counter = Counter()
    numbers: set[str] = set()
    for run in _TOKEN_RUN.findall(normalise(text)):
        if run[0].isdigit():
            # 2023 and 2023.0 are the same number; leading zeros (第05号) too.
            numbers.add(str(float(run)).removesuffix(".0"))
        elif run.isascii():
            grams[run] += 1
        elif len(run) == 1:
            grams[run] += 1
        else:
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams, frozenset(numbers)


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    # Summed in a fixed order so that similarity(a, b) == similarity(b, a) exactly.
    dot = sum(a[g] * b[g] for g in sorted(a.keys() & b.keys()))
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


def _number_factor(a: frozenset[str], b: frozenset[str]) -> float:
    if a and b:
        return len(a & b) / len(a | b)
    if a or b:
        return ONE_SIDED_NUMBER_FACTOR
    return 1.0


def similarity(a: str, b: str) -> float:
    """How alike two descriptions of information are, from 0 to 1; symmetric.

    Identical texts score 1. Texts with nothing left to compare after normalisation score 1 only
    if they are the same text, else 0.
    """
    if (
        unicodedata.normalize("NFKC", str(a)).strip()
        == unicodedata.normalize("NFKC", str(b)).strip()
    ):
        return 1.0
    (ga, na), (gb, nb) = _features(str(a)), _features(str(b))
    if not ga and not gb:
        # Only numbers (or nothing) left: the numbers decide.
        return float(na == nb and bool(na))
    return min(1.0, _cosine(ga, gb) * _number_factor(na, nb))


def coverage(title: str, description: str) -> float:
    """How much of a catalogue title the description contains (0–1), with the number factor.

    A request often wraps the title in a sentence of its own, which dilutes a cosine; the share
    of the title's bigrams found in the request does not. Titles of fewer than four bigrams say
    too little for this and score 0.
    """
    (gt, nt), (gd, nd) = _features(str(title)), _features(str(description))
    total = sum(gt.values())
    if total < 4:
        return 0.0
    found = sum(min(n, gd[g]) for g, n in gt.items())
    return found / total * _number_factor(nt, nd)


# -- the detectors ----------------------------------------------------------------------------

# Asking the office to act against someone or to settle a grievance: a petition (Art. 39 ¶1).
_PETITION_DEMANDS = re.compile(
    r"(?:要求|请求|恳请|依法|严肃|严厉|予以|立即)(?:查处|处理|处罚|取缔|整治|调查)"
    r"|追究.{0,10}?责任|(?:要求|请求)(?:赔偿|补偿|撤销|纠正|整改|解决|退还|返还|恢复)"
    r"|赔偿(?:损失|我)|(?:帮助|帮忙|尽快|给予)解决|讨(?:回|个)?(?:公道|说法)"
    r"|给(?:我|个|一个)说法|还我|为民做主|主持公道|维护我的合法权益"
)
# Words naming a complaint. Not enough alone: "投诉处理情况统计" asks for information.
_PETITION_WORDS = re.compile(r"信访|上访|投诉|举报|检举|控告|申诉")
_ABOUT_INFORMATION = re.compile(
    r"^.{0,8}?(?:情况|结果|统计|数量|数据|件数|记录|台账|答复|回复|意见书|决定书|文书|材料|"
    r"案卷|规定|办法|制度|流程|渠道|电话|方式)"
)

# Publications (Art. 39 ¶2). 统计公报 and similar are documents an office also publishes on its
# website; the handler decides whether the request is for the printed publication.
_PUBLICATIONS = re.compile(
    r"统计年鉴|年鉴|政府公报|公报|报纸|报刊|期刊|杂志|书籍|图书|出版物|画册|地方志|志书"
)

_AS_SOURCE = re.compile(r".{0,6}?(?:刊登|刊载|登载|发布|公布)")

_NOT_ANSWERED = frozenset({"other_no_correction", "other_unpaid_fee"})


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _outcome_label(key: str | None) -> str:
    if key is None:
        return "办理中"
    outcome = OUTCOMES.get(key)
    return outcome.label if outcome else str(key)


def _petition(description: str) -> Suggestion | None:
    text = unicodedata.normalize("NFKC", description)
    evidence = [m.group() for m in _PETITION_DEMANDS.finditer(text)]
    for m in _PETITION_WORDS.finditer(text):
        if not _ABOUT_INFORMATION.match(text[m.end() :].split("。")[0]):
            evidence.append(m.group())
    if not evidence:
        return None
    words = tuple(dict.fromkeys(evidence))
    return Suggestion(
        "petition",
        "申请内容含有“" + "”“".join(words) + "”等表述，可能是以政府信息公开申请形式进行的信访、"
        "投诉、举报。请核实：如属实，依《条例》第三十九条第一款告知不作为政府信息公开申请处理，"
        "并可告知通过相应渠道提出。",
        words,
    )


def _publication(description: str) -> Suggestion | None:
    text = unicodedata.normalize("NFKC", description)
    # "政府公报刊登的文件" names the publication as a source of a document, not as the request.
    words = tuple(
        dict.fromkeys(
            m.group() for m in _PUBLICATIONS.finditer(text) if not _AS_SOURCE.match(text, m.end())
        )
    )
    if not words:
        return None
    return Suggestion(
        "publication",
        "申请内容涉及“" + "”“".join(words) + "”，可能是要求提供公开出版物。请核实：如属实，"
        "依《条例》第三十九条第二款可告知获取的途径。",
        words,
    )


def _already_published(description: str, catalog: Sequence[CatalogEntry], s: TriageSettings):
    scored = []
    for entry in catalog:
        score = max(similarity(description, entry.title), coverage(entry.title, description))
        if score >= s.catalog_threshold:
            scored.append((score, entry))
    if not scored:
        return None
    scored.sort(key=lambda p: -p[0])
    top = scored[: s.max_related]
    evidence = tuple(
        f"《{e.title}》" + (f" {e.url}" if e.url else "") + f"（相似度 {score:.2f}）"
        for score, e in top
    )
    return Suggestion(
        "already_published",
        f"申请的信息可能已主动公开：与公开目录中 {len(scored)} 条信息相似。请核实：如属实，依"
        "《条例》第三十六条第（一）项告知申请人获取该政府信息的方式、途径。",
        evidence,
        tuple(e.id for _, e in top),
    )


def _duplicate(description: str, history: Sequence[PastRequest], s: TriageSettings):
    scored = []
    for past in history:
        if past.outcome is None or past.outcome in _NOT_ANSWERED:
            continue
        score = similarity(description, past.description)
        if score >= s.duplicate_threshold:
            scored.append((score, past))
    if not scored:
        return None
    scored.sort(key=lambda p: (-p[0], p[1].received_on))
    top = scored[: s.max_related]
    return Suggestion(
        "duplicate",
        "该申请人曾申请公开相似的信息且已获答复。请核实：如为重复申请公开相同政府信息，依《条例》"
        "第三十六条第（六）项告知不予重复处理。",
        tuple(
            f"{p.received_on.isoformat()} 收到的申请 {p.id}（{_outcome_label(p.outcome)}）："
            f"{_quote(p.description)}，相似度 {score:.2f}"
            for score, p in top
        ),
        tuple(p.id for _, p in top),
    )


def _high_volume(history: Sequence[PastRequest], today: date, s: TriageSettings):
    hits = []
    for days, limit in sorted(s.volume.windows):
        since = today - timedelta(days=days)
        recent = [p for p in history if since < p.received_on <= today]
        # This request counts too: it is the one that may cross the line.
        if len(recent) + 1 >= limit:
            hits.append((days, limit, recent))
    if not hits:
        return None
    evidence = tuple(
        f"近 {days} 日内共 {len(recent) + 1} 件（含本件），参考线为 {limit} 件"
        for days, limit, recent in hits
    )
    related = {p.id: None for _, _, recent in hits for p in recent}
    return Suggestion(
        "high_volume",
        "该申请人近期申请数量明显较多。请核实：如数量、频次明显超过合理范围，可依《条例》"
        "第三十五条要求申请人说明理由；理由不合理的告知不予处理，理由合理但无法按期答复的可"
        "确定延迟答复的合理期限并告知申请人。",
        evidence,
        tuple(related),
    )


def _make_proactive(
    description: str, applicant: str | None, others: Sequence[PastRequest], s: TriageSettings
):
    matches: dict[str, tuple[float, PastRequest]] = {}
    for past in others:
        if applicant is not None and past.applicant_key == applicant:
            continue
        # Only information that could be disclosed becomes proactive (Art. 44).
        if past.outcome is not None:
            outcome = OUTCOMES.get(past.outcome)
            if outcome is None or not outcome.may_become_proactive:
                continue
        score = similarity(description, past.description)
        best = matches.get(past.applicant_key)
        if score >= s.same_information_threshold and (best is None or score > best[0]):
            matches[past.applicant_key] = (score, past)
    if len(matches) + 1 < s.proactive_min_applicants:
        return None
    top = sorted(matches.values(), key=lambda p: (-p[0], p[1].received_on))
    return Suggestion(
        "make_proactive",
        f"另有 {len(matches)} 位申请人申请过相似的信息（连同本件共 {len(matches) + 1} 位）。如该"
        "信息属于可以公开的，可依《条例》第四十四条纳入主动公开的范围。",
        tuple(
            f"{p.received_on.isoformat()} 收到的申请 {p.id}（{_outcome_label(p.outcome)}）："
            f"{_quote(p.description)}，相似度 {score:.2f}"
            for score, p in top[: s.max_related]
        ),
        tuple(p.id for _, p in top),
    )


def triage(
    description: str,
    *,
    applicant_history: Sequence[PastRequest],
    catalog_titles: Sequence[CatalogEntry] = (),
    today: date,
    others: Sequence[PastRequest] = (),
    applicant_key: str | None = None,
    settings: TriageSettings | None = None,
) -> list[Suggestion]:
    """Suggestions for a new request, in the order of KINDS.

    ``applicant_history``: this applicant's earlier requests (with ``applicant_key`` given,
    entries of other applicants are ignored). ``others``: other applicants' requests, for Art.
    44. Requests received after ``today`` are ignored, so a triage can be replayed as of a date.
    """
    s = settings or TriageSettings()
    description = str(description or "")
    mine = [
        p
        for p in applicant_history
        if p.received_on <= today and (applicant_key is None or p.applicant_key == applicant_key)
    ]
    found = [
        _petition(description),
        _publication(description),
        _already_published(description, catalog_titles, s),
        _duplicate(description, mine, s),
        _high_volume(mine, today, s),
        _make_proactive(
            description, applicant_key, [p for p in others if p.received_on <= today], s
        ),
    ]
    return [f for f in found if f is not None]
