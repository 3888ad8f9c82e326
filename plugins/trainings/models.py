"""Trainings: modules, sessions (each owning an Offering of the sign-up engine),
learning paths, per-part attendance and certificates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.bookings.models import Bookable, BookableQuerySet
from core.images import Illustrated, illustration_panel
from core.models import SectionIndexPage

TRAINERS_GROUP = "Formateurs"


class TrainingCatalogPage(SectionIndexPage):
    subpage_types = ["trainings.TrainingModulePage", "trainings.LearningPathPage"]
    template = "trainings/training_catalog_page.html"

    class Meta:
        verbose_name = _("trainings catalogue index")

    def get_context(self, request, *args, **kwargs):
        from .catalogue import filter_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(filter_catalogue(request.GET))
        return context


class TrainingTopic(models.Model):
    """Editable taxonomy: what a module is about."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    VOLUNTEERS = "volunteers", _("volunteers")
    AGENTS = "agents", _("agents")
    ELECTED = "elected", _("elected officials")


AUDIENCE_FIELDS = {Audience.RESIDENTS: "for_residents", Audience.VOLUNTEERS: "for_volunteers",
                   Audience.AGENTS: "for_agents", Audience.ELECTED: "for_elected"}


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


def trainers_only():
    return {"groups__name": TRAINERS_GROUP}


