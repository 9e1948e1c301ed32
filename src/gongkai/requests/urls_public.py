from django.urls import path

from . import views_public

app_name = "requests_public"

urlpatterns = [
    path("agencies/<slug:code>/apply/", views_public.apply, name="apply"),
    path("track/", views_public.track, name="track"),
    path("track/<str:number>/", views_public.track_request, name="track_request"),
    path("track/<str:number>/receipt/", views_public.receipt, name="receipt"),
    path("track/<str:number>/correction/", views_public.track_correction, name="track_correction"),
    path("track/<str:number>/letter.<str:fmt>", views_public.track_letter, name="track_letter"),
    path("track/<str:number>/files/<int:rid>/", views_public.track_file, name="track_file"),
]
