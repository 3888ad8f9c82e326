"""Civic visits: a page per place, slots to sign up for, each slot owning an offering."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.bookings.models import Bookable, BookableQuerySet
from core.images import Illustrated, illustration_panel
from core.models import SectionIndexPage


class VisitIndexPage(SectionIndexPage):
    subpage_types = ["visits.VisitPage"]
    template = "visits/visit_index_page.html"

    class Meta:
        verbose_name = _("civic visits index")

    def get_context(self, request, *args, **kwargs):
        from .filters import filter_slots

        context = super().get_context(request, *args, **kwargs)
        context.update(filter_slots(request.GET))
        return context


class InstitutionKind(models.TextChoices):
    COUNCIL_CHAMBER = "council_chamber", _("council chamber")
    DEPARTEMENT = "departement", _("département")
    PREFECTURE = "prefecture", _("préfecture")
    COURT = "court", _("court")
    NATIONAL_ASSEMBLY = "assemblee_nationale", _("Assemblée nationale")
    SENATE = "senat", _("Sénat")
    OTHER = "other", _("other")


class VisitPage(Illustrated, Page):
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True
    institution = models.CharField(_("institution"), max_length=200,
                                   help_text=_("For example: Hôtel de ville de Blois."))
    kind = models.CharField(_("kind of place"), max_length=30, choices=InstitutionKind.choices,
                            default=InstitutionKind.COUNCIL_CHAMBER)
    description = RichTextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=300)
    meeting_point = models.CharField(_("meeting point"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90,
                                                        validators=[MinValueValidator(15)])
    reduced_mobility_access = models.BooleanField(_("accessible to people with reduced "
                                                    "mobility"), default=False)
    id_required = models.BooleanField(_("ID required"), default=False)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_party_size = models.PositiveSmallIntegerField(_("maximum party size"), default=4,
                                                      validators=[MinValueValidator(1)])
    languages = models.CharField(_("languages"), max_length=200, default="français",
                                 help_text=_("Languages the visit is given in, comma-separated."))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("institution"), FieldPanel("kind"),
                         FieldPanel("description")], heading=_("The place")),
        illustration_panel(),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("meeting_point"),
                         FieldPanel("duration_minutes"), FieldPanel("languages")],
                        heading=_("Practical information")),
        MultiFieldPanel([FieldPanel("reduced_mobility_access"), FieldPanel("id_required"),
                         FieldPanel("minimum_age"), FieldPanel("max_party_size")],
                        heading=_("Access and conditions")),
        InlinePanel("slots", heading=_("Dates"), label=_("date")),
    ]
    search_fields = Page.search_fields + [index.SearchField("institution"),
                                          index.SearchField("description"),
                                          index.FilterField("kind")]
    parent_page_types = ["visits.VisitIndexPage"]
    subpage_types = []
    template = "visits/visit_page.html"

    class Meta:
        verbose_name = _("civic visit")
        verbose_name_plural = _("civic visits")

    def institution_label(self):
        """The institution, with the kind of place when its name does not already say it:
        "Hôtel de ville de Blois (salle du conseil)", but "Sénat", not "Sénat (Sénat)"."""
        kind = str(self.get_kind_display())
        if self.kind == InstitutionKind.OTHER or kind.casefold() in self.institution.casefold():
            return self.institution
        return f"{self.institution} ({kind})"

    def upcoming_slots(self):
        if self.pk is None:  # previewed before its first save
            return VisitSlot.objects.none()
        return VisitSlot.objects.upcoming().filter(page=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["slots"] = self.upcoming_slots()
        return context


class VisitSlot(Bookable, Orderable):
    page = ParentalKey(VisitPage, related_name="slots", on_delete=models.CASCADE)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"), default=20,
                                           validators=[MinValueValidator(1)])
    guide = models.CharField(_("guide"), max_length=200, blank=True)

    objects = BookableQuerySet.as_manager()

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("capacity"),
              FieldPanel("guide")]

    class Meta(Orderable.Meta):
        verbose_name = _("visit date")
        verbose_name_plural = _("visit dates")
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.page.title} – {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def card_facts(self):
        """The short facts of this date's card in the catalogue."""
        from django.utils.translation import gettext, ngettext

        page = self.page
        facts = [page.institution,
                 ngettext("%(minutes)d minute", "%(minutes)d minutes",
                          page.duration_minutes) % {"minutes": page.duration_minutes}]
        if page.reduced_mobility_access:
            facts.append(gettext("Accessible to people with reduced mobility"))
        if self.guide:
            facts.append(gettext("Guide: %(guide)s") % {"guide": self.guide})
        return facts

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    # --- the sign-up kit (core.bookings.models.Bookable) -------------------------------

    def sign_up_form_kwargs(self):
        return {"max_party_size": self.offering.max_party_size,
                "minimum_age": self.page.minimum_age}

    def offering_values(self):
        page = self.page
        location = ", ".join(part for part in (page.institution, page.address) if part)
        return {"title": page.title, "starts_at": self.starts_at, "ends_at": self.ends_at,
                "location": location, "page_url": page.url or "",
                "capacity": self.capacity, "max_party_size": page.max_party_size}