class TrainingModulePage(Illustrated, Page):
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True
    topic = models.ForeignKey(TrainingTopic, verbose_name=_("topic"), null=True,
                              on_delete=models.PROTECT, related_name="modules")
    summary = models.TextField(_("summary"), blank=True)
    for_residents = models.BooleanField(_("residents"), default=True)
    for_volunteers = models.BooleanField(_("volunteers"), default=False)
    for_agents = models.BooleanField(_("agents"), default=False)
    for_elected = models.BooleanField(_("elected officials"), default=False)
    objectives = RichTextField(_("objectives"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=180,
                                                   validators=[MinValueValidator(15)])
    format = models.CharField(_("format"), max_length=20, choices=TrainingFormat.choices,
                              default=TrainingFormat.IN_PERSON)
    prerequisites = RichTextField(_("prerequisites"), blank=True)
    trainers = ParentalManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("trainers"),
                                       blank=True, related_name="training_modules",
                                       limit_choices_to=trainers_only)

    content_panels = Page.content_panels + [
        FieldPanel("topic"), FieldPanel("summary"), illustration_panel(),
        MultiFieldPanel([FieldPanel("for_residents"), FieldPanel("for_volunteers"),
                         FieldPanel("for_agents"), FieldPanel("for_elected")],
                        heading=_("Audiences")),
        FieldPanel("objectives"),
        InlinePanel("programme_steps", heading=_("Programme"), label=_("step")),
        MultiFieldPanel([FieldPanel("duration_minutes"), FieldPanel("format")],
                        heading=_("Practical information")),
        FieldPanel("prerequisites"),
        InlinePanel("materials", heading=_("Materials"), label=_("document")),
        FieldPanel("trainers"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"),
                                          index.SearchField("objectives"),
                                          index.FilterField("format")]
    parent_page_types = ["trainings.TrainingCatalogPage"]
    subpage_types = []
    template = "trainings/training_module_page.html"

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")

    def audiences(self):
        return [label for value, label in Audience.choices
                if getattr(self, AUDIENCE_FIELDS[value])]

    def card_facts(self):
        """The short facts of this module's card in the catalogue."""
        from django.utils.translation import gettext, ngettext

        facts = [self.topic.name] if self.topic_id else []
        facts += [self.get_format_display().capitalize(),
                  ngettext("%(minutes)d minute", "%(minutes)d minutes",
                           self.duration_minutes) % {"minutes": self.duration_minutes},
                  gettext("For: %(audiences)s") % {"audiences": ", ".join(
                      str(label) for label in self.audiences())}]
        return facts

    def upcoming_sessions(self):
        if self.pk is None:  # previewed before its first save
            return TrainingSession.objects.none()
        return TrainingSession.objects.upcoming().filter(module=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = self.upcoming_sessions()
        return context


class ProgrammeStep(Orderable):
    module = ParentalKey(TrainingModulePage, related_name="programme_steps",
                         on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True,
                                                   blank=True)

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("duration_minutes")]

    class Meta(Orderable.Meta):
        verbose_name = _("programme step")
        verbose_name_plural = _("programme steps")


class ModuleMaterial(Orderable):
    module = ParentalKey(TrainingModulePage, related_name="materials", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"),
                                 on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class TrainingSessionQuerySet(BookableQuerySet):
    def led_by(self, user):
        return self.filter(trainers=user).distinct()


class TrainingSessionForm(WagtailAdminModelForm):
    """Who leads a session is chosen by editors; a trainer creating one leads it."""

    def save(self, commit=True):
        creating = self.instance.pk is None
        instance = super().save(commit=False)
        user = getattr(self, "for_user", None)
        if creating and user is not None and not user.has_perm(ASSIGN_TRAINERS):
            instance.trainers = [user]
        if commit:
            instance.save()
        return instance


ASSIGN_TRAINERS = "trainings.assign_trainers"


class TrainingSession(Bookable, ClusterableModel):
    module = models.ForeignKey(TrainingModulePage, verbose_name=_("module"),
                               on_delete=models.CASCADE, related_name="sessions")
    trainers = ParentalManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("trainers"),
                                       blank=True, related_name="training_sessions",
                                       limit_choices_to=trainers_only)
    place = models.CharField(_("place"), max_length=300, blank=True,
                             help_text=_("Address, for sessions in person or hybrid."))
    online_link = models.URLField(
        _("online link"), blank=True,
        help_text=_("Shown only to confirmed participants (email and their own page)."))
    capacity = models.PositiveIntegerField(_("capacity"), default=20,
                                           validators=[MinValueValidator(1)])
    agents_only = models.BooleanField(
        _("reserved for agents"), default=False,
        help_text=_("Only signed-in members of the Professionals group can sign up."))

    objects = TrainingSessionQuerySet.as_manager()

    panels = [
        FieldPanel("module"), FieldPanel("trainers", permission=ASSIGN_TRAINERS),
        InlinePanel("parts", heading=_("Dates"), label=_("part"), min_num=1),
        FieldPanel("place"), FieldPanel("online_link"), FieldPanel("capacity"),
        FieldPanel("agents_only"),
    ]

    base_form_class = TrainingSessionForm

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        permissions = [("assign_trainers", "Can choose who leads a training session")]

    def __str__(self):
        start = self.starts_at
        when = f" – {timezone.localtime(start):%d/%m/%Y}" if start else ""
        return f"{self.module.title}{when}"

    def sorted_parts(self):
        return sorted(self.parts.all(), key=lambda part: part.starts_at)

    def card_facts(self):
        """The short facts of this session's card in the catalogue."""
        from django.utils.translation import gettext, ngettext

        parts = self.sorted_parts()
        facts = [self.place or gettext("Online")]
        if len(parts) > 1:
            facts.append(ngettext("In %(count)d part", "In %(count)d parts", len(parts))
                         % {"count": len(parts)})
        if self.agents_only:
            facts.append(gettext("Reserved for agents (professional account)"))
        return facts

    @property
    def starts_at(self):
        parts = self.sorted_parts()
        return parts[0].starts_at if parts else None

    @property
    def ends_at(self):
        parts = self.sorted_parts()
        return max(part.ends_at for part in parts) if parts else None

    # --- the sign-up kit (core.bookings.models.Bookable) -------------------------------

    page_field = "module"

    def sign_up_form_kwargs(self):
        return {}  # one seat per person (SessionBookingForm)

    def offering_values(self):
        parts = self.sorted_parts()
        if not parts:
            return None  # saved before its parts: synchronised once they are
        module = self.module
        return {"title": module.title, "starts_at": parts[0].starts_at,
                "ends_at": max(part.ends_at for part in parts),
                "location": self.place or str(_("Online")), "page_url": module.url or "",
                "capacity": self.capacity, "max_party_size": 1}

    def booking_email_context(self, booking, kind):
        from django.urls import reverse

        from core.bookings.services import manage_token
        from core.links import absolute_url

        from .services import format_dates, sees_online_link

        return {"session": self, "dates": format_dates(self),
                "online_link": self.online_link if sees_online_link(booking) else "",
                "training_page_url": absolute_url(reverse(
                    "trainings:my_booking", args=[manage_token(booking)]))}


class SessionPart(Orderable):
    session = ParentalKey(TrainingSession, related_name="parts", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))

    panels = [FieldPanel("title"), FieldPanel("starts_at"), FieldPanel("ends_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("session part")
        verbose_name_plural = _("session parts")

    def __str__(self):
        return self.title or f"{timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})


class PartAttendance(models.Model):
    part = models.ForeignKey(SessionPart, on_delete=models.CASCADE, related_name="attendances")
    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE,
                                related_name="training_attendances")
    present = models.BooleanField(_("present"))
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["part", "booking"],
                                               name="trainings_one_attendance_per_part")]

    def __str__(self):
        return f"{self.part} – {self.booking_id}: {self.present}"


