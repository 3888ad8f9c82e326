"""Offerings (anything with a capacity and a registration window) and bookings.

An offering is owned by a plugin object (a visit slot, a training session…)
through a one-to-one field on that object; it keeps a copy of what emails and
calendar files need (title, dates, place, page) so the engine never has to
know the plugin's models.
"""

from datetime import timedelta

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("pending confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("waitlisted")
    OFFERED = "offered", _("seat offered")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("no-show")


# One person (email) has at most one booking in these statuses per offering.
ACTIVE_STATUSES = [BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED,
                   BookingStatus.OFFERED]
# Statuses that hold seats: capacity is the limit of their summed party sizes.
SEAT_HOLDING_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.OFFERED,
                         BookingStatus.ATTENDED, BookingStatus.NO_SHOW]


class CancellationReason(models.TextChoices):
    PERSON = "person", _("cancelled by the person")
    OFFER_EXPIRED = "offer_expired", _("seat offer expired")
    OFFERING_CANCELLED = "offering_cancelled", _("the visit or session was cancelled")
    ERASED = "erased", _("personal data erased at the person's request")


def seats_taken_of(offering_ref):
    """The seats taken of the offering ``offering_ref`` points to, as a subquery: one
    index lookup on (offering, status) per row, instead of grouping the rows by every
    selected column."""
    return Coalesce(Subquery(
        Booking.objects.filter(offering=OuterRef(offering_ref),
                               status__in=SEAT_HOLDING_STATUSES)
        .order_by().values("offering").annotate(total=Sum("party_size")).values("total")[:1]),
        0)


class OfferingQuerySet(models.QuerySet):
    def with_seats_taken(self):
        return self.annotate(seats_taken_count=seats_taken_of("pk"))


