from django.urls import path

from . import views_office

app_name = "api_tokens"

urlpatterns = [path("", views_office.tokens_page, name="list")]
