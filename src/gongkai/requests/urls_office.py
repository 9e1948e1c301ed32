from django.urls import path

from . import views_office, views_queue, views_release, views_templates

app_name = "requests_office"

urlpatterns = [
    path("", views_queue.queue, name="queue"),
    path("confirm/", views_queue.confirm_batch, name="confirm_batch"),
    path("ledger.xlsx", views_queue.ledger_xlsx, name="ledger_xlsx"),
    path("new/", views_office.intake, name="intake"),
    path("to-catalog/", views_office.to_catalog, name="to_catalog"),
    path("templates/", views_templates.letter_templates, name="letter_templates"),
    path("<int:pk>/", views_office.detail, name="detail"),
    path("<int:pk>/step/", views_office.step, name="step"),
    path("<int:pk>/letter.<str:fmt>", views_office.letter, name="letter"),
    path(
        "<int:pk>/earlier/<int:eid>/letter.<str:fmt>",
        views_office.earlier_letter,
        name="earlier_letter",
    ),
    path("<int:pk>/transfer/", views_office.transfer, name="transfer"),
    path("<int:pk>/delivery/", views_office.delivery, name="delivery"),
    path("<int:pk>/tracking-code/", views_office.reissue_code, name="reissue_code"),
    path("<int:pk>/files/<int:aid>/", views_office.attachment, name="attachment"),
    path("<int:pk>/release/", views_release.upload, name="release_upload"),
    path("<int:pk>/release/<int:rid>/", views_release.edit, name="release"),
    path(
        "<int:pk>/release/<int:rid>/page/<int:page>.png",
        views_release.page_image,
        name="release_page",
    ),
    path("<int:pk>/release/<int:rid>/redacted", views_release.download, name="release_download"),
    path("<int:pk>/release/<int:rid>/remove/", views_release.remove, name="release_remove"),
]
