"""An agency's reply-letter wording, one template per outcome."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from . import actions
from .actions.letter_templates import save_letter_template
from .domain.letter_templates import PLACEHOLDERS, template_problems
from .domain.outcomes import OUTCOMES
from .letters import template_body
from .models import LetterTemplate


@office_view(Action.EDIT_LETTER_TEMPLATES)
def letter_templates(request, agency):
    if request.method == "POST":
        outcome = request.POST.get("outcome", "")
        try:
            save_letter_template(
                actor=request.user,
                agency=agency,
                outcome=outcome,
                body=request.POST.get("body", ""),
            )
        except actions.InvalidStep as exc:
            messages.error(request, str(exc))
        except policy.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"“{OUTCOMES[outcome].label}”的范本已保存。")
        return redirect(f"{request.path}#t-{outcome}")
    own = {t.outcome: t.body for t in LetterTemplate.objects.filter(agency=agency)}
    rows = [
        {
            "key": key,
            "label": outcome.label,
            "body": own.get(key) or template_body(key),
            "custom": key in own,
            # Saved before the checks: the letters use the built-in wording until it is fixed.
            "problems": template_problems(own[key]) if key in own else [],
        }
        for key, outcome in OUTCOMES.items()
    ]
    return render(
        request,
        "requests/letter_templates.html",
        {"agency": agency, "rows": rows, "placeholders": PLACEHOLDERS},
    )
