from django.shortcuts import get_object_or_404, render

from gongkai.organisations.models import Agency


def home(request):
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    return render(request, "portal/home.html", {"agencies": agencies})


def agency_home(request, code):
    agency = get_object_or_404(Agency, code=code, is_active=True)
    children = agency.children.filter(is_active=True).order_by("path")
    return render(request, "portal/agency.html", {"agency": agency, "children": children})


def guide(request, code):
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code, is_active=True)
    return render(request, "portal/guide.html", {"agency": agency})
