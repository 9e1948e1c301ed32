"""An agency's own wording of the reply letters (告知书范本), one named action."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..domain.letter_templates import template_problems
from ..domain.outcomes import OUTCOMES
from ..models import LetterTemplate
from . import InvalidStep


def save_letter_template(*, actor, agency, outcome: str, body: str):
    """An agency's wording for one outcome; an empty body returns to the built-in wording."""
    if not policy.can(actor, Action.EDIT_LETTER_TEMPLATES, agency):
        raise policy.Denied("只有工作机构负责人或本机关管理员可以修改告知书范本。")
    if outcome not in OUTCOMES:
        raise InvalidStep("未知的办理结果。")
    body = body.strip()
    if body and (problems := template_problems(body)):
        raise InvalidStep("范本未保存：" + "；".join(problems))
    with transaction.atomic():
        existing = LetterTemplate.objects.filter(agency=agency, outcome=outcome).first()
        before = {"body": existing.body if existing else ""}
        if not body:
            if existing:
                existing.delete()
        elif existing:
            existing.body = body
            existing.save(update_fields=["body", "updated_at"])
        else:
            existing = LetterTemplate.objects.create(agency=agency, outcome=outcome, body=body)
        audit.record(
            actor=actor,
            action="request.letter_template",
            obj=agency,
            object_repr=f"{agency.name} · {OUTCOMES[outcome].label}",
            changes=audit.diff(before, {"body": body}),
        )
