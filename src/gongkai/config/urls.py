from django.contrib import admin
from django.urls import include, path

from gongkai.config.health import healthz

admin.site.site_header = "gongkai 平台管理"
admin.site.site_title = "gongkai"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("gongkai.api.urls")),
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.requests.urls_public")),
    path("office/requests/", include("gongkai.requests.urls_office")),
    path("office/calendar/", include("gongkai.workdays.urls")),
    path("office/jobs/", include("gongkai.outbox.urls")),
    path("office/api-tokens/", include("gongkai.api.urls_office")),
    path("office/webhooks/", include("gongkai.webhooks.urls")),
    path("office/catalog/", include("gongkai.catalog.urls_office")),
    path("", include("gongkai.catalog.urls_portal")),
    path("", include("gongkai.reports.urls_public")),
    path("office/appeals/", include("gongkai.appeals.urls")),
    path("office/reports/", include("gongkai.reports.urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("office/", include("gongkai.office.urls")),
    path("admin/", admin.site.urls),
]

# Parameters are read through gongkai.web.params; its 400 page says what was wrong.
handler400 = "gongkai.web.params.bad_request"
