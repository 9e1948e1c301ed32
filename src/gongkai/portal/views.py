from django.shortcuts import get_object_or_404, redirect, render

from gongkai.organisations.models import Agency


def home(request):
    agencies = Agency.objects.public()
    return render(request, "portal/home.html", {"agencies": agencies})


def agency_home(request, code):
    agency = get_object_or_404(Agency.objects.public(), code=code)
    children = agency.children.filter(is_active=True).order_by("path")
    return render(request, "portal/agency.html", {"agency": agency, "children": children})


def guide(request, code):
    agency = get_object_or_404(Agency.objects.public().select_related("parent"), code=code)
    return render(request, "portal/guide.html", {"agency": agency})


# What the chooser leads to, by the URL name each agency's page has.
_PURPOSES = {
    "apply": ("申请公开", "requests_public:apply", "选择您要向哪个行政机关申请公开政府信息。"),
    "reports": (
        "年度报告",
        "catalog_portal:annual_reports",
        "选择行政机关，查阅其政府信息公开工作年度报告。",
    ),
}


def choose(request, purpose):
    title, target, lead = _PURPOSES[purpose]
    agencies = list(Agency.objects.public())
    if len(agencies) == 1:
        return redirect(target, agencies[0].code)
    return render(
        request,
        "portal/choose.html",
        {"title": title, "target": target, "lead": lead, "agencies": agencies},
    )
