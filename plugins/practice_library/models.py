"""Practice sheets, their taxonomies and the library index page."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index

from core.images import Illustrated, illustration_panel
from core.models import ParticipationLevel, SectionIndexPage
from core.pages import public

# The apps whose data the library's pages show: its sheets and taxonomies, sheets
# received from other sites, territories, pages, images and the search entries.
LIBRARY_APPS = ("practice_library", "practice_federation", "core", "wagtailcore",
                "wagtailimages", "essaim_search")

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


# --- Taxonomies (snippets, edited by moderators) -----------------------------


def label_slug(label: str, max_length: int = 80) -> str:
    """The slug a taxonomy value is spelt with in addresses: its label, lower-cased,
    accents dropped, an apostrophe read as a word break ("Plan d'action" →
    "plan-d-action")."""
    return slugify(re.sub(r"['’]", " ", label))[:max_length].strip("-")


class TaxonomyQuerySet(models.QuerySet):
    def with_slugs(self, slugs) -> list:
        """The values spelt ``slugs``, current or former (old links, imports, other
        sites on an older version), in their usual order."""
        slugs = set(slugs)
        return [item for item in self if item.slug in slugs or slugs & set(item.former_slugs)]


class Taxonomy(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True,
                            help_text=_("Derived from the name."))
    former_slugs = models.JSONField(
        _("former slugs"), default=list, blank=True, editable=False,
        help_text=_("Slugs this value had before its name changed: addresses using them "
                    "still work."))
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TaxonomyQuerySet.as_manager()

    # The slug follows the name (label_slug), so it is not edited by hand.
    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """A new value is spelt like its name; a renamed one too, its old slug kept in
        ``former_slugs`` and the sheets using it reindexed (their facet values and
        labels change)."""
        renamed = getattr(self, "_saved_name", None) not in (None, self.name)
        previous = self.slug
        if not self.slug or (renamed and self.slug != label_slug(self.name)):
            self.slug = self._free_slug(label_slug(self.name) or "valeur")
        if previous and previous != self.slug:
            self.former_slugs = [s for s in [*self.former_slugs, previous] if s != self.slug]
        with transaction.atomic():
            super().save(*args, **kwargs)
            if renamed:
                from search.tasks import enqueue_sync

                for pk in self.sheets.live().values_list("pk", flat=True):
                    enqueue_sync("practice_sheet", pk)
        self._saved_name = self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_name = instance.__dict__.get("name")
        return instance

    def _free_slug(self, slug):
        others = type(self).objects.exclude(pk=self.pk)
        candidate, number = slug, 2
        while others.filter(slug=candidate).exists():
            suffix = f"-{number}"
            candidate, number = slug[:80 - len(suffix)] + suffix, number + 1
        return candidate


class Challenge(Taxonomy):
    """One of the recurring challenges practitioners name (seeded from their workshops)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")


