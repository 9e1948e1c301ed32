"""/api/v1/: the API object, its conditional GETs, its URLs."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import path, re_path, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import actions, errors
from .views import router
from .views_intake import router as intake_router
from .views_reports import router as reports_router

CHINESE = {"ensure_ascii": False}


class Renderer(JSONRenderer):
    # Chinese as UTF-8, not \u escapes: readable, and a third of the bytes.
    json_dumps_params = CHINESE


class OpenDataAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        token = getattr(request, "gongkai_token", None)
        if token is not None:
            # A call with a proven token: one audit row, and never kept by a cache (an answer
            # may hold an applicant's personal data).
            actions.record_call(
                actor=request.gongkai_actor, token=token, method=request.method,
                path=request.path, status=response.status_code,
            )  # fmt: skip
            patch_cache_control(response, no_store=True, private=True)
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # The ETag is the answer's own digest, so it changes exactly when the answer does
        # (a publication, a withdrawal, a scheduled record coming due); a client that sends it
        # back gets 304 and no body. Clients may keep answers but must ask again each time.
        set_response_etag(response)
        patch_cache_control(response, no_cache=True)
        return get_conditional_response(request, etag=response["ETag"], response=response)


api = OpenDataAPI(
    title="gongkai 政府信息公开开放数据接口",
    version="1.0",
    description=(
        "开放数据只读、无需登录：行政机关、政府信息公开目录（已公开的信息）、已公开的年度报告"
        "数据和公开指南，不含任何个人信息。转入申请、查询办理进度和下级平台报送年度报告需要平台管理员创建的令牌"
        "（Authorization: Bearer …），按令牌的机关范围和权限范围授权。错误以 JSON 返回"
        "（code 和中文 message）。"
    ),
    urls_namespace="api",
    renderer=Renderer(),
)
api.add_router("/", router)
api.add_router("/requests", intake_router)
api.add_router("/annual-reports", reports_router)
errors.install(api)


def index(request):
    """/api/v1/ itself: where the document and the docs are (django-ninja's root only says 404)."""
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        },
        json_dumps_params=CHINESE,
    )


def unknown(request, rest):
    """Any other address under /api/v1/: a JSON 404 like the API's own, not the portal's page."""
    return JsonResponse(
        {
            "code": "not_found",
            "message": f"没有这个接口：/api/v1/{rest[:100]}。接口列表见 /api/v1/docs。",
        },
        status=404,
        json_dumps_params=CHINESE,
    )


# The index comes first (it answers /api/v1/ in place of ninja's root, which stays for reversing
# the base path); the catch-all last.
urlpatterns = [
    path("api/v1/", index, name="api_index"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown, name="api_unknown"),
]
