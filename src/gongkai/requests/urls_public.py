from django.urls import path

from . import views_public

app_name = "requests_public"

urlpatterns = [
    path("agencies/<slug:code>/apply/", views_public.apply, name="apply"),
    path("track/", views_public.track, name="track"),
    path("track/letter.<str:fmt>", views_public.track_letter, name="track_letter"),
]