class Mechanism(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Audience(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Recruitment(models.TextChoices):
    VOLUNTEERS = "volunteers", _("volunteers")
    LOT = "lot", _("drawn by lot")
    MIXED = "mixed", _("mixed (volunteers and drawn by lot)")


class SheetStatus(models.TextChoices):
    ONGOING = "ongoing", _("ongoing")
    FINISHED = "finished", _("finished")


class Licence(models.TextChoices):
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons BY-SA 4.0")
    CC_BY = "cc-by-4.0", _("Creative Commons BY 4.0")
    CC0 = "cc0-1.0", _("Creative Commons Zero (public domain)")
    ETALAB = "etalab-2.0", _("Licence Ouverte / Etalab 2.0")


LICENCE_URLS = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

# The narrative sections of a sheet, in reading order: (field, heading).
SECTIONS = [
    ("context", _("Context and objectives")),
    ("preparation", _("Preparation")),
    ("steps", _("Steps and methods")),
    ("actors", _("Actors involved")),
    ("results", _("Results and evaluation")),
    ("difficulties", _("Difficulties")),
    ("satisfactions", _("Satisfactions")),
    ("lessons", _("Lessons learnt")),
]


RULE_FIELDS = ("start_date", "end_date", "status", "contact_consent", "contact_name",
               "contact_email")


def sheet_rule_errors(values) -> dict:
    """Cross-field rules of a sheet, shared by the model and the contribution form."""
    errors = {}
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("The end date cannot be before the start date.")
    elif values.get("status") == SheetStatus.FINISHED and start and not end:
        errors["end_date"] = _("A finished practice needs an end date.")
    if values.get("contact_consent") and not (values.get("contact_name")
                                              and values.get("contact_email")):
        errors["contact_email"] = _("Give the contact's name and email, or withdraw the "
                                    "consent to show it.")
    return errors


# --- Pages ---------------------------------------------------------------------


class PracticeLibraryPage(SectionIndexPage):
    subpage_types = ["practice_library.PracticeSheetPage"]
    template = "practice_library/practice_library_page.html"

    class Meta:
        verbose_name = _("practice library index")

    def serve(self, request, *args, **kwargs):
        """An address with a value's former slug (a link made before it was renamed)
        redirects to the address spelt like its label today."""
        from .finder import FACETS, canonical_filters

        taxonomy_filters = {facet.name: request.GET.getlist(facet.name) for facet in FACETS
                            if facet.kind == "taxonomy" and request.GET.getlist(facet.name)}
        if taxonomy_filters:
            canonical, changed = canonical_filters(taxonomy_filters)
            if changed:
                params = request.GET.copy()
                for name, values in canonical.items():
                    params.setlist(name, values)
                return HttpResponsePermanentRedirect(f"{request.path}?{params.urlencode()}")
        return super().serve(request, *args, **kwargs)

    def shares_content(self, request):
        """Shared but for text searches, which must reach the query log."""
        return not request.GET.get("q")

    # What its content shows comes from these apps only (core.pagecache): kept while
    # bookings and the other plugins' pages change.
    content_depends_on = LIBRARY_APPS

    def get_context(self, request, *args, **kwargs):
        from .finder import SORTS, parse_request, search_practices

        context = super().get_context(request, *args, **kwargs)
        params = parse_request(request.GET)
        context["params"] = params
        context["results"] = results = search_practices(**params)
        if params["query"] and params["page"] == 1:
            from search import querylog

            querylog.record(params["query"], results.total)
        context["sorts"] = list(SORTS.items())
        return context


class PracticeSheetPage(Illustrated, RoutablePageMixin, Page):
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content),
    # and made of the library's data only (its contributors are users: "auth").
    shares_content = True
    content_depends_on = (*LIBRARY_APPS, "auth")
    territory = models.ForeignKey("core.Territory", verbose_name=_("territory"),
                                  on_delete=models.PROTECT, related_name="practice_sheets")
    key_point_1 = models.CharField(_("key point 1"), max_length=300)
    key_point_2 = models.CharField(_("key point 2"), max_length=300)
    key_point_3 = models.CharField(_("key point 3"), max_length=300)

    challenges = ParentalManyToManyField(Challenge, verbose_name=_("challenges addressed"),
                                         related_name="sheets", blank=True)
    mechanisms = ParentalManyToManyField(Mechanism, verbose_name=_("mechanisms"),
                                         related_name="sheets", blank=True)
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), related_name="sheets",
                                     blank=True)
    audiences = ParentalManyToManyField(Audience, verbose_name=_("audiences"),
                                        related_name="sheets", blank=True)
    participation_level = models.CharField(_("participation level"), max_length=20,
                                           choices=ParticipationLevel.choices, blank=True)
    recruitment = models.CharField(_("recruitment"), max_length=20,
                                   choices=Recruitment.choices, blank=True)
    volunteers_count = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    drawn_count = models.PositiveIntegerField(_("people drawn by lot"), null=True, blank=True)
    participants_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SheetStatus.choices,
                              default=SheetStatus.ONGOING)
    total_cost = models.DecimalField(_("total cost (€)"), max_digits=12, decimal_places=2,
                                     null=True, blank=True, validators=[MinValueValidator(0)])
    staff_time = models.CharField(_("staff time"), max_length=200, blank=True,
                                  help_text=_("For example: 0.5 full-time equivalent for a "
                                              "year."))
    programme = models.CharField(_("programme"), max_length=200, blank=True,
                                 help_text=_("National programme the project belongs to, for "
                                             "example Action cœur de ville."))

    context = RichTextField(_("context and objectives"), blank=True)
    preparation = RichTextField(_("preparation"), blank=True)
    steps = RichTextField(_("steps and methods"), blank=True)
    actors = RichTextField(_("actors involved"), blank=True)
    results = RichTextField(_("results and evaluation"), blank=True)
    difficulties = RichTextField(_("difficulties"), blank=True)
    satisfactions = RichTextField(_("satisfactions"), blank=True)
    lessons = RichTextField(_("lessons learnt"), blank=True)

    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_consent = models.BooleanField(
        _("the contact agrees to be shown"), default=False,
        help_text=_("Without this consent, the contact is never shown on the site."))

    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices,
                               default=Licence.CC_BY_SA)
    adapted_from = models.ForeignKey(
        "self", verbose_name=_("adapted from"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="adaptations",
        help_text=_("The practice of another territory this one was inspired by."))
    adapted_from_url = models.URLField(
        _("adapted from (address on another site)"), max_length=500, blank=True,
        db_index=True,
        help_text=_("The address of a practice published on another Essaim site this one "
                    "was inspired by, for example one listed in the library from another "
                    "site."))
    external_id = models.CharField(_("external identifier"), max_length=100, unique=True,
                                   null=True, blank=True,
                                   help_text=_("Stable identifier used by imports."))

    parent_page_types = ["practice_library.PracticeLibraryPage"]
    subpage_types = []
    template = "practice_library/practice_sheet_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("territory"),
        illustration_panel(),
        MultiFieldPanel([FieldPanel("key_point_1"), FieldPanel("key_point_2"),
                         FieldPanel("key_point_3")], heading=_("Key points")),
        MultiFieldPanel([FieldPanel("challenges"), FieldPanel("mechanisms"),
                         FieldPanel("themes"), FieldPanel("audiences"),
                         FieldPanel("participation_level")], heading=_("Classification")),
        MultiFieldPanel([FieldPanel("recruitment"),
                         FieldRowPanel([FieldPanel("volunteers_count"),
                                        FieldPanel("drawn_count"),
                                        FieldPanel("participants_count")])],
                        heading=_("Participants")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                         FieldPanel("status"), FieldPanel("total_cost"),
                         FieldPanel("staff_time"), FieldPanel("programme")],
                        heading=_("Figures")),
        *[FieldPanel(name) for name, _heading in SECTIONS],
        InlinePanel("milestones", label=_("Timeline")),
        MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_role"),
                         FieldPanel("contact_email"), FieldPanel("contact_consent")],
                        heading=_("Contact")),
        InlinePanel("attachments", label=_("Attachments (PDF)")),
        InlinePanel("links", label=_("Links")),
        FieldPanel("licence"),
        FieldPanel("adapted_from"),
        FieldPanel("adapted_from_url"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("external_id")]

    search_fields = Page.search_fields + [
        index.SearchField("key_point_1"), index.SearchField("key_point_2"),
        index.SearchField("key_point_3"),
        *[index.SearchField(name) for name, _heading in SECTIONS],
        index.RelatedFields("territory", [index.SearchField("name")]),
        index.FilterField("participation_level"), index.FilterField("recruitment"),
    ]
    api_fields = [
        APIField("territory_data"),
        APIField("key_points"),
        APIField("challenge_slugs"), APIField("mechanism_slugs"), APIField("theme_slugs"),
        APIField("audience_slugs"),
        APIField("participation_level"), APIField("recruitment"),
        APIField("volunteers_count"), APIField("drawn_count"), APIField("participants_count"),
        APIField("start_date"), APIField("end_date"), APIField("status"),
        APIField("total_cost"), APIField("staff_time"), APIField("programme"),
        *[APIField(name) for name, _heading in SECTIONS],
        APIField("milestones"), APIField("links"),
        APIField("licence"), APIField("adapted_from_id"), APIField("adapted_from_url"),
        APIField("external_id"),
    ]

    class Meta:
        verbose_name = _("practice sheet")
        verbose_name_plural = _("practice sheets")

    # --- validation ----------------------------------------------------------

    def clean(self):
        super().clean()
        errors = sheet_rule_errors({name: getattr(self, name) for name in RULE_FIELDS})
        if self.adapted_from_id and self.pk and self.adapted_from_id == self.pk:
            errors["adapted_from"] = _("A practice cannot be adapted from itself.")
        if errors:
            raise ValidationError(errors)

    # --- derived data --------------------------------------------------------

    @property
    def key_points(self):
        return [p for p in (self.key_point_1, self.key_point_2, self.key_point_3) if p]

    @property
    def population_bracket(self):
        return self.territory.population_bracket

    @property
    def territory_data(self):
        territory = self.territory
        return {"name": territory.name, "insee_code": territory.insee_code,
                "kind": territory.kind, "region": territory.region,
                "population": territory.population,
                "population_bracket": territory.population_bracket}

    @property
    def challenge_slugs(self):
        return [c.slug for c in self.challenges.all()]

    @property
    def mechanism_slugs(self):
        return [m.slug for m in self.mechanisms.all()]

    @property
    def theme_slugs(self):
        return [t.slug for t in self.themes.all()]

    @property
    def audience_slugs(self):
        return [a.slug for a in self.audiences.all()]

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def sections(self):
        return [(heading, getattr(self, name)) for name, heading in SECTIONS
                if getattr(self, name)]

    @property
    def shows_contact(self):
        return bool(self.contact_consent and self.contact_name)

    @cached_property
    def contributors(self):
        """Everyone who saved a revision of the sheet, its owner first."""
        return contributors_of([self])[self.pk]

    def similar_sheets(self, limit=4):
        """Published sheets sharing the most challenges and mechanisms with this one, as
        search hits (title, url, territory): the search engine's more-like-this, so the
        cost does not grow with the library, and a draft or a preview (whose relations
        are not saved rows) simply has none yet."""
        from search import api

        if not self.pk or not self.live:
            return []
        return api.more_like_this("practice_sheet", self.pk, limit=limit)

    def moderation_email_context(self, workflow_state):
        """The contributor edits their sheet on the site, not in the admin."""
        from django.urls import reverse

        from core.links import absolute_url

        return {"edit_url": absolute_url(reverse("practice_library:step",
                                                 args=[self.pk, "essentiel"]))}

    def live_adaptations(self):
        if not self.pk:  # a page being created, previewed before its first save
            return []
        return list(public(self.adaptations.live()).select_related("territory")
                    .order_by("territory__name"))

    @property
    def canonical_url(self):
        from core.links import absolute_url

        return absolute_url(self.url or "")

    # --- routes ----------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["similar"] = self.similar_sheets()
        context["adaptations"] = self.live_adaptations()
        if self.pk and self.live:
            from .federation.adaptations import remote_adaptations

            context["remote_adaptations"] = remote_adaptations(self.canonical_url)
        context["adaptation_count"] = (len(context["adaptations"])
                                       + len(context.get("remote_adaptations", [])))
        original = self.adapted_from
        context["original"] = original if original and original.live else None
        if self.adapted_from_url and not context["original"]:
            from .federation.models import RemoteSheet

            context["original_remote"] = RemoteSheet.objects.visible().filter(
                url=self.adapted_from_url).select_related("subscription").first()
        return context

    @path("contact/", name="contact")
    def reveal_contact(self, request):
        """The contact's email, shown only after a POST (crawlers don't submit forms)."""
        if not self.shows_contact:
            raise Http404
        context = self.get_context(request)
        if request.method != "POST":
            # The button with this visitor's CSRF token (the sheet page itself comes from
            # the shared cache and fetches one: forms.js).
            context["inline_csrf"] = True
        else:
            context["contact_revealed"] = True
        return TemplateResponse(request, self.get_template(request), context)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        from .pdf import render_sheet_pdf

        response = HttpResponse(render_sheet_pdf(self), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.pdf"'
        return response


def contributors_of(sheets) -> dict:
    """{sheet pk: names of everyone who saved a revision, owner first}, in two queries
    (the licence's attribution)."""
    from django.contrib.auth import get_user_model

    from core.accounts.personal_data import is_former_member

    ids = {sheet.pk: ({sheet.owner_id} if sheet.owner_id else set()) for sheet in sheets}
    for object_id, user_id in (Revision.page_revisions.filter(
            object_id__in=[str(pk) for pk in ids]).exclude(user=None)
            .values_list("object_id", "user_id").distinct()):
        ids[int(object_id)].add(user_id)
    users = get_user_model().objects.in_bulk({u for us in ids.values() for u in us})
    owners = {sheet.pk: sheet.owner_id for sheet in sheets}
    names = {}
    for pk, user_ids in ids.items():
        people = sorted((users[u] for u in user_ids if u in users),
                        key=lambda u, pk=pk: (u.pk != owners[pk],
                                              u.get_full_name() or u.username))
        names[pk] = list(dict.fromkeys(
            str(_("a former member")) if is_former_member(u)
            else u.get_full_name() or u.get_username() for u in people))
    return names


class PracticeMilestone(Orderable):
    sheet = ParentalKey(PracticeSheetPage, related_name="milestones", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    label = models.CharField(_("milestone"), max_length=255)

    panels = [FieldPanel("date"), FieldPanel("label")]
    api_fields = [APIField("date"), APIField("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class PracticeLink(Orderable):
    sheet = ParentalKey(PracticeSheetPage, related_name="links", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address"))

    panels = [FieldPanel("title"), FieldPanel("url")]
    api_fields = [APIField("title"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


def validate_pdf_document(document):
    """An attachment is a PDF by its content (core.uploads), of a reasonable size."""
    from core.uploads import validate_document

    if document is None:
        return
    name = (document.file.name or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("Attachments must be PDF files."))
    try:
        size = document.get_file_size() if hasattr(document, "get_file_size") else \
            document.file.size
    except (OSError, ValueError):
        size = None
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("Attachments must not exceed %(size)s MB.")
                              % {"size": MAX_ATTACHMENT_BYTES // (1024 * 1024)})
    try:
        document.file.open("rb")
        validate_document(document.file, allowed=["pdf"])
    except OSError:
        raise ValidationError(_("Attachments must be PDF files.")) from None
    finally:
        document.file.close()


class PracticeAttachment(Orderable):
    sheet = ParentalKey(PracticeSheetPage, related_name="attachments",
                        on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"),
                                 on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def clean(self):
        super().clean()
        try:
            validate_pdf_document(self.document)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages}) from exc
