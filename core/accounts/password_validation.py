"""Password rules worded for people who sign in with their email address."""

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PersonalSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's check, whose message names the attribute matched: "too similar to the
    username" — a field our forms do not have (the username is the email address)."""

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("The password is too close to your name or your email address."),
                code="password_too_similar") from None

    def get_help_text(self):
        return _("Your password cannot be too close to your name or your email address.")
