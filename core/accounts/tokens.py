"""The email-verification link: single use, bound to the account's state.

Built like Django's password-reset tokens: the hash covers the account's id, address,
password, active flag and verification date. Once the address is verified, or the
account disabled, or its password changed (a new sign-up with the same address), every
earlier link stops working. The link carries no personal data: an encoded id and the hash.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "essaim.accounts.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        profile = getattr(user, "professional_profile", None)
        verified = profile.email_verified_at if profile is not None else None
        return f"{user.pk}{user.email}{user.password}{user.is_active}{verified}{timestamp}"


verification_tokens = EmailVerificationTokenGenerator()
