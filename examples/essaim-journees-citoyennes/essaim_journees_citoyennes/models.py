from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index


class VolunteerDayQuerySet(PageQuerySet):
    def upcoming(self):
        """Live, public volunteer days from today on, soonest first."""
        return (self.live().public().filter(date__gte=timezone.localdate())
                .order_by("date", "title"))


class VolunteerDayPage(Page):
    """A day when residents meet to look after a park, a street or a shared place."""

    date = models.DateField(_("date"))
    meeting_place = models.CharField(
        _("meeting place"), max_length=255,
        help_text=_("Where volunteers meet, e.g. “in front of the town hall”."))
    description = RichTextField(_("description"), blank=True)
    organiser_email = models.EmailField(
        _("organiser email"), blank=True,
        help_text=_("Receives a reminder during the week before the volunteer day."))

    objects = PageManager.from_queryset(VolunteerDayQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("meeting_place"),
        FieldPanel("description"),
        FieldPanel("organiser_email"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("meeting_place"),
        index.SearchField("description"),
        index.FilterField("date"),
    ]
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("volunteer day")
        verbose_name_plural = _("volunteer days")
