"""The handler's pages for marking what a released document withholds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai import uploads
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.web import params

from .actions import release as release_actions
from .domain.redaction import RedactionError
from .forms import MAX_ATTACHMENT_BYTES
from .models import CopyStatus, InfoRequest, ReleaseFile
from .redaction_files import image_size, page_sizes, render_page

MAX_RELEASE_BYTES = 5 * MAX_ATTACHMENT_BYTES


def _release(request, pk, rid, action=Action.REQUEST_HANDLE) -> ReleaseFile:
    req = get_object_or_404(InfoRequest.objects.select_related("agency"), pk=pk)
    if not policy.can(request.user, action, req.agency):
        raise Http404
    return get_object_or_404(ReleaseFile, pk=rid, request=req)


@office_view(Action.REQUEST_HANDLE)
@require_POST
def upload(request, agency, pk):
    req = get_object_or_404(InfoRequest.objects.select_related("agency"), pk=pk)
    if not policy.can(request.user, Action.REQUEST_HANDLE, req.agency):
        raise Http404
    file = request.FILES.get("document")
    try:
        if file is None:
            raise RedactionError("请选择要公开的文件。")
        if file.size > MAX_RELEASE_BYTES:
            raise RedactionError(f"文件超过 {MAX_RELEASE_BYTES // 1048576} MB 的上限。")
        release = release_actions.add_release_file(
            actor=request.user, info_request=req, upload=file
        )
    except (RedactionError, ValidationError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("requests_office:detail", pk=pk)
    return redirect("requests_office:release", pk=pk, rid=release.pk)


@office_view(Action.REQUEST_HANDLE)
def edit(request, agency, pk, rid):
    release = _release(request, pk, rid)
    if request.method == "POST":
        try:
            raw = params.json_value(request.POST.get("areas"), label="遮盖标注", default=[])
            if not isinstance(raw, list):
                raise RedactionError("标注数据格式不正确。")
            areas = release_actions.parse_areas(raw)
            release = release_actions.redact(actor=request.user, release=release, areas=areas)
        except (RedactionError, params.BadParameter) as exc:
            messages.error(request, f"未生成公开版本：{exc}")
        else:
            if release.copy_status == CopyStatus.READY:
                messages.success(request, f"已生成公开版本，遮盖 {len(areas)} 处。")
            elif release.copy_status == CopyStatus.FAILED:
                messages.error(request, f"未生成公开版本：{release.copy_error}")
            else:
                messages.info(
                    request,
                    f"已保存 {len(areas)} 处遮盖标注，正在后台生成公开版本（每页转为图片，"
                    "通常几秒到一两分钟），完成后刷新本页即可下载。",
                )
        return redirect("requests_office:release", pk=pk, rid=rid)
    with release.original.open("rb") as f:
        data = f.read()
    try:
        if release.is_pdf:
            sizes = page_sizes(data, release_actions.limits())
        else:
            sizes = [image_size(data, release_actions.limits())]
    except RedactionError as exc:
        # A file kept before the bounds (or under larger ones) that they now refuse.
        messages.error(request, f"无法标注此文件：{exc}")
        return redirect("requests_office:detail", pk=pk)
    return render(
        request,
        "requests/release.html",
        {
            "agency": agency,
            "req": release.request,
            "release": release,
            "pages": [{"number": n, "width": w, "height": h} for n, (w, h) in enumerate(sizes, 1)],
            "areas_json": release.areas,
            "grounds": release_actions.GROUND_CHOICES,
        },
    )


@office_view(Action.REQUEST_HANDLE)
def page_image(request, agency, pk, rid, page):
    # The original pages show what the released version withholds: personal data.
    _release(request, pk, rid, Action.REQUEST_VIEW_PERSONAL)
    release = _release(request, pk, rid)
    if not release.is_pdf:
        if page != 1:
            raise Http404
        return FileResponse(release.original.open("rb"), content_type=release.content_type)
    with release.original.open("rb") as f:
        try:
            png = render_page(f.read(), page, limits=release_actions.limits())
        except RedactionError as exc:
            raise Http404 from exc
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@office_view(Action.REQUEST_HANDLE)
@require_POST
def remove(request, agency, pk, rid):
    release = _release(request, pk, rid)
    try:
        release_actions.remove_release_file(actor=request.user, release=release)
    except RedactionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除拟公开的文件“{release.original_name}”。")
    return redirect(f"{reverse('requests_office:detail', args=[pk])}#release-h")


@office_view(Action.REQUEST_VIEW)
def download(request, agency, pk, rid):
    release = _release(request, pk, rid, Action.REQUEST_VIEW_PERSONAL)
    if not release.redacted:
        raise PermissionDenied("尚未生成公开版本。")
    # The copy has the original's type (a PDF stays a PDF, an image an image of its kind).
    return FileResponse(
        release.redacted.open("rb"),
        as_attachment=True,
        filename=uploads.download_name(f"公开版-{release.original_name}", release.content_type),
        content_type=release.content_type,
    )
