from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views_portal
from .sitemaps import SITEMAPS

app_name = "catalog_portal"

urlpatterns = [
    path("agencies/<slug:code>/catalog/", views_portal.browse, name="agency"),
    path("agencies/<slug:code>/catalog/rss.xml", feeds.CatalogFeed(), name="feed"),
    path("agencies/<slug:code>/catalog/atom.xml", feeds.CatalogAtomFeed(), name="atom"),
    path(
        "agencies/<slug:code>/catalog/<str:category_code>/",
        views_portal.browse,
        name="category",
    ),
    path(
        "agencies/<slug:code>/catalog/<str:category_code>/rss.xml",
        feeds.CatalogFeed(),
        name="category_feed",
    ),
    path(
        "agencies/<slug:code>/catalog/<str:category_code>/atom.xml",
        feeds.CatalogAtomFeed(),
        name="category_atom",
    ),
    path(
        "agencies/<slug:code>/annual-reports/", views_portal.annual_reports, name="annual_reports"
    ),
    path("info/<int:pk>/", views_portal.record_page, name="record"),
    path("info/<int:pk>/v<int:number>/", views_portal.record_page, name="version"),
    path("info/<int:pk>/files/<int:aid>/", views_portal.attachment, name="attachment"),
    path("search/", views_portal.search_page, name="search"),
    path("text-size/", views_portal.text_size, name="text_size"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "catalog_portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
