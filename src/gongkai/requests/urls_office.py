from django.urls import path

from . import views_office

app_name = "requests_office"

urlpatterns = [
    path("", views_office.queue, name="queue"),
    path("new/", views_office.intake, name="intake"),
    path("<int:pk>/", views_office.detail, name="detail"),
    path("<int:pk>/step/", views_office.step, name="step"),
    path("<int:pk>/letter.<str:fmt>", views_office.letter, name="letter"),
]
