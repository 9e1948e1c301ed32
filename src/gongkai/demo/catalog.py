"""A year of the county government's catalog: every heading has something, normative documents
with their validity (a county makes no 规章: 立法法 第九十三条), interpretations, an annual report, one late
publication, and work waiting in the queue (a draft, one awaiting review, one approved)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from gongkai.accounts.system import SYSTEM
from gongkai.catalog import actions
from gongkai.catalog.models import Category

# (category code, doc type, title template, document-number prefix or "")
ITEMS = [
    ("1", "document", "{a}主要职责和内设机构", ""),
    ("2-2", "normative", "{a}农村集体资产管理暂行办法", "示府规"),
    ("2-2", "normative", "{a}关于进一步规范行政事业性收费管理的通知", "示府规"),
    ("2-2", "normative", "{a}城乡居民最低生活保障实施细则", "示府规"),
    ("2-2", "normative", "{a}关于支持中小企业发展的若干措施", "示府规"),
    ("2-3", "document", "{a}关于印发{y}年政务公开工作要点的通知", "示府办"),
    ("3", "plan", "{a}国民经济和社会发展第十五个五年规划纲要", "示府"),
    ("4", "other", "{y}年{m}月全县主要经济指标", ""),
    ("5", "other", "{a}政务服务事项清单（{y}年版）", ""),
    ("6", "other", "县市场监督管理局行政处罚决定书（示市监罚〔{y}〕{n}号）", ""),
    ("7-1", "budget", "{a}{y}年部门预算", ""),
    ("7-1", "budget", "{a}{py}年部门决算", ""),
    ("7-2", "other", "{y}年度县级行政事业性收费项目目录清单", ""),
    ("7-3", "notice", "县人民医院医疗设备采购项目中标结果公告", ""),
    ("8", "notice", "城区道路改造工程（二期）批准和实施信息", ""),
    ("9-1", "other", "{y}年乡村振兴衔接资金项目计划公示", ""),
    ("9-2", "notice", "{y}年义务教育阶段学校招生划片方案", ""),
    ("9-3", "notice", "{y}年城乡居民医保参保缴费的通告", ""),
    ("9-4", "notice", "{y}年第{n}批就业创业补贴发放名单公示", ""),
    ("10", "notice", "关于做好防汛抗旱工作的紧急通知", "示府办明电"),
    ("11", "other", "{y}年第{n}季度食品安全监督抽检信息", ""),
    ("12", "notice", "{y}年度考试录用公务员拟录用人员公示", ""),
    ("13", "notice", "关于{n}名同志任免职务的通知", "示府任"),
    ("14", "notice", "关于{y}年国庆节假期安排的通知", ""),
    ("21-1", "notice", "城关镇幸福村集体土地征收补偿安置方案公告", "示府征"),
    ("21-2", "notice", "{y}年公共租赁住房分配结果公示", ""),
    ("21-3", "other", "{y}年耕地地力保护补贴发放情况", ""),
    ("16", "notice", "{y}年度双随机、一公开抽查计划", ""),
    ("21-4", "other", "{y}年{m}月城乡低保、特困供养资金发放情况", ""),
]
PARAGRAPHS = [
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，进一步提高政务公开质量和实效，"
    "结合本县实际，现就有关事项通知如下。",
    "各乡镇人民政府、街道办事处，县直各单位要高度重视，明确分管领导和具体承办人员，"
    "按照“谁制作、谁公开，谁保存、谁公开”的原则，及时准确公开政府信息。",
    "对涉及群众切身利益、需要社会广泛知晓的信息，应当在形成或者变更之日起20个工作日内予以公开，"
    "并同步做好政策解读和回应关切工作。",
    "本通知自印发之日起施行。执行中遇到的问题，请及时向县人民政府办公室反映。",
]


def _body(rng: random.Random, title: str) -> str:
    picked = rng.sample(PARAGRAPHS, k=3)
    return f"<p>{title}。</p>" + "".join(f"<p>{p}</p>" for p in picked)


def _later_title(title: str, doc_type: str, when: dt.date) -> str:
    """The second pass's item under a heading: a later document, never the same title twice."""
    if "通知" in title:
        return title.replace("通知", "补充通知", 1)
    if doc_type in ("normative", "document", "plan"):
        return f"{title}（{when.year}年修订）"
    return f"{title}（{when.year}年{when.month}月更新）"


