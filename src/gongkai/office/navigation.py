"""The back office's modules and which actions open each one."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from gongkai.organisations.roles import Action


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    url_name: str
    any_of: frozenset[Action]
    description: str


MODULES: tuple[Module, ...] = (
    Module(
        "dashboard", "工作台", "office:dashboard", frozenset({Action.VIEW_OFFICE}), "待办与提醒"
    ),
    Module(
        "catalog",
        "主动公开",
        "catalog_office:queue",
        frozenset({Action.CATALOG_DRAFT, Action.CATALOG_REVIEW, Action.CATALOG_PUBLISH}),
        "起草、保密审查、发布政府信息，维护公开目录",
    ),
    Module(
        "requests",
        "依申请公开",
        "requests_office:queue",
        frozenset({Action.REQUEST_VIEW, Action.REQUEST_HANDLE}),
        "登记、办理、答复政府信息公开申请，计算法定期限",
    ),
    Module(
        "appeals",
        "复议诉讼",
        "appeals:list",
        frozenset({Action.APPEAL_MANAGE}),
        "记录因政府信息公开引起的行政复议和行政诉讼",
    ),
    Module(
        "reports",
        "年度报告",
        "reports:overview",
        frozenset({Action.REPORT_VIEW, Action.REPORT_EDIT}),
        "生成、校验、发布政府信息公开工作年度报告",
    ),
    Module(
        "units",
        "下级单位",
        "office:units",
        frozenset({Action.STATISTICS_VIEW}),
        "查看所辖单位的统计和年度报告",
    ),
    Module(
        "agency",
        "机构与人员",
        "office:agency",
        frozenset({Action.MANAGE_AGENCY, Action.MANAGE_PEOPLE}),
        "维护本机关信息、公开指南联系信息和人员角色",
    ),
    Module(
        "calendar",
        "工作日历",
        "workdays:calendar",
        frozenset({Action.MANAGE_CALENDAR}),
        "录入每年的放假和调休安排",
    ),
    Module(
        "jobs",
        "后台任务",
        "outbox:jobs",
        frozenset({Action.MANAGE_JOBS}),
        "待发邮件、搜索索引更新和后台任务的状态，失败的可以重试",
    ),
    Module(
        "api_tokens",
        "接口令牌",
        "api_tokens:list",
        frozenset({Action.MANAGE_API_TOKENS}),
        "其他系统调用数据接口（转入申请、查询进度）的令牌：创建、吊销",
    ),
    Module(
        "webhooks",
        "事件推送",
        "webhooks:log",
        frozenset({Action.MANAGE_WEBHOOKS}),
        "其他系统订阅的办理、发布和报送事件，推送记录和失败重试",
    ),
    Module(
        "audit",
        "审计日志",
        "office:audit",
        frozenset({Action.VIEW_AUDIT}),
        "所有变更的不可篡改记录",
    ),
)

MODULES_BY_KEY = {m.key: m for m in MODULES}


def module_url(module: Module) -> str:

    return reverse(module.url_name)
