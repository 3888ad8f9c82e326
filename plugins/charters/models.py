"""Participation charters: what a territory commits to, with which guarantees,
how it reports back, every adopted version, and who endorses it."""

import uuid

from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import ParticipationLevel, SectionIndexPage
from core.pages import public

from . import guidance


class CharterKind(models.TextChoices):
    MANIFESTO = "manifesto", _("manifesto")
    PRACTICAL_GUIDE = "practical_guide", _("practical guide")
    REFERENCE = "reference", _("reference document")


class CharterAuthors(models.TextChoices):
    ELECTED = "elected", _("elected officials")
    SERVICES = "services", _("services")
    CITIZENS = "citizens", _("citizens")
    CO_CONSTRUCTION = "co_construction", _("co-construction")


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONSULTATION = "consultation", _("in consultation")
    ADOPTED = "adopted", _("adopted")
    REVISED = "revised", _("revised")


class GuaranteeKind(models.TextChoices):
    GUARANTOR = "guarantor", _("guarantor")
    COMMISSION = "commission", _("follow-up commission")
    REPORTING_BACK = "reporting_back", _("reporting back")
    PUBLIC_REPORT = "public_report", _("public report")
    OTHER = "other", _("other")


class CharterIndexPage(SectionIndexPage):
    subpage_types = ["charters.CharterPage"]
    template = "charters/charter_index_page.html"

    class Meta:
        verbose_name = _("charters index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["charters"] = (public(CharterPage.objects.live()).child_of(self)
                               .select_related("territory").order_by("title"))
        return context


class CharterPage(RoutablePageMixin, Page):
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True
    territory = models.ForeignKey("core.Territory", verbose_name=_("territory"),
                                  on_delete=models.PROTECT, related_name="charters")
    kind = models.CharField(_("kind of charter"), max_length=20, choices=CharterKind.choices,
                            default=CharterKind.REFERENCE, help_text=guidance.KIND)
    authored_by = models.CharField(_("written by"), max_length=20,
                                   choices=CharterAuthors.choices,
                                   default=CharterAuthors.CO_CONSTRUCTION,
                                   help_text=guidance.AUTHORED_BY)
    status = models.CharField(_("status"), max_length=20, choices=CharterStatus.choices,
                              default=CharterStatus.DRAFT)
    adopted_on = models.DateField(_("adoption date"), null=True, blank=True)
    deliberation_reference = models.CharField(
        _("council deliberation"), max_length=200, blank=True,
        help_text=_("Reference of the council deliberation that adopted the charter, "
                    "e.g. “Délibération n° 2018-045 du 29 mars 2018”."))
    scope = models.TextField(_("scope"), blank=True, help_text=guidance.SCOPE)
    principles = RichTextField(_("principles"), blank=True, help_text=guidance.PRINCIPLES)
    guarantor = models.CharField(_("guarantor"), max_length=200, blank=True,
                                 help_text=guidance.GUARANTOR)
    follow_up_commission = models.TextField(_("follow-up commission"), blank=True,
                                            help_text=guidance.COMMISSION)
    reporting_back_rules = models.TextField(_("reporting-back rules"), blank=True,
                                            help_text=guidance.REPORTING_BACK)
    evaluation = models.TextField(_("evaluation and review"), blank=True,
                                  help_text=guidance.EVALUATION)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    original_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("original document (PDF)"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+")

    content_panels = Page.content_panels + [
        MultiFieldPanel([
            FieldPanel("territory"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("authored_by")]),
            FieldPanel("status"),
            FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("deliberation_reference")]),
            FieldPanel("original_document"),
        ], heading=_("Identity")),
        FieldPanel("scope"),
        FieldPanel("principles"),
        MultiFieldPanel([
            FieldPanel("guarantor"),
            FieldPanel("follow_up_commission"),
            FieldPanel("reporting_back_rules"),
        ], heading=_("Guarantees")),
        InlinePanel("commitments", heading=_("Commitments"), label=_("commitment"),
                    help_text=guidance.COMMITMENTS),
        MultiFieldPanel([FieldPanel("evaluation"), FieldPanel("next_review_on")],
                        heading=_("Evaluation and review")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("scope"), index.SearchField("principles"),
        index.FilterField("kind"), index.FilterField("status"),
        index.RelatedFields("territory", [index.SearchField("name")]),
    ]
    api_fields = [APIField(name) for name in (
        "territory", "kind", "authored_by", "status", "adopted_on", "deliberation_reference",
        "scope", "principles", "guarantor", "follow_up_commission", "reporting_back_rules",
        "evaluation", "next_review_on", "commitments")]

    parent_page_types = ["charters.CharterIndexPage"]
    subpage_types = []
    template = "charters/charter_page.html"

    class Meta:
        verbose_name = _("participation charter")
        verbose_name_plural = _("participation charters")

    def get_context(self, request, *args, **kwargs):
        from .forms import EndorsementForm
        from .services import commitment_links, endorsement_summary

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("endorsement_form", EndorsementForm())
        if self.pk is None:  # previewed before its first save: nothing recorded yet
            from .services import EndorsementSummary

            context.update(endorsements=EndorsementSummary(0, 0, [], []),
                           commitments=self.commitments.all(), versions=[])
            return context
        context["endorsements"] = endorsement_summary(self)
        context["commitments"] = list(self.commitments.all()
                                      .prefetch_related("follow_up_reports"))
        context["commitment_links"] = commitment_links(context["commitments"])
        context["versions"] = self.versions.all()
        return context

    @path("")
    def charter(self, request):
        return self.render(request)

    @path("versions/")
    def version_history(self, request):
        from .views import version_history

        return version_history(request, self)

    @path("soutenir/")
    def endorse(self, request):
        from .views import endorse

        return endorse(request, self)

    # The token travels in the query string: Wagtail page paths only allow slug characters.
    @path("soutenir/confirmer/")
    def confirm_endorsement(self, request):
        from .views import confirm_endorsement

        return confirm_endorsement(request, self, request.GET.get("jeton", ""))


