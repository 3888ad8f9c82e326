"""Thin views: they read the request, call a service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.links import absolute_url
from core.tokens import link_view

from . import services
from .forms import EndorsementForm
from .models import CharterPage


def version_history(request, charter):
    versions = list(charter.versions.all())
    context = {"page": charter, "versions": versions, "diff": None, "diff_error": ""}
    by_number = {v.number: v for v in versions}
    older, newer = request.GET.get("de"), request.GET.get("a")
    if older or newer:
        try:
            context["diff"] = services.diff_versions(by_number[int(older)],
                                                     by_number[int(newer)])
        except (KeyError, TypeError, ValueError):
            context["diff_error"] = _("Choose two adopted versions of this charter to compare.")
    elif len(versions) >= 2:
        context["diff"] = services.diff_versions(versions[-2], versions[-1])
    return TemplateResponse(request, "charters/charter_versions.html", context,
                            status=400 if context["diff_error"] else 200)


@require_http_methods(["GET", "POST"])
def endorse(request, charter):
    if request.method == "GET":
        # The form rendered for this visitor, with its CSRF token (the charter page itself
        # comes from the shared cache and fetches one: forms.js).
        return charter.render(request, context_overrides={"inline_csrf": True})
    if not ratelimit.allow(request, request.POST.get("email"), scope="endorsement"):
        return TemplateResponse(request, "bookings/rate_limited.html", {"page": charter},
                                status=429)
    form = EndorsementForm(request.POST)
    if not form.is_valid():
        response = charter.render(request, context_overrides={"endorsement_form": form,
                                                              "inline_csrf": True})
        response.status_code = 400
        return response
    if form.is_spam():  # answered like anyone else; nothing saved, nothing sent
        return _thanked(request, charter)

    def confirm_url_for(token):
        return absolute_url(
            charter.url + charter.reverse_subpage("confirm_endorsement")
            + "?" + urlencode({"jeton": token}))

    data = {name: value for name, value in form.cleaned_data.items() if name != "website"}
    services.request_endorsement(charter, confirm_url_for=confirm_url_for, **data)
    return _thanked(request, charter)


def _thanked(request, charter):
    # The same message whether or not the address already endorsed: it reveals nothing.
    messages.success(request, _("Thank you! Check your inbox: your endorsement counts once "
                                "you open the link we have just sent you."))
    return HttpResponseRedirect(charter.url + "#endorse")


@require_http_methods(["GET", "POST"])
@link_view(advice=gettext_lazy("Nothing has been recorded. You can endorse the charter again "
                               "from its page: we will send you a new link."),
           back=lambda charter, token: (
               _("Back to “%(title)s”") % {"title": charter.title},
               charter.url + "#endorse"))
def confirm_endorsement(request, charter, token):
    endorsement = services.endorsement_from_token(charter, token)
    if request.method == "GET" and not endorsement.is_confirmed:
        # Confirming takes a click: mail scanners that open links change nothing.
        return TemplateResponse(request, "charters/confirm_endorsement.html",
                                {"page": charter, "endorsement": endorsement})
    if request.method == "POST" and services.confirm_endorsement(endorsement):
        messages.success(request, _("Your endorsement is confirmed. Thank you!"))
    else:
        messages.info(request, _("Your endorsement was already confirmed."))
    return HttpResponseRedirect(charter.url + "#endorsements")


def compare(request):
    selected = request.GET.getlist("chartes")
    # "Compare with another charter" links pre-tick one charter without comparing yet.
    ticked = selected or request.GET.getlist("avec")
    available = (CharterPage.objects.live().public().select_related("territory")
                 .order_by("territory__name", "title"))
    context = {"available": available, "selected": ticked, "comparison": None,
               "error": "", "min": services.MIN_COMPARED, "max": services.MAX_COMPARED}
    status = 200
    if selected:
        try:
            charters = services.charters_to_compare(selected)
        except services.ComparisonError as error:
            context["error"], status = str(error), 400
        else:
            context["comparison"] = services.compare_charters(charters)
    return TemplateResponse(request, "charters/compare.html", context, status=status)
