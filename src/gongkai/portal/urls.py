from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:code>/", views.agency_home, name="agency"),
    path("agencies/<slug:code>/guide/", views.guide, name="guide"),
    # The header's 申请公开 and 年度报告 where no agency is chosen yet: straight to the one
    # agency, or a choice when the portal serves several.
    path("apply/", views.choose, {"purpose": "apply"}, name="choose_apply"),
    path("annual-reports/", views.choose, {"purpose": "reports"}, name="choose_reports"),
]
