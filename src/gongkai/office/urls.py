from django.urls import path

from . import views, views_people

app_name = "office"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("switch/", views.switch, name="switch"),
    path("units/", views.units, name="units"),
    path("agency/", views_people.agency_page, name="agency"),
    path("agency/roles/<int:assignment_id>/revoke/", views_people.revoke_role, name="revoke_role"),
    path("agency/people/<int:user_id>/", views_people.person, name="person"),
    path("password/", views_people.own_password, name="password"),
    path("audit/", views.audit, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
]
