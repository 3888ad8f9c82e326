"""Illustrations: a Wagtail image on a page, with its alt text, shown as responsive renditions.

A plugin's page model inherits ``Illustrated`` (before ``Page``), adds
``illustration_panel()`` to its panels and renders ``core/includes/illustration.html``
(or the shared catalogue card, which does). The alt text is the page's own, so that the
same image can say different things on different pages; when it is left empty the
image's description (Wagtail's own alt text) is used, and an image without either is
refused: an image that says nothing to a screen reader is not published.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class Illustrated(models.Model):
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("illustration"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(
        _("alternative text of the illustration"), max_length=250, blank=True,
        help_text=_("What the illustration shows, for people who cannot see it. Required "
                    "with an illustration, unless the image has a description."))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id is None:
            return
        if not self.image_alt.strip():
            description = (getattr(self.image, "description", "") or "").strip()
            if not description:
                raise ValidationError({"image_alt": _(
                    "Describe the illustration for people who cannot see it.")})
            self.image_alt = description

    @property
    def illustration_alt(self):
        return self.image_alt or (getattr(self.image, "description", "") if self.image else "")


def illustration_panel():
    return MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")],
                           heading=_("Illustration"))