class Commitment(Orderable):
    charter = ParentalKey(CharterPage, related_name="commitments", on_delete=models.CASCADE)
    # Follows a commitment through versions even when its title or text change.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    level = models.CharField(_("participation level"), max_length=20,
                             choices=ParticipationLevel.choices,
                             default=ParticipationLevel.CONSULTATION,
                             help_text=guidance.LEVEL)
    guarantee_kind = models.CharField(_("guarantee mechanism"), max_length=20,
                                      choices=GuaranteeKind.choices,
                                      default=GuaranteeKind.REPORTING_BACK)
    indicator = models.CharField(_("follow-up indicator"), max_length=255, blank=True,
                                 help_text=guidance.INDICATOR)

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("guarantee_kind")]),
        FieldPanel("indicator"),
    ]
    api_fields = [APIField(name) for name in
                  ("title", "text", "level", "guarantee_kind", "indicator")]

    class Meta(Orderable.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.title

    def snapshot(self) -> dict:
        """The commitment as stored in an adopted version."""
        return {"key": str(self.key), "title": self.title, "text": self.text,
                "level": self.level, "guarantee_kind": self.guarantee_kind,
                "indicator": self.indicator}

    def reports(self):
        """Its follow-up reports, newest first; none for a commitment not saved yet (a
        preview of the charter being edited)."""
        return list(self.follow_up_reports.all()) if self.pk else []


class FollowUpReport(models.Model):
    """The "devoir de suite": what was done about a commitment, with evidence."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("commitment"),
                                   on_delete=models.CASCADE, related_name="follow_up_reports")
    reported_on = models.DateField(_("date"))
    summary = models.TextField(_("what was done"))
    evidence_url = models.URLField(_("evidence link"), blank=True,
                                   validators=[URLValidator(schemes=["http", "https"])])

    panels = [FieldPanel("commitment"), FieldPanel("reported_on"), FieldPanel("summary"),
              FieldPanel("evidence_url")]

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self):
        return f"{self.commitment} – {self.reported_on:%Y-%m-%d}"


class CharterVersion(models.Model):
    """An adopted version of a charter, kept forever: its commitments frozen as JSON."""

    charter = models.ForeignKey(CharterPage, verbose_name=_("charter"),
                                on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    adopted_on = models.DateField(_("adoption date"))
    deliberation_reference = models.CharField(_("council deliberation"), max_length=200,
                                              blank=True)
    note = models.TextField(_("what changed"), blank=True)
    commitments = models.JSONField(_("commitments"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["charter", "number"]
        constraints = [models.UniqueConstraint(fields=["charter", "number"],
                                               name="charters_unique_version_number")]

    def __str__(self):
        return f"{self.charter} – v{self.number}"


class EndorserKind(models.TextChoices):
    ORGANISATION = "organisation", _("an organisation")
    RESIDENT = "resident", _("a resident")


class Endorsement(models.Model):
    charter = models.ForeignKey(CharterPage, verbose_name=_("charter"),
                                on_delete=models.CASCADE, related_name="endorsements")
    kind = models.CharField(_("endorsing as"), max_length=20, choices=EndorserKind.choices,
                            default=EndorserKind.RESIDENT)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation name"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    show_name = models.BooleanField(_("name shown publicly"), default=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), "charter",
                                               name="charters_one_endorsement_per_email")]

    def __str__(self):
        return self.public_name or self.name

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def public_name(self):
        """What may be shown publicly: an organisation's name, a resident's only if agreed."""
        if self.kind == EndorserKind.ORGANISATION:
            return self.organisation or self.name
        return self.name if self.show_name else ""
