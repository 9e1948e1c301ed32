"""The one table of what the audit log's codes mean in words: actions, fields and values.

An entry stores codes (``request.delivery``, ``outcome``, ``partially_disclosed``) so that its
hash never depends on wording; every page a person reads shows them through this module.

Actions and fields are plain strings here: the audit log is a low layer and imports no context.
Values that a context already names (a request's states, outcomes, a record's document types)
are registered by that context in its ``AppConfig.ready`` (``register_values``,
``register_choices``, ``register_transitions``), so each label stays written once, where its
code is defined. ``tests/audit/test_labels.py`` scans the source: an action without a label
here fails it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

ACTIONS: dict[str, str] = {
    "agency.create": "新建机关",
    "agency.update": "修改机关信息",
    "appeal.create": "登记复议诉讼案件",
    "appeal.update": "修改复议诉讼案件",
    "appeal.close": "复议诉讼结案",
    "api.call": "接口调用",
    "api.token_create": "创建接口令牌",
    "api.token_revoke": "吊销接口令牌",
    "audit.restore": "从备份恢复数据",
    "calendar.save_year": "保存节假日安排",
    "outbox.retry": "重试后台任务",
    "catalog.attach": "添加附件",
    "catalog.create": "新建政府信息",
    "catalog.detach": "删除附件",
    "catalog.import": "导入政府信息",
    "catalog.index_scheme": "设置索引号规则",
    "catalog.reorder_attachments": "调整附件顺序",
    "catalog.save_category": "保存信息分类",
    "catalog.seed_categories": "建立默认信息分类",
    "catalog.transition": "政府信息流转",
    "catalog.update": "修改政府信息",
    "catalog.validity": "修改有效性",
    "report.draft": "保存年度报告草稿",
    "report.finding_decision": "认定年度报告问题",
    "report.metadata": "修改年度报告基本信息",
    "report.receive": "收到下级平台报送的年度报告",
    "report.reparse": "重新识别年度报告",
    "report.submit": "报送年度报告",
    "report.upload": "上传年度报告",
    "report.upload_queue": "上传年度报告（排队解析）",
    "request.correction": "申请人提交补正材料",
    "request.create": "登记申请",
    "request.delivery": "记录送达",
    "request.import": "由台账导入",
    "request.letter_template": "修改答复书范本",
    "request.recompute_due": "节假日安排更新，重新计算答复期限",
    "request.reissue_code": "重新发放查询码",
    "request.reencrypt_personal": "更换个人信息加密密钥",
    "data.reencrypt": "更换加密密钥（重新加密待发邮件、推送签名密钥等）",
    "request.release_add": "添加公开文件",
    "request.release_redact": "遮盖公开文件",
    "request.release_ready": "生成公开版本",
    "request.release_remove": "删除公开文件",
    "request.to_catalog": "转为主动公开",
    "request.transition": "办理申请",
    "role.assign": "授予角色",
    "role.revoke": "撤销角色",
    "user.activate": "恢复账号",
    "user.create": "新建账号",
    "user.deactivate": "停用账号",
    "user.reset_password": "重置密码",
    "user.set_password": "修改密码",
    "user.unlock": "解除登录锁定",
    "webhook.create": "新建事件推送订阅",
    "webhook.deactivate": "停用事件推送订阅",
    "webhook.retry": "重新推送",
    "webhook.test": "发送测试推送",
    "webhook.update": "修改事件推送订阅",
}

# Field names as the entries' ``changes`` carry them. "context.field" names a field whose
# meaning differs in one context (the context is the part of the action before the dot).
FIELDS: dict[str, str] = {
    "address": "地址",
    "agency": "机关",
    "anchored": "锚点记载到",
    "applicant_type": "申请人类型",
    "areas": "遮盖区域数",
    "attachment": "附件",
    "attachments": "附件",
    "body": "正文",
    "appeal.body": "复议机关或法院",
    "catalog_record": "政府信息",
    "categories": "信息分类",
    "category": "信息分类",
    "changed_on": "修改日期",
    "channel": "申请方式",
    "closed_on": "办结日期",
    "appeal.closed_on": "结案日期",
    "code": "代码",
    "data": "节假日安排",
    "decision": "认定",
    "delivered_on": "送达日期",
    "delivery_method": "送达方式",
    "description": "所需信息描述",
    "disclosure_office": "政府信息公开工作机构",
    "doc_type": "文件类型",
    "due_on": "答复期限",
    "effective_from": "施行日期",
    "email": "电子邮箱",
    "events": "订阅事件",
    "ended_on": "失效日期",
    "expires_at": "有效期至",
    "extended": "已延期",
    "failed_attempts": "登录失败次数",
    "fax": "传真",
    "file": "文件",
    "files": "文件",
    "filed_on": "立案日期",
    "finding": "问题",
    "findings": "识别出的问题数",
    "formed_on": "成文日期",
    "full_name": "姓名",
    "handler": "承办人",
    "index_number": "索引号",
    "index_scheme": "索引号规则",
    "interprets": "解读的文件",
    "is_active": "账号有效",
    "agency.is_active": "机关有效",
    "webhook.is_active": "启用",
    "is_public": "已公开",
    "is_staff": "可进入管理后台",
    "is_superuser": "超级管理员",
    "kind": "类别",
    "appeal.kind": "类型",
    "level": "层级",
    "manual": "手填数字",
    "name": "名称",
    "narrative": "文字部分",
    "notes": "备注",
    "number": "案号",
    "document_number": "文号",
    "org_code": "统一社会信用代码",
    "office_hours": "办公时间",
    "outcome": "处理结果",
    "parent": "上级机关",
    "phone": "电话",
    "postcode": "邮政编码",
    "prefix": "令牌前缀",
    "published_at": "发布时间",
    "received_on": "收到申请日期",
    "release": "公开文件",
    "release_download_days": "公开文件下载期限（天）",
    "reference": "外部工单号",
    "reopens_request": "重新办理申请",
    "revoked_at": "吊销时间",
    "request": "关联申请",
    "requests": "申请",
    "rows": "记录",
    "result": "结果",
    "role": "角色",
    "scopes": "权限范围",
    "short_name": "简称",
    "source": "来源",
    "state": "状态",
    "status": "处理状态",
    "api.status": "答复状态码",
    "subject_class": "主题分类",
    "subject_words": "主题词",
    "subtree": "含下级机关",
    "summary": "内容概述",
    "template": "模板",
    "title": "标题",
    "unit_name": "单位名称",
    "url": "推送地址",
    "user": "用户",
    "username": "用户名",
    "validity": "有效性",
    "validity_basis": "有效性依据",
    "version": "版本",
    "website": "网站",
    "year": "年度",
}

EMPTY = "—"
# Changes longer than this are cut on the page (a record's body, a year's holidays); the row
# stays one line high and the whole value is one click away.
SHORT = 60

_VALUES: dict[tuple[str, str], Mapping[str, str]] = {}
_TRANSITIONS: dict[str, Mapping[str, str]] = {}
_FORMATS: dict[tuple[str, str], Callable[[Any], str]] = {}
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def register_values(context: str, field: str, labels: Mapping[str, str]) -> None:
    """The words for the codes ``field`` holds in the entries of ``context`` (``"request"``)."""
    _VALUES[(context, field)] = {str(k): str(v) for k, v in labels.items()}


def register_choices(context: str, model, fields: Iterable[str] | None = None) -> None:
    """Every field of ``model`` with choices (or those named) labelled by its choices."""
    for field in model._meta.get_fields():
        choices = getattr(field, "choices", None)
        if choices and (fields is None or field.name in fields):
            register_values(context, field.name, dict(field.flatchoices))


def register_format(context: str, field: str, fn: Callable[[Any], str]) -> None:
    """``fn(value)`` says what a structured value of ``field`` holds (a draft's figures)."""
    _FORMATS[(context, field)] = fn


def register_transitions(context: str, labels: Mapping[str, str]) -> None:
    """The words for the transitions (workflow events) recorded by ``context``'s entries."""
    _TRANSITIONS[context] = {str(k): str(v) for k, v in labels.items()}


def _context(action: str) -> str:
    return action.split(".", 1)[0]


def action_label(action: str, transition: str = "") -> str:
    """An entry's action in words; a transition names the step taken, as a person says it."""
    known = _TRANSITIONS.get(_context(action), {})
    if transition in known:
        return known[transition]
    # A step no context names (a report's "submit") is what the action already says.
    return ACTIONS.get(action, action)


def field_label(action: str, field: str) -> str:
    return FIELDS.get(f"{_context(action)}.{field}") or FIELDS.get(field, field)


def value_text(action: str, field: str, value: Any) -> str:
    """One stored value as a person reads it: codes in words, 是/否, dates, lists with 、."""
    if value is None or value == "" or value == []:
        return EMPTY
    if (fn := _FORMATS.get((_context(action), field))) is not None:
        return fn(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value_text(action, field, v) for v in value)
    if isinstance(value, dict):
        return "；".join(
            f"{field_label(action, str(k))}：{value_text(action, str(k), v)}"
            for k, v in value.items()
        )
    text = str(value)
    known = _VALUES.get((_context(action), field))
    if known and text in known:
        return known[text]
    if isinstance(value, str) and _DATETIME.match(text):
        return _local_time(text)
    return text


def _local_time(text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        return moment.strftime("%Y-%m-%d %H:%M")
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def long(self) -> bool:
        return len(self.before) > SHORT or len(self.after) > SHORT

    @property
    def before_short(self) -> str:
        return _cut(self.before)

    @property
    def after_short(self) -> str:
        return _cut(self.after)


def _cut(text: str) -> str:
    return text if len(text) <= SHORT else f"{text[:SHORT]}…（共 {len(text)} 字）"


def changes(action: str, stored: Mapping[str, Any] | None) -> list[Change]:
    """An entry's ``changes`` ({field: [before, after]}) as lines "字段：旧值 → 新值"."""
    lines = []
    for field, pair in (stored or {}).items():
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            before, after = pair
        else:
            before, after = None, pair
        change = Change(
            field=field_label(action, field),
            before=value_text(action, field, before),
            after=value_text(action, field, after),
        )
        # None and "" are both 空 to a reader: a change between them says nothing.
        if change.before != change.after:
            lines.append(change)
    return lines


def kinds() -> list[tuple[str, str]]:
    """The contexts an entry's action can belong to, for the audit page's filter."""
    names = {
        "request": "依申请公开",
        "catalog": "主动公开",
        "report": "年度报告",
        "appeal": "复议诉讼",
        "agency": "机关",
        "user": "账号",
        "role": "角色",
        "scopes": "权限范围",
        "calendar": "节假日",
        "audit": "审计",
        "webhook": "事件推送",
    }
    present = {_context(a) for a in ACTIONS}
    return [(k, v) for k, v in names.items() if k in present]
