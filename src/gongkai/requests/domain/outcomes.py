"""How a request ends: the outcome rows of the annual report, what each cites, and remedies.

The keys and their official labels come from ``gongkai.annual_report.tables`` (the report's
2021 rows), so a reply and the report it is counted in always use the same words. What this
module adds is the law: which of the seven replies of Art. 36 (or Art. 37 for partial
disclosure) the outcome is, the provision a reply letter cites, and the remedies sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from gongkai.annual_report.tables import OUTCOME_ROWS, REQUEST_ROWS
from gongkai.errors import InvalidInput

REGULATIONS = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
# 行政复议法 (revised 2023) Art. 23: a refusal to disclose goes to reconsideration first.
RECONSIDERATION_FIRST_SINCE = date(2024, 1, 1)

_ITEM_NUMERALS = "一二三四五六七"

# key: (items of Art. 36 the reply falls under, usual one first; other provisions cited).
# withheld_admin_query is read as Art. 36(7): registers whose access other laws govern.
# not_processed_confirmation and other_misc rest on no single provision: the letter states the
# facts and reasons instead of a citation.
_LAW: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "disclosed": ((2, 1), ()),
    "partially_disclosed": ((), ("第三十七条",)),
    "withheld_state_secret": ((3,), ("第十四条",)),
    "withheld_prohibited_by_law": ((3,), ("第十四条",)),
    "withheld_security_stability": ((3,), ("第十四条",)),
    "withheld_third_party": ((3,), ("第十五条",)),
    "withheld_internal_affairs": ((3,), ("第十六条第一款",)),
    "withheld_process_info": ((3,), ("第十六条第二款",)),
    "withheld_enforcement_file": ((3,), ("第十六条第二款",)),
    "withheld_admin_query": ((7,), ()),
    "unavailable_not_held": ((4, 5), ()),
    "unavailable_needs_creation": ((), ("第三十八条",)),
    "unavailable_still_unclear": ((), ("第三十条",)),
    "not_processed_petition": ((), ("第三十九条第一款",)),
    "not_processed_duplicate": ((6,), ()),
    "not_processed_publication": ((), ("第三十九条第二款",)),
    "not_processed_excessive": ((), ("第三十五条",)),
    "not_processed_confirmation": ((), ()),
    "other_no_correction": ((), ("第三十条",)),
    "other_unpaid_fee": ((), ("第四十二条",)),
    "other_misc": ((), ()),
}

_GROUPS = {
    "disclosed": "予以公开",
    "partially": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not": "不予处理",
    "other": "其他处理",
}


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str  # 不予公开-保护第三方合法权益
    report_label: str  # the row as the 2021 table prints it
    group: str  # disclosed, partially_disclosed, withheld, unavailable, not_processed, other
    art36_items: tuple[int, ...]
    provisions: tuple[str, ...]

    @property
    def refusal(self) -> bool:
        """A decision not to disclose (不予公开), in whole or in part."""
        return self.group in ("withheld", "partially_disclosed")

    @property
    def may_become_proactive(self) -> bool:
        """Art. 44: only information that was disclosed, in whole or in part, may become
        proactive disclosure."""
        return self.group in ("disclosed", "partially_disclosed")

    @property
    def article(self) -> str:
        """The provision the reply rests on, without the name of the Regulations."""
        return legal_basis(self.key, with_title=False) or ""


def _short_label(row_label: str) -> str:
    """``（三）不予公开 4.保护第三方合法权益`` → ``不予公开-保护第三方合法权益``."""
    text = re.sub(r"^.*?（[一二三四五六七]）", "", row_label).strip()
    head, _, item = text.partition(" ")
    head = re.sub(r"（[^）]*）$", "", head)
    item = re.sub(r"^\d+\.", "", item.strip())
    return f"{head}-{item}" if item else head


def _group(key: str) -> str:
    if key in ("disclosed", "partially_disclosed"):
        return key
    return key.split("_")[0] if not key.startswith("not_processed") else "not_processed"


def _build() -> dict[str, Outcome]:
    keys = OUTCOME_ROWS["2021"]
    if set(keys) != set(_LAW):  # the report's rows changed: the law table must follow
        raise RuntimeError(f"outcome keys out of step with annual_report.tables: {keys}")
    labels = REQUEST_ROWS["2021"]
    return {k: Outcome(k, _short_label(labels[k]), labels[k], _group(k), *_LAW[k]) for k in keys}


OUTCOMES: dict[str, Outcome] = _build()


def may_become_proactive(*, closed: bool, outcome: str | None) -> bool:
    """Art. 44: a request's information may become a proactive record once the request is
    closed with an outcome that disclosed it (``Outcome.may_become_proactive``)."""
    return closed and outcome in OUTCOMES and OUTCOMES[outcome].may_become_proactive


class OutcomeError(InvalidInput, ValueError):
    """An outcome that is not one of the report's rows; the message lists the valid ones."""

    code = "outcome"
    message = "办理结果无效。"


