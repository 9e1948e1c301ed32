from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.organisations.models import Agency

from .listing import public_records


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return public_records().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("catalog_portal:record", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CatalogIndexSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return list(Agency.objects.filter(is_active=True).order_by("path"))

    def location(self, item):
        return reverse("catalog_portal:agency", args=[item.code])


SITEMAPS = {"catalogs": CatalogIndexSitemap, "records": RecordSitemap}
