"""Atom feed of newly published practice sheets."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import PracticeSheetPage


class LatestPracticesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Newly published practice sheets")
    subtitle = _("Practices shared by local authorities, as soon as they are published.")
    link = "/pratiques/"

    def items(self):
        return (PracticeSheetPage.objects.live().public().select_related("territory")
                .order_by("-first_published_at")[:30])

    def item_title(self, item):
        return f"{item.title} ({item.territory.name})"

    def item_description(self, item):
        return " · ".join(item.key_points)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
