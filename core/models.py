"""Content shared by every plugin: home page, standard pages, territories, branding."""

import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.validators import validate_accessible_primary_colour


class HomePage(Page):
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("section_choices", heading=_("Sections of the home page"),
                    label=_("section"),
                    help_text=_("Choose the order of the sections and hide those you do not "
                                "want. A section not listed here comes after those listed, in "
                                "its default order.")),
    ]
    api_fields = [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "core/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from core.home import collect_home_sections

        context = super().get_context(request, *args, **kwargs)
        # Evaluated by the template inside its shared fragment: from the cache, the
        # sections' queries are not made at all.
        context["sections"] = SimpleLazyObject(
            lambda: collect_home_sections(request, home_page=self))
        return context


class SectionKeySelect(forms.Select):
    """The sections plugins contribute today (and the one already chosen), computed when
    the form is shown: plugins can come and go."""

    def get_context(self, name, value, attrs):
        from core.home import section_key_choices

        choices = section_key_choices()
        if value and value not in {key for key, _title in choices}:
            choices.append((value, value))
        self.choices = [("", "---------"), *choices]
        return super().get_context(name, value, attrs)


class HomeSectionChoice(Orderable):
    """An editor's choice for one section of the home page: its place, shown or not."""

    page = ParentalKey(HomePage, related_name="section_choices", on_delete=models.CASCADE)
    key = models.CharField(_("section"), max_length=100)
    visible = models.BooleanField(_("shown"), default=True)

    panels = [FieldPanel("key", widget=SectionKeySelect), FieldPanel("visible")]

    class Meta(Orderable.Meta):
        verbose_name = _("home page section")
        verbose_name_plural = _("home page sections")

    def __str__(self):
        return self.key


class StandardPage(Page):
    """A page of text: accessibility statement, legal notice, privacy policy, about…"""
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True

    body = RichTextField(_("body"), blank=True)
    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("body")]
    api_fields = [APIField("body")]
    template = "core/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class TerritoryKind(models.TextChoices):
    NATIONAL = "national", _("national")
    COMMUNE = "commune", _("municipality")
    INTERCOMMUNALITE = "intercommunalite", _("inter-municipal body")
    DEPARTEMENT = "departement", _("département")
    REGION = "region", _("region")


class Region(models.TextChoices):
    ARA = "auvergne-rhone-alpes", "Auvergne-Rhône-Alpes"
    BFC = "bourgogne-franche-comte", "Bourgogne-Franche-Comté"
    BRE = "bretagne", "Bretagne"
    CVL = "centre-val-de-loire", "Centre-Val de Loire"
    COR = "corse", "Corse"
    GES = "grand-est", "Grand Est"
    HDF = "hauts-de-france", "Hauts-de-France"
    IDF = "ile-de-france", "Île-de-France"
    NOR = "normandie", "Normandie"
    NAQ = "nouvelle-aquitaine", "Nouvelle-Aquitaine"
    OCC = "occitanie", "Occitanie"
    PDL = "pays-de-la-loire", "Pays de la Loire"
    PAC = "provence-alpes-cote-d-azur", "Provence-Alpes-Côte d'Azur"
    GUA = "guadeloupe", "Guadeloupe"
    GUF = "guyane", "Guyane"
    MTQ = "martinique", "Martinique"
    REU = "la-reunion", "La Réunion"
    MAY = "mayotte", "Mayotte"


class ParticipationLevel(models.TextChoices):
    """The participation scale, from the least to the most shared power.

    Shared by every plugin (charters' commitments, practice sheets, trainings)
    so that a level means the same everywhere and can be compared.
    """

    INFORMATION = "information", _("information")
    CONSULTATION = "consultation", _("consultation")
    CONCERTATION = "concertation", _("concertation")
    CO_CONSTRUCTION = "co-construction", _("co-construction")
    CO_DECISION = "co-decision", _("co-decision")


