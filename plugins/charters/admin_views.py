"""Admin views: start a charter from the practitioners' template, adopt a version."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import guidance, services
from .forms import AdoptVersionForm, NewCharterFromTemplateForm
from .models import CharterIndexPage, CharterPage


def new_from_template(request):
    index = CharterIndexPage.objects.order_by("pk").first()
    if index is None:
        messages.error(request, _("Create the charters index page first."))
        return redirect("wagtailadmin_home")
    if not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    form = NewCharterFromTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = guidance.template_page(form.cleaned_data["territory"], form.cleaned_data["title"])
        index.add_child(instance=page)
        page.save_revision(user=request.user)
        messages.success(request, _("Draft charter created from the template: answer the "
                                    "questions in each section, then publish."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "charters/admin/form.html", {
        "form": form, "page_title": _("New charter from template"),
        "intro": _("The new charter starts as a draft whose sections hold the questions "
                   "practitioners ask themselves when writing a charter, and four common "
                   "commitments to adapt or remove."),
        "submit_label": _("Create the draft")})


def adopt(request, page_id):
    charter = get_object_or_404(CharterPage, pk=page_id)
    if not charter.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = AdoptVersionForm(request.POST or None, initial={
        "deliberation_reference": charter.deliberation_reference})
    if request.method == "POST" and form.is_valid():
        version = services.adopt_version(charter, **form.cleaned_data)
        messages.success(request, _("Version %(number)d of “%(title)s” adopted.") % {
            "number": version.number, "title": charter.title})
        return redirect("wagtailadmin_explore", charter.get_parent().pk)
    return TemplateResponse(request, "charters/admin/form.html", {
        "form": form, "page_title": _("Adopt a version of “%(title)s”") % {"title": charter.title},
        "intro": _("The charter's current published commitments are kept as a new adopted "
                   "version, shown in its public history. Publish your changes first."),
        "submit_label": _("Adopt this version")})
