"""Helpers for idempotent demo content: running `essaim demo` twice changes nothing."""

from wagtail.models import Page


def ensure_child_page(parent: Page, model, slug: str, **fields):
    """Return the live child page of ``parent`` with ``slug``, creating it if missing."""
    existing = Page.objects.child_of(parent).filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
