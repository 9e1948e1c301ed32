"""Starting Django from a command, and turning its errors into sentences."""

from __future__ import annotations

import os

from gongkai.cli import CommandError


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise CommandError(f"配置有误：{exc}") from exc
    from django.utils import translation

    translation.activate("zh-hans")


def validation_message(exc) -> str:
    """One line from a Django ValidationError, naming each field by its Chinese label."""
    if hasattr(exc, "message_dict"):
        parts = []
        for field, messages in exc.message_dict.items():
            label = "" if field == "__all__" else f"{field}："
            parts.append(label + "；".join(str(m) for m in messages))
        return "；".join(parts)
    return "；".join(str(m) for m in getattr(exc, "messages", [exc]))


def run_action(fn, **kwargs):
    """Call a named action, turning refusals and invalid input into CommandError."""
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        return fn(**kwargs)
    except ValidationError as exc:
        raise CommandError(validation_message(exc)) from exc
    except PermissionDenied as exc:
        raise CommandError(str(exc) or "没有权限。") from exc


def agency_by_code(code: str):
    """The agency a command names, or a message saying how to find the right code."""
    from gongkai.organisations.models import Agency

    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"找不到简码为 {code} 的机关（可用 gongkai agency list 查看）。")
    return agency