def legal_basis(key: str, *, art36_item: int | None = None, with_title: bool = True) -> str | None:
    """The exact provisions to cite, e.g. ``《…条例》第十五条、第三十六条第（三）项``.

    ``art36_item`` picks among the items an outcome may fall under (予以公开: 1 already published,
    2 provided now; 本机关不掌握: 4 does not exist, 5 another office's). None when the outcome
    rests on no single provision.
    """
    outcome = OUTCOMES.get(key)
    if outcome is None:
        raise OutcomeError(_unknown(key))
    parts = list(outcome.provisions)
    if outcome.art36_items:
        item = outcome.art36_items[0] if art36_item is None else art36_item
        if item not in outcome.art36_items:
            raise OutcomeError(
                f"“{outcome.label}”对应第三十六条第"
                + "、".join(f"（{_ITEM_NUMERALS[i - 1]}）" for i in outcome.art36_items)
                + f"项，不是第（{_ITEM_NUMERALS[item - 1] if 1 <= item <= 7 else item}）项"
            )
        parts.append(f"第三十六条第（{_ITEM_NUMERALS[item - 1]}）项")
    if not parts:
        return None
    text = "、".join(parts)
    if key == "other_unpaid_fee":
        return f"{REGULATIONS}{text}、{FEE_MEASURES}" if with_title else f"{text}、{FEE_MEASURES}"
    return f"{REGULATIONS}{text}" if with_title else text


def remedies_text(
    outcome: str | Outcome,
    replied_on: date,
    *,
    reconsideration_body: str | None = None,
    court: str | None = None,
) -> str:
    """The remedies sentence of a reply letter (复议 within 60 days, 诉讼 within 6 months).

    Since 2024-01-01 a refusal must go to reconsideration first (行政复议法 Art. 23), and the letter
    has to say so; for a partial disclosure that applies to the part withheld.
    """
    o = outcome if isinstance(outcome, Outcome) else OUTCOMES.get(outcome)
    if o is None:
        raise OutcomeError(_unknown(str(outcome)))
    body = reconsideration_body or "行政复议机关"
    where = f"向{court}" if court else "向有管辖权的人民法院"
    reconsider = (
        f"可以自知道该行政行为之日起60日内向{body}申请行政复议（{RECONSIDERATION_LAW}第二十条）"
    )
    sue = f"自知道或者应当知道作出行政行为之日起6个月内{where}提起行政诉讼（{LITIGATION_LAW}第四十六条）"
    plain = f"如对本答复不服，{reconsider}，也可以{sue}。"
    if not o.refusal or replied_on < RECONSIDERATION_FIRST_SINCE:
        return plain
    first = (
        f"根据{RECONSIDERATION_LAW}第二十三条，申请政府信息公开、行政机关不予公开的，应当先申请"
        f"行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内{where}提起行政诉讼"
        f"（{LITIGATION_LAW}第四十五条）"
    )
    if o.group == "partially_disclosed":
        return f"{plain}其中对不予公开部分不服的，{first}，不能直接起诉。"
    return f"如对本答复不服，{reconsider}。{first}，不能直接起诉。"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[-－—–:：·、]+", "-", text)


def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    item_count: dict[str, int] = {}
    for o in OUTCOMES.values():
        item = o.label.split("-", 1)[-1]
        item_count[item] = item_count.get(item, 0) + 1
    for key, o in OUTCOMES.items():
        aliases[_normalise(key)] = key
        aliases[_normalise(o.label)] = key
        aliases[_normalise(o.report_label)] = key
        aliases[_normalise(re.sub(r"^.*?（[一二三四五六七]）", "", o.report_label))] = key
        item = o.label.split("-", 1)[-1]
        if item_count[item] == 1:  # 重复申请, 保护第三方合法权益 … but not the 3 rows named 其他
            aliases[_normalise(item)] = key
    # The 2019 template's single （六） row, and how ledgers often write it.
    for text in ("other", "其他处理", "其他"):
        aliases[_normalise(text)] = "other_misc"
    return aliases


_ALIASES = _aliases()


def _unknown(text: str) -> str:
    valid = "、".join(o.label for o in OUTCOMES.values())
    return f"无法识别的办理结果“{text}”。可填写：{valid}；或英文键（如 withheld_third_party）。"


def parse_outcome(text: str) -> str:
    """An outcome key from a key or a Chinese label; raises OutcomeError listing valid values."""
    key = _ALIASES.get(_normalise(text))
    if key is None:
        raise OutcomeError(_unknown(str(text).strip()))
    return key


# How long released documents stay downloadable on the tracking page when the agency sets no
# period of its own (calendar days from the reply).
DEFAULT_RELEASE_DAYS = 90


def release_refusal(*, outcome: str | None, receive_method: str, released: int) -> str | None:
    """Why a reply cannot be sent as it stands, or None: a reply that discloses (in whole or
    in part) to an applicant who asked to get the information online must come with the
    released documents, else the letter's "详见附件" points at nothing."""
    if outcome not in OUTCOMES or not OUTCOMES[outcome].may_become_proactive:
        return None
    if receive_method != "online" or released:
        return None
    return (
        f"办理结果为“{OUTCOMES[outcome].label}”，申请人选择网上获取信息，但还没有可提供的公开文件。"
        "请先在“拟公开的文件”中上传文件并生成公开版本；如确实不需要附文件"
        "（例如信息已经主动公开、告知书已写明获取方式），请勾选“确认不附公开文件”后再答复。"
    )
