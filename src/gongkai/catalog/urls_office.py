from django.urls import path

from . import views_office

app_name = "catalog_office"

urlpatterns = [
    path("", views_office.queue, name="queue"),
    path("new/", views_office.new, name="new"),
    path("categories/", views_office.categories, name="categories"),
    path("<int:pk>/", views_office.detail, name="detail"),
    path("<int:pk>/edit/", views_office.edit, name="edit"),
    path("<int:pk>/step/", views_office.step, name="step"),
    path("<int:pk>/files/<int:aid>/", views_office.attachment, name="attachment"),
    path("<int:pk>/files/<int:aid>/remove/", views_office.remove_attachment, name="detach"),
    path("<int:pk>/files/<int:aid>/move/", views_office.move_attachment, name="move_attachment"),
    path("<int:pk>/reviews/<int:rid>/", views_office.review_sheet, name="review_sheet"),
]