class SessionMaterial(models.Model):
    """A document a trainer adds after the session, for its participants."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="after_materials")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"),
                                 on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("material added after the session")
        verbose_name_plural = _("materials added after the session")
        ordering = ["added_at"]

    def __str__(self):
        return str(self.document)


class LearningPathForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("path_modules")
        if formset is not None and formset.is_valid():
            optional = [form for form in formset.forms
                        if form.cleaned_data and not form.cleaned_data.get("DELETE")
                        and not form.cleaned_data.get("required")]
            if (cleaned.get("optional_modules_required") or 0) > len(optional):
                self.add_error("optional_modules_required", _(
                    "The path has fewer optional modules than this number."))
        return cleaned


class LearningPathPage(Page):
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True
    intro = RichTextField(_("introduction"), blank=True)
    optional_modules_required = models.PositiveSmallIntegerField(
        _("optional modules to complete"), default=0,
        help_text=_("Besides every required module, how many optional modules earn the "
                    "certificate."))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("path_modules", heading=_("Modules"), label=_("module"), min_num=1),
        FieldPanel("optional_modules_required"),
    ]
    parent_page_types = ["trainings.TrainingCatalogPage"]
    subpage_types = []
    template = "trainings/learning_path_page.html"
    base_form_class = LearningPathForm

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = (self.path_modules.select_related("module", "module__topic",
                                                             "module__image")
                            .prefetch_related("module__image__renditions")
                            if self.pk else [])
        return context

    def clean(self):
        # Checked by LearningPathForm, which sees the modules being edited (the page's
        # own path_modules are not yet those of the form when the page is cleaned).
        super().clean()


class PathModule(Orderable):
    path = ParentalKey(LearningPathPage, related_name="path_modules", on_delete=models.CASCADE)
    module = models.ForeignKey(TrainingModulePage, verbose_name=_("module"),
                               on_delete=models.CASCADE, related_name="+")
    required = models.BooleanField(_("required"), default=True)

    panels = [FieldPanel("module"), FieldPanel("required")]

    class Meta(Orderable.Meta):
        verbose_name = _("module of the path")
        verbose_name_plural = _("modules of the path")


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", _("attestation of attendance")
    COMPLETION = "completion", _("certificate of completion")


class Certificate(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    code = models.CharField(_("verification code"), max_length=40, unique=True, editable=False)
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_email = models.EmailField(_("holder's email"), db_index=True)
    training_title = models.CharField(_("training"), max_length=255)
    training_dates = models.CharField(_("dates"), max_length=255, blank=True)
    # What the document states, kept as issued: a trainer who leaves or a site renamed
    # later does not change a certificate already delivered.
    issuer_name = models.CharField(_("issued by"), max_length=100, blank=True)
    trainer_names = models.CharField(_("trainers"), max_length=300, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True,
                                                   blank=True)
    booking = models.OneToOneField("bookings.Booking", null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="training_certificate")
    session = models.ForeignKey(TrainingSession, null=True, blank=True, editable=False,
                                on_delete=models.SET_NULL, related_name="certificates")
    path = models.ForeignKey(LearningPathPage, null=True, blank=True, editable=False,
                             on_delete=models.SET_NULL, related_name="certificates")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    pdf = models.BinaryField(_("PDF"), editable=False, default=bytes)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [models.UniqueConstraint(
            fields=["path", "holder_email"], condition=Q(kind="completion"),
            name="trainings_one_completion_certificate_per_path_and_person")]

    def __str__(self):
        return f"{self.holder_name} – {self.training_title} ({self.code})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def verification_path(self):
        from django.urls import reverse

        return reverse("trainings:verify_certificate", args=[self.code])
