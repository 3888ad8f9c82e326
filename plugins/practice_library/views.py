"""Front-end contribution: a professional drafts, completes and submits their sheets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .forms import STEPS, STEPS_BY_NAME, EssentialsForm
from .models import PracticeSheetPage

LOGIN_URL = reverse_lazy("accounts:login")
contributor_required = login_required(login_url=LOGIN_URL)
# "Draft saved" is shown by the next step's page itself, in a live region.
SAVED_FLAG = "practice_library.saved"


def _step_urls(page):
    return [(form.step, form.step_title,
             reverse("practice_library:step", args=[page.pk, form.step])) for form in STEPS]


def _require_professional(user):
    if not (permissions.is_professional(user) or user.is_staff):
        raise PermissionDenied


@contributor_required
def dashboard(request):
    _require_professional(request.user)
    sheets = (PracticeSheetPage.objects.filter(owner=request.user)
              .select_related("territory").order_by("-latest_revision_created_at"))
    return render(request, "practice_library/contribute/dashboard.html", {"sheets": sheets})


@contributor_required
def create(request):
    _require_professional(request.user)
    form = EssentialsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.create_draft(request.user, form)
        except services.ContributionError as exc:
            messages.error(request, str(exc))
        else:
            request.session[SAVED_FLAG] = True
            return redirect("practice_library:step", page.pk, STEPS[1].step)
    return render(request, "practice_library/contribute/step.html",
                  {"form": form, "step": EssentialsForm, "steps": None, "page": None})


def _own_sheet(request, pk):
    page = get_object_or_404(PracticeSheetPage, pk=pk)
    if not permissions.can_view_draft(request.user, page):
        raise PermissionDenied
    return page


@contributor_required
def step(request, pk, step):
    page = _own_sheet(request, pk)
    form_class = STEPS_BY_NAME.get(step)
    if form_class is None:
        raise Http404
    if not permissions.can_edit(request.user, page):
        raise PermissionDenied
    draft = services.latest_draft(page)
    form = form_class(request.POST or None, instance=draft,
                      initial=form_class.initial_for(request.user, draft))
    if request.method == "POST" and form.is_valid():
        services.save_step(request.user, page, form)
        request.session[SAVED_FLAG] = True
        position = STEPS.index(form_class)
        if "next" in request.POST and position + 1 < len(STEPS):
            return redirect("practice_library:step", page.pk, STEPS[position + 1].step)
        if "next" in request.POST:
            return redirect("practice_library:review", page.pk)
        return redirect("practice_library:step", page.pk, step)
    return render(request, "practice_library/contribute/step.html",
                  {"form": form, "step": form_class, "steps": _step_urls(page),
                   "page": page, "draft": draft,
                   "saved": request.session.pop(SAVED_FLAG, False)})


@contributor_required
def review(request, pk):
    """The draft as it will look, with the button to submit it."""
    page = _own_sheet(request, pk)
    draft = services.latest_draft(page)
    return render(request, "practice_library/contribute/review.html", {
        "saved": request.session.pop(SAVED_FLAG, False),
        "page": page, "draft": draft, "steps": _step_urls(page),
        "can_submit": permissions.can_submit(request.user, page),
        "can_edit": permissions.can_edit(request.user, page)})


@require_POST
@contributor_required
def submit(request, pk):
    page = _own_sheet(request, pk)
    if not permissions.can_submit(request.user, page):
        raise PermissionDenied
    try:
        services.submit_for_moderation(request.user, page)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("practice_library:review", page.pk)
    except services.ContributionError as exc:
        messages.error(request, str(exc))
        return redirect("practice_library:review", page.pk)
    messages.success(request, _("Thank you! Your sheet was sent to the moderators; you will "
                                "receive an email once they have reviewed it."))
    return redirect("practice_library:dashboard")
