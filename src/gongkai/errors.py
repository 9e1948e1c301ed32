"""The one vocabulary of refusals: every error a person can cause (or must wait out) is a
``GongkaiError`` with a stable ``code`` (snake_case, for programs: the API's JSON, logs), an
HTTP ``status`` and a Chinese ``message`` (for people; the instance's message says what
happened, the class's is the fallback).

Plain Python, the lowest layer: domain rules raise these without knowing about HTTP, and each
surface maps them in one place — the API (``gongkai.api.errors``: JSON ``{code, message}``), the
pages (``gongkai.web.errors``: a Chinese error page with the status), the command line
(``gongkai.cli.main``: the message and a non-zero exit, no traceback). The families below are
what a surface needs to know; contexts subclass them (often together with ``ValueError``, so
``except ValueError`` written before keeps working). docs/ARCHITECTURE.md lists every code.
"""

from __future__ import annotations


class GongkaiError(Exception):
    """A refusal with a code, a status and a Chinese message."""

    code = "error"
    status = 500
    message = "操作未能完成。请稍后重试；如果一再出现，请联系平台运维人员。"

    def __init__(self, message: str | None = None):
        text = str(message) if message is not None else type(self).message
        super().__init__(text)
        self.message = text

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InvalidInput(GongkaiError):
    """Input the rules refuse as it is; the message says what to change."""

    code = "invalid_input"
    status = 400
    message = "提交的内容有误，请检查后重试。"


class Forbidden(GongkaiError):
    """The person may not do this here."""

    code = "forbidden"
    status = 403
    message = "您没有进行此操作的权限。"


class NotFound(GongkaiError):
    code = "not_found"
    status = 404
    message = "未找到。"


class Conflict(GongkaiError):
    """The thing is no longer (or not yet) in a state that allows this: a step the workflow
    refuses, a change made by someone else meanwhile, the same submission twice."""

    code = "conflict"
    status = 409
    message = "当前状态不允许此操作，请刷新页面后再试。"


class Unavailable(GongkaiError):
    """Something the platform needs is missing or down (a font, a key, a service); the
    operator fixes it, the person tries again later."""

    code = "unavailable"
    status = 503
    message = "服务暂时不可用，请稍后重试，或联系平台运维人员。"


class InvalidStep(Conflict):
    """A step the rules do not allow (a workflow's action refused it); the message says why
    and what to do instead. The catalog's, the requests' and the appeals' actions raise it."""

    code = "invalid_step"
    message = "此操作不符合办理规则，未执行。"


class StaleEdit(InvalidStep):
    """Someone else changed the thing since this person loaded it (its version moved on)."""

    code = "stale_edit"
    message = "此内容刚被其他人修改过。请刷新页面，查看最新内容后再操作；您的操作未保存。"

    def __init__(self, what: str = "内容"):
        super().__init__(
            f"此{what}刚被其他人修改过。请刷新页面，查看最新内容后再操作；您的操作未保存。"
        )


def all_errors() -> list[type[GongkaiError]]:
    """Every GongkaiError class defined in the modules imported so far, the base first."""
    found: list[type[GongkaiError]] = []
    pending: list[type[GongkaiError]] = [GongkaiError]
    while pending:
        cls = pending.pop(0)
        if cls not in found:
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return found
