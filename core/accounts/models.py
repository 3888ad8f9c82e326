"""Professional accounts: agents, associations and consultants who sign up themselves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The groups the platform sets up, named in French like the rest of the admin (renamed
# from Wagtail's and our first English names by accounts' migration 0004). Look groups
# up through these names, never through a literal.
PROFESSIONALS_GROUP = "Professionnels"
MODERATORS_GROUP = "Modérateurs"
EDITORS_GROUP = "Éditeurs"


def in_group(user, group) -> bool:
    """Whether ``user`` is an active, signed-in member of ``group`` (one query at most)."""
    return bool(user is not None and user.is_authenticated and user.is_active
                and user.groups.filter(name=group).exists())


def is_professional(user) -> bool:
    """Whether ``user`` is an active member of the Professionals group."""
    return in_group(user, PROFESSIONALS_GROUP)


class ProfessionalProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="professional_profile")
    organisation = models.CharField(_("organisation"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("professional profile")
        verbose_name_plural = _("professional profiles")

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.organisation})"
