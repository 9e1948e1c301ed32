"""Annual reports for the demo: the county submits last year's from its records; two units that
keep their records elsewhere arrive as published files (a PDF and a web page), as in the wild."""

from __future__ import annotations

import datetime as dt
import random

from gongkai.accounts.system import SYSTEM
from gongkai.documents.annual_report import render_html, render_pdf
from gongkai.reports.actions import library
from gongkai.reports.actions.drafts import save_draft
from gongkai.reports.domain.build import build_report
from gongkai.reports.domain.drafting import DraftError
from gongkai.requests.domain.ledger import RequestRecord
from gongkai.requests.domain.outcomes import OUTCOMES

NARRATIVE = {
    "overview": "本年度，本单位认真贯彻《中华人民共和国政府信息公开条例》，"
    "围绕重点领域信息公开、政策解读和依申请公开规范办理开展工作。",
}


def _records(name: str, year: int, count: int) -> list[RequestRecord]:
    rng = random.Random(f"{name}{year}")
    outcomes = list(OUTCOMES)
    weights = [
        8 if k in ("disclosed", "partially_disclosed", "unavailable_not_held") else 1
        for k in outcomes
    ]
    records = []
    for n in range(count):
        received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(-30, 365))
        replied = received + dt.timedelta(days=rng.randrange(5, 35))
        closed = replied <= dt.date(year, 12, 31)
        records.append(
            RequestRecord(
                row=n + 2,
                id=f"{year}-{n}",
                received=received,
                applicant_type=rng.choices(
                    ["natural_person", "commercial_enterprise", "legal_service_org", "other_org"],
                    weights=[80, 10, 6, 4],
                )[0],
                outcome=rng.choices(outcomes, weights=weights)[0] if closed else None,
                replied=replied if closed else None,
            )
        )
    return records


def _published(name: str, year: int, count: int):
    return build_report(
        agency=name,
        year=year,
        template="2021",
        requests=_records(name, year, count),
        appeals=[],
        regulation_counts={
            "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
            "normative_documents": {"issued": 4, "abolished": 1, "in_force": 37},
        },
    )


def seed_reports(*, agencies: dict, head, today: dt.date) -> None:
    year = today.year - 1
    county = agencies["demo-county"]
    draft_narrative = {
        "overview": "本年度，示范县人民政府全面贯彻《中华人民共和国政府信息公开条例》，全年新收政府信息公开"
        "申请{本年新收申请}件，办结{办结申请}件，其中予以公开{予以公开}件、部分公开{部分公开}件，"
        "公开率{公开率}；因政府信息公开被申请行政复议{行政复议}件、提起行政诉讼{行政诉讼}件。",
        "assessment": "政务公开工作纳入全县绩效考核，分值权重 4%；开展第三方评估一次。",
        "problems": "依申请公开答复文书的规范性有待提高。下一步将统一告知书范本并开展业务培训。",
        "other": "本年度未收取信息处理费。",
    }
    manual = {
        "proactive.administrative_license.decisions": {
            "value": 1268,
            "source": "县政务服务中心审批系统",
        },
        "proactive.administrative_penalty.decisions": {
            "value": 342,
            "source": "县综合行政执法局台账",
        },
        "proactive.administrative_coercion.decisions": {
            "value": 17,
            "source": "县综合行政执法局台账",
        },
        "proactive.administrative_fees.amount_wan_yuan": {
            "value": 35.6,
            "source": "县财政局非税收入系统",
        },
    }
    try:
        save_draft(
            actor=head,
            agency=county,
            year=year,
            manual=manual,
            narrative=draft_narrative,
            today=today,
        )
        # Submitted on time, as the demo's county would have done in January.
        submitted = dt.datetime(today.year, 1, 20, 10, tzinfo=dt.UTC)
        library.submit_report(
            actor=head, agency=county, year=year, today=min(today, submitted.date()), now=submitted
        )
    except (library.LibraryError, DraftError):
        pass  # a demo year whose records do not balance is shown unsubmitted, as it would be
    city = agencies["demo-city"]
    for name, counts, render, suffix in [
        ("清河县人民政府", (31, 44), render_pdf, "pdf"),
        ("示范市教育局", (58, 12), render_html, "html"),
    ]:
        for report_year, count in zip((year - 1, year), counts, strict=True):
            data = render(_published(name, report_year, count), NARRATIVE)
            library.upload_report(
                actor=SYSTEM,
                within=city,
                data=data,
                filename=f"{name}{report_year}年度报告.{suffix}",
            )
