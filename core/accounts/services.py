"""Professional accounts: sign-up with email verification, reusable by every plugin.

Sign-up never tells whether an address already has an account: the page says the same
whatever the address, and the owner of the address is the one told (a verified account's
owner is reminded how to log in; an account never verified is replaced by the new
sign-up, its earlier links no longer working). Accounts left unverified are deleted
after ``ESSAIM_ACCOUNTS_UNVERIFIED_DAYS`` days.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode

from core.links import absolute_url
from core.notifications import send_email_on_commit

from .models import PROFESSIONALS_GROUP, ProfessionalProfile
from .tokens import verification_tokens


def unverified_days() -> int:
    return getattr(settings, "ESSAIM_ACCOUNTS_UNVERIFIED_DAYS", 7)


def safe_next(url, default="/"):
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return default


def verification_url(user, next_url="") -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = absolute_url(reverse("accounts:verify", args=[uid,
                                                        verification_tokens.make_token(user)]))
    next_url = safe_next(next_url, "")
    if next_url:
        from urllib.parse import urlencode

        url += "?" + urlencode({"next": next_url})
    return url


def link_days() -> int:
    """How long a verification link works (Django's password-reset timeout)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def _send_verification(user, next_url=""):
    send_email_on_commit("accounts/emails/verify", [user.email], {
        "first_name": user.first_name, "url": verification_url(user, next_url),
        "days": link_days()})


@transaction.atomic
def sign_up(data, next_url=""):
    """Create (or renew) an inactive account and email the link that verifies it; when
    the address belongs to a verified account, email its owner instead. Returns the
    account written, or None."""
    User = get_user_model()
    email = data["email"]
    locked = User.objects.select_for_update(of=("self",)).select_related("professional_profile")
    existing = (locked.filter(email__iexact=email).first()
                or locked.filter(username__iexact=email).first())
    if existing is not None and (existing.is_active or _verified(existing)):
        send_email_on_commit("accounts/emails/already_registered", [existing.email], {
            "first_name": existing.first_name,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset"))})
        return None
    user = existing or User(username=email, email=email, is_active=False)
    user.first_name, user.last_name = data["first_name"], data["last_name"]
    user.set_password(data["password1"])  # earlier verification links stop working
    user.date_joined = timezone.now()
    user.save()
    ProfessionalProfile.objects.update_or_create(user=user, defaults={
        "organisation": data["organisation"], "job_title": data.get("job_title", "")})
    _send_verification(user, next_url)
    return user


def _verified(user) -> bool:
    profile = getattr(user, "professional_profile", None)
    return bool(profile and profile.email_verified_at)


def user_for_verification(uidb64, token):
    """The account a verification link may activate, or None (a link used, disabled,
    renewed, expired or forged)."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = (get_user_model().objects.filter(pk=pk, is_active=False)
            .select_related("professional_profile").first())
    if user is None or _verified(user) or not verification_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def verify_email(user):
    """Activate a never-verified account and make it a professional (the link is then
    spent: the token covers the verification date and the active flag)."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    group, _created = Group.objects.get_or_create(name=PROFESSIONALS_GROUP)
    user.groups.add(group)
    profile, _created = ProfessionalProfile.objects.get_or_create(
        user=user, defaults={"organisation": ""})
    profile.email_verified_at = timezone.now()
    profile.save(update_fields=["email_verified_at"])
    return user


def purge_unverified(now=None) -> int:
    """Delete accounts never verified within the allowed days: they hold an address
    nobody confirmed."""
    now = now or timezone.now()
    stale = get_user_model().objects.filter(
        is_active=False, professional_profile__email_verified_at__isnull=True,
        date_joined__lt=now - timedelta(days=unverified_days()))
    count = 0
    for user in stale:
        user.delete()
        count += 1
    return count
