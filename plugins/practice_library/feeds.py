"""Atom feed of newly published practice sheets."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.text import strip_control_characters

from .models import PracticeSheetPage


class TextSummaryAtomFeed(Atom1Feed):
    """Summaries are plain text (``type="text"``): a reader never renders them as HTML."""

    def add_item_elements(self, handler, item):
        description = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})


class LatestPracticesFeed(Feed):
    feed_type = TextSummaryAtomFeed
    title = _("Newly published practice sheets")
    subtitle = _("Practices shared by local authorities, as soon as they are published.")
    link = "/pratiques/"

    def items(self):
        return (PracticeSheetPage.objects.live().public().select_related("territory")
                .order_by("-first_published_at")[:30])

    # Stored text is cleaned on the way in; cleaning on the way out too means one sheet
    # saved before that can never make the feed unreadable for everyone.
    def item_title(self, item):
        return strip_control_characters(f"{item.title} ({item.territory.name})")

    def item_description(self, item):
        return strip_control_characters(" · ".join(item.key_points))

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
