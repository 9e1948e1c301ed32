"""The catalog actions' refusals (re-exported by the package: ``actions.InvalidStep``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class InvalidStep(ValidationError):
    """A step the rules do not allow; the message says why and what to do."""


class StaleEdit(InvalidStep):
    def __init__(self):
        super().__init__("此信息刚被其他人修改过。请刷新页面查看最新内容后再操作；您的操作未保存。")
