"""RSS and Atom feeds of an agency's catalog, or one heading of it.

Feed readers take an RSS description (and title) and an Atom summary as HTML, so every text
that came from a person is HTML-escaped here: a title or body holding ``<svg/onload=…>`` reads
as those characters, never as markup. Atom titles are plain text by the format, so they stay
as they are.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from gongkai.organisations.models import Agency

from .domain.content import plain_text
from .listing import descendants, public_records
from .models import Category

FEED_SIZE = 50


class CatalogFeed(Feed):
    def get_object(self, request, code, category_code=None):
        agency = get_object_or_404(Agency, code=code, is_active=True)
        category = None
        if category_code:
            category = get_object_or_404(Category, agency=agency, code=category_code)
        return agency, category

    def title(self, obj):
        agency, category = obj
        return self._text(f"{agency.name} · {category.name if category else '政府信息公开'}")

    def _text(self, value: str) -> str:
        """A title as RSS readers take it (HTML)."""
        return escape(value)

    def link(self, obj):
        agency, category = obj
        if category:
            return reverse("catalog_portal:category", args=[agency.code, category.code])
        return reverse("catalog_portal:agency", args=[agency.code])

    def description(self, obj):
        return escape(self._about(obj))

    def _about(self, obj) -> str:
        agency, category = obj
        return f"{agency.name}主动公开的政府信息" + (f"（{category.name}）" if category else "")

    def items(self, obj):
        agency, category = obj
        rows = public_records().filter(agency=agency).select_related("live")
        if category:
            rows = rows.filter(category_id__in=descendants(category))
        return rows.order_by("-published_at")[:FEED_SIZE]

    def item_title(self, item):
        return self._text(item.live.data["title"])

    def item_description(self, item):
        data = item.live.data
        text = data.get("summary") or plain_text(data.get("body", ""))
        return escape(f"索引号：{item.index_number}　{text[:300]}")

    def item_link(self, item):
        return reverse("catalog_portal:record", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_guid(self, item):
        return item.index_number


class CatalogAtomFeed(CatalogFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        """Atom subtitles are type="text" too."""
        return self._about(obj)

    def _text(self, value: str) -> str:
        """Atom titles are type="text": the reader shows them as characters already."""
        return value