def seed_catalog(*, agency, publisher, reviewer, today: dt.date) -> int:
    rng = random.Random(20251)
    actions.ensure_catalog(actor=SYSTEM, agency=agency)
    actions.set_index_scheme(
        actor=SYSTEM, agency=agency, scheme="{org}-{cat}/{year}-{serial:05d}", org_code="01525502"
    )
    cats = {c.code: c for c in Category.objects.filter(agency=agency)}
    now = timezone.now()
    count = 0
    serial = iter(range(1, 1000))
    policies = []

    def publish(data: dict, days_ago: int, *, late: bool = False) -> object:
        nonlocal count
        published_on = today - dt.timedelta(days=days_ago)
        formed = published_on - dt.timedelta(days=45 if late else rng.randint(1, 10))
        record = actions.create_draft(
            actor=publisher, agency=agency, data=data | {"formed_on": formed}, today=today
        )
        when = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 5))
        actions.submit(actor=publisher, record=record, now=when)
        actions.approve(
            actor=reviewer, record=record, opinion="经审查，不涉密，同意公开。", now=when
        )
        count += 1
        return actions.publish(actor=publisher, record=record, now=when)

    for round_ in range(2):  # two passes give each heading an earlier and a later item
        for i, (code, doc_type, template, prefix) in enumerate(ITEMS):
            days_ago = 350 - round_ * 170 - i * 5
            when = today - dt.timedelta(days=days_ago)
            title = template.format(
                a="示范县人民政府" if prefix.startswith("示府") else "示范县",
                y=when.year,
                py=when.year - 1,
                m=when.month,
                n=next(serial) % 9 + 1,
            )
            if round_ == 1:
                title = _later_title(title, doc_type, when)
            data = {
                "title": title,
                "category": cats[code],
                "doc_type": doc_type,
                "document_number": f"{prefix}〔{when.year}〕{next(serial)}号" if prefix else "",
                "subject_words": " ".join(
                    rng.sample(["政务公开", "民生", "财政", "教育", "规划"], 2)
                ),
                "body": _body(rng, title),
            }
            if doc_type in ("regulation", "normative"):
                data |= {"validity": "effective", "effective_from": when}
            record = publish(data, days_ago, late=(round_ == 1 and i == 3))
            if doc_type in ("regulation", "normative", "document") and round_ == 0:
                policies.append(record)
    for j, policy in enumerate(policies[:4]):
        days = (today - policy.published_on).days - (1 if j % 2 == 0 else 9)
        publish(
            {
                "title": f"《{policy.title}》政策解读",
                "category": cats["2-4"],
                "doc_type": "interpretation",
                "interprets": policy,
                "body": _body(rng, f"一图读懂《{policy.title}》"),
            },
            max(days, 0),
        )
    repealed = next(p for p in policies if p.doc_type == "normative")
    actions.change_validity(
        actor=SYSTEM,
        record=repealed,
        validity="repealed",
        ended_on=today - dt.timedelta(days=30),
        basis=f"示府规〔{today.year}〕8号",
        today=today,
    )
    publish(
        {
            "title": f"示范县人民政府{today.year - 1}年政府信息公开工作年度报告",
            "category": cats["15"],
            "doc_type": "annual_report",
            "body": "<h2>一、总体情况</h2><p>"
            + f"{today.year - 1}年，示范县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。</p>",
        },
        max(0, (today - dt.date(today.year, 1, 20)).days),
    )
    # Work waiting in the queue.
    for state, title in (
        ("draft", "关于开展2026年春季植树造林活动的通知"),
        ("submitted", "示范县城市生活垃圾分类管理办法（征求意见稿）起草说明"),
        ("approved", "示范县2026年重点民生实事项目"),
    ):
        record = actions.create_draft(
            actor=publisher,
            agency=agency,
            data={
                "title": title,
                "category": cats["14"],
                "doc_type": "notice",
                "formed_on": today - dt.timedelta(days=2),
                "body": _body(rng, title),
            },
            today=today,
        )
        if state in ("submitted", "approved"):
            actions.submit(actor=publisher, record=record)
        if state == "approved":
            actions.approve(actor=reviewer, record=record, opinion="不涉密，同意公开。")
        count += 1
    return count
