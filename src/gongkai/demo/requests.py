"""A year of requests for the demo: every outcome, every open state, the clock's special cases.

Dates are relative to ``today`` so the queue always has something due soon and overdue.
"""

from __future__ import annotations

import datetime as dt
import random

from gongkai.requests import actions
from gongkai.requests.domain.outcomes import OUTCOMES
from gongkai.requests.domain.personal_data import check_digit
from gongkai.requests.domain.workflow import Event
from gongkai.workdays.deadline import add_working_days
from gongkai.workdays.registry import current_calendar

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
]
TOPICS = [
    "{y}年城区道路改造工程的招标文件和中标结果",
    "{y}年本县一般公共预算执行情况和决算报告",
    "城关镇幸福村集体土地征收补偿安置方案",
    "东河乡污水处理厂环境影响评价批复",
    "{y}年义务教育阶段学校招生划片方案",
    "县人民医院{y}年医疗设备采购合同",
    "南湖街道老旧小区改造项目资金使用明细",
    "县自然资源局对某房地产项目的规划许可证及附图",
    "{y}年度县级行政事业性收费项目清单",
    "西山镇农村低保对象评审会议纪要",
    "县市场监管局对某餐饮企业的行政处罚决定书",
    "本县{y}年公务员招录体检结果公示",
]
ORGS = {
    "commercial_enterprise": ["示范县宏达建筑工程有限公司", "清河农业科技有限公司"],
    "research_institution": ["示范大学公共管理学院"],
    "social_welfare_org": ["示范市环保志愿者协会"],
    "legal_service_org": ["广东示范律师事务所"],
    "other_org": ["城关镇幸福村村民委员会"],
}


class DemoPeople:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def data(self, today: dt.date) -> dict:
        rng = self.rng
        kind = rng.choices(["natural_person", *ORGS], weights=[70, 10, 4, 4, 7, 5])[0]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
        first17 = f"440784{birth:%Y%m%d}{rng.randrange(100, 999)}"
        return {
            "applicant_type": kind,
            "applicant_name": name,
            "organisation_name": rng.choice(ORGS[kind]) if kind in ORGS else "",
            "id_type": "resident_id",
            "id_number": first17 + check_digit(first17),
            "phone": f"13{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}",
            "email": f"applicant{rng.randrange(1000, 9999)}@example.com",
            "address": f"示范县人民路 {rng.randrange(1, 300)} 号",
            "postcode": "529700",
            "description": rng.choice(TOPICS).format(y=today.year - rng.choice([0, 1])),
            "document_number": "",
            "provision_form": rng.choice(["electronic", "paper"]),
            "receive_method": rng.choice(["email", "post", "pickup"]),
            "channel": rng.choice(["in_person", "letter", "email", "online", "fax"]),
        }


def seed_requests(*, agency, clerk, head, today: dt.date, seed: int = 20251) -> int:
    rng = random.Random(seed)
    people = DemoPeople(rng)
    calendar = current_calendar()

    def wd(start: dt.date, n: int) -> dt.date:
        return add_working_days(calendar, start, n).due

    def received(days_ago: int) -> dt.date:
        return wd(today - dt.timedelta(days=days_ago), 0) if days_ago else today

    def new(received_on):
        req, _ = actions.register(
            actor=clerk,
            agency=agency,
            data=people.data(today),
            received_on=received_on,
            today=today,
        )
        return req

    def step(req, actor, event, on, **kw):
        req.refresh_from_db()
        return actions.transition(
            actor=actor,
            info_request=req,
            event=event,
            on=min(on, today),
            expected_version=req.version,
            today=today,
            **kw,
        )

    count = 0
    # Closed requests spread over the past year, every outcome at least once.
    outcomes = list(OUTCOMES)
    outcomes += rng.choices(["disclosed", "partially_disclosed", "unavailable_not_held"], k=12)
    for i, outcome in enumerate(outcomes):
        start = received(rng.randrange(45, 360))
        req = new(start)
        if outcome == "other_no_correction":
            step(
                req,
                clerk,
                Event.REQUEST_CORRECTION,
                wd(start, 3),
                working_days=10,
                note="请写明所需信息的名称或文号",
            )
            step(req, clerk, Event.CORRECTION_LAPSED, wd(start, 15), note="逾期未补正")
        elif outcome == "other_unpaid_fee":
            step(
                req,
                clerk,
                Event.ISSUE_FEE_NOTICE,
                wd(start, 5),
                working_days=10,
                note="申请数量明显超过合理范围，按件收取信息处理费",
            )
            step(req, clerk, Event.FEE_LAPSED, wd(start, 17), note="逾期未缴纳")
        elif outcome == "other_misc":
            step(req, clerk, Event.WITHDRAW, wd(start, 4), note="申请人书面撤回申请")
        else:
            reply_after = rng.randrange(8, 19)
            if i % 5 == 1:
                step(req, clerk, Event.START_CONSULTATION, wd(start, 4), note="书面征求第三方意见")
                step(req, clerk, Event.END_CONSULTATION, wd(start, 12), note="第三方书面答复")
                reply_after = max(reply_after, 13)
            if i % 7 == 2:
                step(req, clerk, Event.REQUEST_EXTENSION, wd(start, 15), note="需调取档案")
                step(req, head, Event.APPROVE_EXTENSION, wd(start, 16), working_days=15)
                reply_after = rng.randrange(17, 30)
            step(req, clerk, Event.REPLY, wd(start, reply_after), outcome=outcome)
        count += 1

    # Open requests in every state, with due dates near and past.
    for days_ago in (2, 9, 16, 25, 29):
        new(received(days_ago))
        count += 1
    req = new(received(6))
    step(
        req,
        clerk,
        Event.REQUEST_CORRECTION,
        wd(received(6), 2),
        working_days=15,
        note="请补充所需信息的时间范围",
    )
    req = new(received(12))
    step(req, clerk, Event.START_CONSULTATION, wd(received(12), 3), note="征求示范县自然资源局意见")
    req = new(received(10))
    step(
        req,
        clerk,
        Event.ISSUE_FEE_NOTICE,
        wd(received(10), 4),
        working_days=10,
        note="本月第 12 件申请，按件收费 100 元",
    )
    req = new(received(24))
    step(req, clerk, Event.REQUEST_EXTENSION, wd(received(24), 14), note="涉及多个部门，需协调")
    req = new(received(40))
    step(req, clerk, Event.REQUEST_EXTENSION, wd(received(40), 15), note="档案量大")
    step(req, head, Event.APPROVE_EXTENSION, wd(received(40), 16), working_days=20)
    count += 5
    for _ in range(2):
        actions.submit_online(agency=agency, data=people.data(today) | {"channel": "online"})
        count += 1
    return count