class PopulationBracket(models.TextChoices):
    UNDER_2K = "lt-2000", _("fewer than 2,000")
    FROM_2K = "2000-10000", _("2,000 to 10,000")
    FROM_10K = "10000-20000", _("10,000 to 20,000")
    FROM_20K = "20000-50000", _("20,000 to 50,000")
    FROM_50K = "50000-100000", _("50,000 to 100,000")
    OVER_100K = "gt-100000", _("more than 100,000")

    @classmethod
    def for_population(cls, population):
        if population is None:
            return None
        for limit, bracket in ((2_000, cls.UNDER_2K), (10_000, cls.FROM_2K),
                               (20_000, cls.FROM_10K), (50_000, cls.FROM_20K),
                               (100_000, cls.FROM_50K)):
            if population < limit:
                return bracket
        return cls.OVER_100K


# INSEE code of a commune (2A/2B for Corsica, 97x and 98x overseas), a département or a
# région (R and its two digits, since régions and départements share numbers), the SIREN
# number that identifies an intercommunalité, or FR for France as a whole.
insee_code_validator = RegexValidator(
    r"^(\d{5}|2[AB]\d{3}|\d{2}|2[AB]|9[78]\d|R\d{2}|\d{9}|FR)$",
    _("Enter an INSEE code (5 characters for a municipality, 2 or 3 for a département, "
      "R and 2 digits for a region, FR for France) or the 9-digit SIREN of an "
      "inter-municipal body."),
)


class Territory(models.Model):
    """A local authority; practice sheets, charters and visits point to one.

    The official list (core.territories) is loaded by `essaim territories load`; its
    lookups go through TerritoryKey, not the search engine.
    """

    name = models.CharField(_("name"), max_length=200)
    insee_code = models.CharField(_("INSEE code"), max_length=9, unique=True,
                                  validators=[insee_code_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=TerritoryKind.choices,
                            default=TerritoryKind.COMMUNE)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    departement = models.CharField(_("département"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True,
                                   blank=True, validators=[MinValueValidator(-90),
                                                           MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True,
                                    blank=True, validators=[MinValueValidator(-180),
                                                            MaxValueValidator(180)])
    postal_codes = models.CharField(_("postal codes"), max_length=500, blank=True,
                                    help_text=_("Separated by spaces."))

    panels = [
        FieldPanel("name"),
        FieldPanel("insee_code"),
        FieldPanel("kind"),
        FieldPanel("population"),
        FieldPanel("postal_codes"),
        MultiFieldPanel([FieldPanel("departement"), FieldPanel("region")], heading=_("Location")),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")],
                        heading=_("Coordinates")),
    ]
    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from core.territories import rebuild_keys

        rebuild_keys([(self.pk, self.name, self.postal_codes, self.population)])

    @cached_property
    def population_bracket(self):
        return PopulationBracket.for_population(self.population)


class TerritoryKey(models.Model):
    """One way of finding a territory: its normalised name, a word-suffix of it
    ("etienne" for Saint-Étienne) or a postal code. Prefix lookups use the index."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=100, db_index=True)
    population = models.PositiveIntegerField(null=True)  # the territory's, to sort on

    class Meta:
        verbose_name = _("territory lookup key")
        verbose_name_plural = _("territory lookup keys")

    def __str__(self):
        return self.key


@register_setting(icon="image")
class BrandingSettings(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=100, default="Essaim")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logo"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e79",
        validators=[validate_accessible_primary_colour],
        help_text=_("Used for the header, links and buttons, with white text: it must keep a "
                    "contrast of at least 4.5:1 (WCAG AA)."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("accessibility statement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("legal notice"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("personal data"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")

    # Every page shows the logo and the footer links: fetch them with the settings.
    select_related = ["logo", "accessibility_page", "legal_notice_page", "privacy_page"]

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("logo"),
                         FieldPanel("primary_colour")], heading=_("Identity")),
        MultiFieldPanel([FieldPanel("accessibility_page"), FieldPanel("legal_notice_page"),
                         FieldPanel("privacy_page")], heading=_("Footer pages")),
    ]

    class Meta:
        verbose_name = _("branding")


class SectionIndexPage(Page):
    """Base of each plugin's index page (/pratiques/, /chartes/, /formations/, /visites/)."""
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["core.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        # A plugin may ship its own template; until it does, the shared one serves.
        return [super().get_template(request, *args, **kwargs), "core/section_index_page.html"]


class PersonalDataRequest(models.Model):
    """A request to see or erase one's data: the emailed link names this row, not the
    address. Kept for the link's lifetime (ESSAIM_BOOKINGS_MY_DATA_LINK_HOURS)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self):
        return str(self.id)
