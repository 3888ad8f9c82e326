"""The "my data" pages, for everything any part of the site keeps about an address: ask
for a link by email, then see, download (one JSON file) or erase it."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import outbox, personal_data, ratelimit
from core.forms import HoneypotMixin
from core.links import absolute_url
from core.notifications import deliver_templated_email
from core.tokens import link_view


class MyDataRequestForm(HoneypotMixin):
    email = forms.EmailField(label=gettext_lazy("Your email address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


@outbox.handler
def deliver_my_data_link(payload, message=None):
    """Email a link to see, export or erase the data kept about an address, if any."""
    email, language = payload["email"], payload.get("language") or "fr"
    if not personal_data.holds_data(email):
        return False  # nothing kept: no email, and the page said the same either way
    token = personal_data.request_link(email)
    deliver_templated_email("core/emails/my_data", [email], {
        "url": absolute_url(reverse("personal_data:manage", args=[token])),
        "hours": personal_data.link_hours()}, language,
        headers=outbox.message_id_header(message) if message else None)
    return True


@require_http_methods(["GET", "POST"])
def request_link(request):
    form = MyDataRequestForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(request, request.POST.get("email"), scope="my-data"):
            return TemplateResponse(request, "bookings/rate_limited.html", {}, status=429)
        if form.is_valid():
            if not form.is_spam():
                outbox.enqueue(deliver_my_data_link, {
                    "email": personal_data.normalise(form.cleaned_data["email"]),
                    "language": translation.get_language() or "fr"})
            # The same answer whether or not we know the address: it reveals nothing.
            messages.success(request, _("If we keep data about this address, we have just "
                                        "emailed it a link. Check your inbox."))
            return HttpResponseRedirect(reverse("personal_data:request"))
    return TemplateResponse(request, "core/personal_data/request.html", {
        "form": form, "register": personal_data.register()},
        status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@link_view(advice=gettext_lazy("Ask for a new link on the “my data” page: it is valid for a few "
                        "hours."), back=lambda token: (gettext_lazy("Ask for a new link"),
                                                       reverse("personal_data:request")))
def manage(request, token):
    email = personal_data.email_of_request(token)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "export":
        data = personal_data.export_all(email)
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
        response["Cache-Control"] = "private, no-store"
        return response
    if action == "erase":
        counts = personal_data.erase_all(email)
        messages.success(request, _("Your data has been erased (%(count)d records).")
                         % {"count": sum(counts.values())})
        return HttpResponseRedirect(reverse("personal_data:request"))
    kept = [{"label": str(source.label), "records": records}
            for source in personal_data.sources()
            if (records := source.export(email))]
    return TemplateResponse(request, "core/personal_data/manage.html", {
        "email": email, "kept": kept, "token": token})
