from django.urls import path

from . import views_library, views_preview, views_region

app_name = "reports"

urlpatterns = [
    path("", views_library.overview, name="overview"),
    path("submit/", views_library.submit, name="submit"),
    path("preview/", views_preview.preview, name="preview"),
    path("preview/records/", views_preview.records, name="records"),
    path("preview/download.<str:fmt>", views_preview.download, name="download"),
    path("draft/", views_preview.edit_draft, name="draft"),
    path("library/", views_library.library_page, name="library"),
    path("library/upload/", views_library.upload, name="upload"),
    path("library/<int:pk>/", views_library.detail, name="detail"),
    path("compare/", views_library.compare_page, name="compare"),
    path("region/", views_region.region, name="region"),
    path("region/changes/", views_region.changes, name="changes"),
]
