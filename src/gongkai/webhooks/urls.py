from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.log_page, name="log"),
    path("new/", views.new_subscription, name="new"),
    path("<int:pk>/", views.subscription_page, name="subscription"),
]
