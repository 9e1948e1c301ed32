from django.urls import path

from . import views_public

app_name = "reports_public"

urlpatterns = [
    path("info/<int:pk>/annual-report.pdf", views_public.pdf, name="pdf"),
]
