from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/documents/<int:doc>/", views.document, name="document"),
]
