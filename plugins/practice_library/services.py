"""Use cases of the practice library: contributing, submitting, reacting to moderation."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.events import emit

from .models import PracticeLibraryPage, PracticeSheetPage


class ContributionError(Exception):
    """The contribution cannot proceed; the message is safe to show."""


def library_page() -> PracticeLibraryPage:
    page = PracticeLibraryPage.objects.order_by("pk").first()
    if page is None:
        raise ContributionError(_("The practice library does not exist yet."))
    return page


def unique_slug(parent, title, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "pratique"
    taken = set(parent.get_children().filter(slug__startswith=base)
                .exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_draft(user, form) -> PracticeSheetPage:
    """A new, unpublished sheet owned by ``user``, from the first step's form."""
    parent = library_page()
    page = PracticeSheetPage(owner=user, live=False)
    form.apply(page)
    page.slug = unique_slug(parent, page.title)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def latest_draft(page: PracticeSheetPage) -> PracticeSheetPage:
    return page.get_latest_revision_as_object()


@transaction.atomic
def save_step(user, page: PracticeSheetPage, form) -> PracticeSheetPage:
    """Save one step of the form as a new draft revision (the live version is untouched)."""
    draft = latest_draft(page)
    form.apply(draft)
    draft.save_revision(user=user, log_action=True)
    return draft


@transaction.atomic
def submit_for_moderation(user, page: PracticeSheetPage):
    """Start the moderation workflow that applies to the sheet (Wagtail's)."""
    page = PracticeSheetPage.objects.select_for_update().get(pk=page.pk)
    if page.workflow_in_progress:
        raise ContributionError(_("This sheet is already awaiting moderation."))
    draft = latest_draft(page)
    draft.full_clean()
    workflow = page.get_workflow()
    if workflow is None:
        raise ContributionError(_("No moderation workflow applies to the library: ask the "
                                  "site administrators to set one up."))
    return workflow.start(page, user)


# --- Signal receivers (connected in apps.py) --------------------------------------


def on_page_published(sender, instance, **kwargs):
    emit("practice_sheet_published", sheet=instance)
