"""The sign-up kit: what a plugin needs for people to sign up for one of its objects.

A plugin's model is ``Bookable`` (or a page is a ``BookablePage``); its URLs come from
``bookable_urls``, which gives, under the plugin's namespace (its app label):

- ``<app>:sign_up`` — the form (rate limit, honeypot, booking, links sent again on a
  repeated sign-up, the same answer for a new, a repeated or a robot's sign-up);
- ``<app>:calendar`` — one object's calendar file;
- ``<app>:calendar_feed`` — the feed of every upcoming one.

The form page is ``<app_label>/sign_up.html`` when the plugin has one (it extends
``bookings/sign_up.html`` and overrides its blocks), else the engine's.
``{% load bookings_tags %}`` gives ``{% seats_left object %}`` and
``{% sign_up_actions object %}`` for listings.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from core import ratelimit

from . import conf, ics, services
from .forms import BookingForm

# What the engine's ``book`` takes from a sign-up form, when the form has the field.
BOOKING_FIELDS = ("name", "email", "phone", "party_size", "minors", "guardian_name",
                  "accessibility_needs", "consent")


class SignUpView(View):
    """GET shows the form, POST books. Subclass and override the ``may_sign_up``,
    ``get_initial`` or ``booking_values`` steps; set ``form_class`` for more fields."""

    model = None
    form_class = BookingForm
    template_name = None
    http_method_names = ["get", "post"]

    def get_object(self):
        queryset = self.model.objects.with_seats()
        if self.model.page_field:
            queryset = queryset.select_related(self.model.page_field)
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        if obj.offering_id is None or not obj.public_page.live:
            raise Http404
        return obj

    def may_sign_up(self, request, obj):
        """None when ``request`` may sign up for ``obj``, else the response to give
        (checked on GET and POST alike: hiding a button is not a rule)."""
        return None

    def get_initial(self, request, obj) -> dict:
        user = request.user
        return {"name": user.get_full_name(), "email": user.email} \
            if user.is_authenticated else {}

    def booking_values(self, request, obj, form) -> dict:
        """Keyword arguments of ``services.book`` from the valid form."""
        data = form.cleaned_data
        values = {name: data[name] for name in BOOKING_FIELDS if name in data}
        values.setdefault("party_size", 1)
        values["minors"] = values.get("minors") or 0
        values["guardian_name"] = values.get("guardian_name") or ""
        return values

    def get_template_names(self, obj):
        if self.template_name:
            return [self.template_name]
        return [f"{obj._meta.app_label}/sign_up.html", "bookings/sign_up.html"]

    def render(self, request, obj, context, status=200):
        return TemplateResponse(request, self.get_template_names(obj), context, status=status)

    def dispatch(self, request, *args, **kwargs):
        obj = self.get_object()
        refused = self.may_sign_up(request, obj)
        if refused is not None:
            return refused
        offering, page = obj.offering, obj.public_page
        form = self.form_class(request.POST or None, initial=self.get_initial(request, obj),
                               **obj.sign_up_form_kwargs())
        context = {"object": obj, "page": page, "offering": offering, "form": form,
                   "open": offering.is_open_for_registration(),
                   "full": obj.seats_left <= 0,
                   "retention_days": conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS"),
                   "consent_version": conf.get("ESSAIM_BOOKINGS_CONSENT_VERSION")}
        if request.method == "GET":
            return self.render(request, obj, context)
        if not ratelimit.allow(request, request.POST.get("email")):
            return TemplateResponse(request, "bookings/rate_limited.html", {"page": page},
                                    status=429)
        if not form.is_valid():
            return self.render(request, obj, context, status=400)
        if not form.is_spam():
            try:
                services.book(offering, consent_text_version=context["consent_version"],
                              language=translation.get_language() or "fr",
                              **self.booking_values(request, obj, form))
            except services.AlreadyBooked as error:
                if error.booking is not None:
                    services.resend_links(error.booking)
            except services.BookingError as error:
                form.add_error(None, error.message)
                return self.render(request, obj, context, status=400)
        # The same answer for a new, a repeated or a robot's sign-up: it reveals nothing.
        if context["full"]:
            messages.success(request, _(
                "Almost done! We have emailed you a link: open it to join the waiting list. "
                "We will email you as soon as a seat is free."))
        else:
            messages.success(request, _("Almost done! We have emailed you a link: open it to "
                                        "confirm your sign-up."))
        return HttpResponseRedirect(page.url)


def calendar_view(model, filename):
    def calendar(request, pk):
        obj = get_object_or_404(model.objects.live().select_related("offering"), pk=pk)
        if obj.offering_id is None:
            raise Http404
        return ics.calendar_response(ics.calendar_for([obj.offering]),
                                     f"{filename}-{obj.pk}.ics")
    return calendar


def calendar_feed_view(model, filename, limit=500):
    def calendar_feed(request):
        objects = model.objects.upcoming()[:limit]
        return ics.calendar_response(
            ics.calendar_for([obj.offering for obj in objects],
                             name=str(model._meta.verbose_name_plural).capitalize()),
            f"{filename}.ics")
    return calendar_feed


def bookable_urls(model, section, items=None, sign_up_view=SignUpView):
    """The kit's three URLs for ``model``, to include under the plugin's app namespace:
    ``<section>/[<items>/]<pk>/inscription/``, ``…/<pk>/calendrier.ics`` and
    ``<section>/calendrier.ics``."""
    prefix = f"{section}/{items}" if items else section
    name = items or section
    return [
        path(f"{prefix}/<int:pk>/inscription/", sign_up_view.as_view(model=model),
             name="sign_up"),
        path(f"{prefix}/<int:pk>/calendrier.ics", calendar_view(model, name), name="calendar"),
        path(f"{section}/calendrier.ics", calendar_feed_view(model, section),
             name="calendar_feed"),
    ]
