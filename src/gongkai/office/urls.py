from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("switch/", views.switch, name="switch"),
    path("units/", views.units, name="units"),
    path("agency/", views.agency_page, name="agency"),
    path("agency/roles/<int:assignment_id>/revoke/", views.revoke_role, name="revoke_role"),
    path("audit/", views.audit, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
]
