from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.bookings.models import BookablePage
from core.notifications import send_email_on_commit


class VolunteerDayPage(BookablePage):
    """A morning when residents look after a park or a street together, with sign-ups."""

    organiser_email = models.EmailField(_("organiser email"), blank=True)

    content_panels = [*BookablePage.content_panels, FieldPanel("organiser_email")]
    parent_page_types = ["core.HomePage"]

    class Meta:
        verbose_name = _("volunteer day")
        verbose_name_plural = _("volunteer days")

    def tell_organiser(self, kind):
        """Email the organiser how many are coming (``kind``: "reminder" or "full")."""
        if self.organiser_email:
            context = {"title": self.title, "url": self.full_url, "count": self.seats_taken}
            send_email_on_commit(f"essaim_journees_citoyennes/{kind}", [self.organiser_email],
                                 context)
