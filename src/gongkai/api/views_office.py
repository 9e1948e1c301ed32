"""接口令牌: the operator's page to create (the token shown once, on the answer to the post),
list and revoke the API's tokens. Every change goes through ``api.actions``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import TOKEN_SCOPES, Action
from gongkai.web import params

from . import actions
from .models import ApiToken


def _page(request, *, created=None, text="", form=None, status=200):
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.select_related("agency")[:200],
            "agencies": Agency.objects.public(),
            "scopes": [(a.value, label) for a, label in TOKEN_SCOPES.items()],
            "created": created,
            "token_text": text,
            "form": form or {"days": actions.DEFAULT_DAYS, "scopes": []},
            "max_days": actions.MAX_DAYS,
        },
        status=status,
    )


@office_view(Action.MANAGE_API_TOKENS)
def tokens_page(request, agency):
    if request.method != "POST":
        return _page(request)
    try:
        if params.choice(request.POST, "op", ("create", "revoke")) == "revoke":
            pk = params.object_id(request.POST, "pk", label="令牌编号") or 0
            token = actions.revoke_token(
                actor=request.user, token=get_object_or_404(ApiToken, pk=pk)
            )
            messages.success(request, f"已吊销令牌 {token}。")
            return redirect("api_tokens:list")
        form = {
            "name": params.text(request.POST, "name", max_length=100).strip(),
            "agency": params.object_id(request.POST, "agency", label="机关"),
            "scopes": request.POST.getlist("scope")[: len(TOKEN_SCOPES)],
            "days": params.integer(
                request.POST, "days", low=1, high=actions.MAX_DAYS, default=actions.DEFAULT_DAYS,
                label="有效天数",
            ),
        }  # fmt: skip
        target = Agency.objects.filter(pk=form["agency"] or 0).first()
        if target is None:
            messages.error(request, "请选择令牌所属的机关。")
            return _page(request, form=form, status=400)
        try:
            token, text = actions.create_token(
                actor=request.user, agency=target, name=form["name"], scopes=form["scopes"],
                days=form["days"],
            )  # fmt: skip
        except actions.TokenError as exc:
            messages.error(request, str(exc))
            return _page(request, form=form, status=400)
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    except actions.TokenError as exc:
        messages.error(request, str(exc))
        return redirect("api_tokens:list")
    # Answered here, not after a redirect: the token text must not be kept anywhere to show it
    # on a later page (the page is no-store, like every office page).
    return _page(request, created=token, text=text)