class Offering(models.Model):
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=500, blank=True)
    page_url = models.CharField(_("page address"), max_length=500, blank=True,
                                help_text=_("Path of the public page describing the offering."))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True,
                                                 blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True,
        help_text=_("Leave empty to accept sign-ups until the start."))
    max_party_size = models.PositiveSmallIntegerField(
        _("maximum party size"), default=4, validators=[MinValueValidator(1)])
    reminder_delay = models.DurationField(_("reminder sent before the start"),
                                          default=timedelta(days=2))
    offer_validity_hours = models.PositiveSmallIntegerField(
        _("seat offers valid for (hours)"), default=48,
        validators=[MinValueValidator(6), MaxValueValidator(24 * 14)])
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_message = models.TextField(_("cancellation message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The plugin object the offering belongs to (a visit date, a training session…):
    # it chooses the wording of the emails (see Bookable).
    owner_type = models.ForeignKey(ContentType, null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+")
    owner_pk = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    owner = GenericForeignKey("owner_type", "owner_pk")

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(offer_validity_hours__gte=6),
                                   name="bookings_offer_validity_at_least_6_hours"),
            models.CheckConstraint(condition=Q(capacity__gte=1),
                                   name="bookings_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y %H:%M})"

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def seats_taken(self):
        if hasattr(self, "seats_taken_count"):
            return self.seats_taken_count
        return (self.bookings.filter(status__in=SEAT_HOLDING_STATUSES)
                .aggregate(total=Coalesce(Sum("party_size"), 0))["total"])

    def seats_left(self):
        return max(self.capacity - self.seats_taken(), 0)

    def is_full_for(self, party_size) -> bool:
        """Whether a party of ``party_size`` would join the waiting list now."""
        return self.seats_left() < party_size

    def is_open_for_registration(self, now=None):
        now = now or timezone.now()
        closes = self.registration_closes_at or self.starts_at
        return (not self.is_cancelled and now < closes
                and (self.registration_opens_at is None or now >= self.registration_opens_at))

    def status_counts(self):
        counts = dict(self.bookings.values_list("status").annotate(n=models.Count("pk")))
        seats = dict(self.bookings.values_list("status").annotate(n=Sum("party_size")))
        return {status: {"bookings": counts.get(status, 0), "people": seats.get(status, 0)}
                for status in BookingStatus.values}


class Booking(models.Model):
    offering = models.ForeignKey(Offering, verbose_name=_("offering"), on_delete=models.CASCADE,
                                 related_name="bookings")
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices,
                              default=BookingStatus.PENDING)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    party_size = models.PositiveSmallIntegerField(_("number of people"), default=1,
                                                  validators=[MinValueValidator(1)])
    minors = models.PositiveSmallIntegerField(_("of whom minors"), default=0)
    guardian_name = models.CharField(_("accompanying adult"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consent = models.BooleanField(_("consent given"), default=False)
    consent_text_version = models.CharField(_("version of the consent text"), max_length=40,
                                            blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.CharField(_("cancellation reason"), max_length=30, blank=True,
                                           choices=CancellationReason.choices)
    attendance_marked_at = models.DateTimeField(_("attendance marked at"), null=True,
                                                blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    feedback_requested_at = models.DateTimeField(_("feedback requested at"), null=True,
                                                 blank=True)
    feedback_rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    feedback_comment = models.TextField(_("comment"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "pk"]
        permissions = [("manage_bookings", "Can see and manage the participants of sign-ups")]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "email"],
                condition=Q(status__in=ACTIVE_STATUSES, erased_at__isnull=True),
                name="bookings_one_active_booking_per_email",
                violation_error_message=_("This email address already has a booking here."),
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1),
                                   name="bookings_party_size_positive"),
        ]
        indexes = [
            models.Index(fields=["offering", "status"]),
            models.Index(fields=["status", "offer_expires_at"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self):
        return f"{self.name} – {self.offering.title}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def holds_seats(self):
        return self.status in SEAT_HOLDING_STATUSES

    @property
    def can_be_cancelled(self):
        from .rules import person_can_cancel

        return person_can_cancel(self)

    @property
    def can_be_marked(self):
        from .rules import can_be_marked

        return can_be_marked(self)

    @property
    def can_give_feedback(self):
        return (self.status in (BookingStatus.CONFIRMED, BookingStatus.ATTENDED)
                and timezone.now() >= self.offering.ends_at and self.feedback_at is None
                and self.erased_at is None)


class BookableQuerySet(models.QuerySet):
    def with_seats(self):
        """Each object with its offering and the seats taken, in the same query."""
        return self.select_related("offering").annotate(
            seats_taken_count=seats_taken_of("offering_id"))

    def live(self):
        """Those whose public page is live (``Bookable.page_field``)."""
        field = self.model.page_field
        return self.filter(**{f"{field}__live" if field else "live": True})

    def upcoming(self, now=None, within=None):
        """Live, not cancelled, starting after ``now`` (and, given ``within``, before
        ``now + within``), soonest first, with their seats."""
        now = now or timezone.now()
        queryset = self.live().with_seats().filter(
            offering__starts_at__gt=now, offering__cancelled_at__isnull=True)
        if within is not None:
            queryset = queryset.filter(offering__starts_at__lte=now + within)
        if self.model.page_field:
            queryset = queryset.select_related(self.model.page_field)
        return queryset.order_by("offering__starts_at", "pk")


class Bookable(models.Model):
    """What makes a plugin's model something people sign up for (the sign-up kit).

    The model owns one Offering, kept in step by the engine's services whenever
    the model is saved: a change of capacity offers freed seats to the waiting
    list, a change of date, time or place is emailed to the participants. The
    plugin says what the offering is (``offering_values``) and, if it wants,
    adds to the emails (``booking_email_context``; templates in
    ``<app_label>/emails/<kind>.txt`` replace the engine's).
    """

    offering = models.OneToOneField(Offering, verbose_name=_("sign-ups"), null=True,
                                    blank=True, editable=False, on_delete=models.PROTECT,
                                    related_name="+")

    # The field holding the public page that describes the object ("page" for a visit
    # date, "module" for a training session); None when the object is that page.
    page_field = "page"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.sync_offering()

    def offering_values(self) -> dict:
        """title, starts_at, ends_at, location, page_url, capacity and optionally
        max_party_size, registration_opens_at, registration_closes_at."""
        raise NotImplementedError

    def booking_email_context(self, booking, kind) -> dict:
        """What this plugin's email templates need beyond the engine's context."""
        return {}

    def clean(self):
        from django.core.exceptions import ValidationError

        from .services import BookingError, check_capacity

        super().clean()
        try:
            check_capacity(self.offering if self.offering_id else None,
                           getattr(self, "capacity", None))
        except BookingError as error:
            raise ValidationError({"capacity": error.message}) from None

    def sync_offering(self):
        from .services import sync_offering

        if self.pk is not None and self.offering_values() is not None:
            sync_offering(self)

    @property
    def seats_taken(self):
        if not self.offering_id:
            return 0
        if hasattr(self, "seats_taken_count"):  # BookableQuerySet.with_seats()
            return self.seats_taken_count
        return self.offering.seats_taken()

    @property
    def seats_left(self):
        return max(self.offering.capacity - self.seats_taken, 0) if self.offering_id else 0

    @property
    def public_page(self):
        return getattr(self, self.page_field) if self.page_field else self

    def sign_up_form_kwargs(self) -> dict:
        """Keyword arguments of the sign-up form (``max_party_size``, ``minimum_age``)."""
        return {"max_party_size": self.offering.max_party_size if self.offering_id else 1}

    @property
    def sign_up_url(self):
        from django.urls import reverse

        return reverse(f"{self._meta.app_label}:sign_up", args=[self.pk])

    @property
    def calendar_url(self):
        from django.urls import reverse

        return reverse(f"{self._meta.app_label}:calendar", args=[self.pk])


class BookablePage(Bookable, Page):
    """A page people sign up for, on one date: the shortest road to an event with sign-ups,
    a waiting list, reminders and a calendar file (the example city plugin uses it).

    A subclass adds its own fields and may override ``offering_values`` to say more (the
    place, a smaller party size); the dates, capacity and sign-up window are here.
    """
    # Its main content is the same for every visitor (core.pagecache.serve_shared_content).
    shares_content = True

    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=20,
                                           validators=[MinValueValidator(1)])
    max_party_size = models.PositiveSmallIntegerField(
        _("maximum party size"), default=4, validators=[MinValueValidator(1)])
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True,
        help_text=_("Leave empty to accept sign-ups until the start."))
    description = RichTextField(_("description"), blank=True)

    page_field = None
    exclude_fields_in_copy = ["offering"]  # a copy gets its own sign-ups
    objects = PageManager.from_queryset(type("BookablePageQuerySet",
                                             (BookableQuerySet, PageQuerySet), {}))()

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                         FieldPanel("location"),
                         FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_party_size")]),
                         FieldPanel("registration_closes_at")], heading=_("Sign-ups")),
        FieldPanel("description"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    def offering_values(self):
        return {"title": self.title, "starts_at": self.starts_at, "ends_at": self.ends_at,
                "location": self.location, "page_url": self.url or "",
                "capacity": self.capacity, "max_party_size": self.max_party_size,
                "registration_closes_at": self.registration_closes_at}
