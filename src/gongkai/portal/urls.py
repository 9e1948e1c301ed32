from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:code>/", views.agency_home, name="agency"),
    path("agencies/<slug:code>/guide/", views.guide, name="guide"),
]
