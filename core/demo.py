"""Helpers for idempotent demo content: running `essaim demo` twice changes nothing."""

from wagtail.models import Page


def ensure_child_page(parent: Page, model, slug: str, illustration: str | None = None,
                      **fields):
    """Return the live child page of ``parent`` with ``slug``, creating it if missing:
    whole (``fields`` may give its inline children and many-to-many values, and
    ``illustration`` the name of its demo drawing) and published once. An existing page
    is returned as it is, given its illustration if it has none yet."""
    existing = Page.objects.child_of(parent).filter(slug=slug).specific().first()
    if existing is not None:
        return illustrate(existing, illustration) if illustration else existing
    page = model(slug=slug, **fields)
    if illustration:
        page.image = ensure_demo_image(illustration)
        page.image_alt = page.image.description
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_demo_image(name: str):
    """The Wagtail image of the demo illustration ``name`` (``core/demo_images/``), created
    once: its title and description (the alt text, in French) come from
    ``core.illustrations``."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from core.illustrations import DIRECTORY, ILLUSTRATIONS

    title, description = ILLUSTRATIONS[name]
    model = get_image_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    with open(DIRECTORY / f"{name}.png", "rb") as handle:
        image = model(title=title, description=description)
        image.file = ImageFile(handle, name=f"{name}.png")
        image.save()
    return image


def illustrate(page, name: str):
    """Give a demo page the illustration ``name`` unless it already has one (idempotent)."""
    if page.image_id is not None:
        return page
    image = ensure_demo_image(name)
    page.image, page.image_alt = image, image.description
    page.save_revision().publish()
    return page
