"""Sign-up with email verification, reusable by every plugin."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from core.links import absolute_url
from core.notifications import send_email_on_commit
from core.tokens import make_token, read_token

from .models import PROFESSIONALS_GROUP, ProfessionalProfile

VERIFY_PURPOSE = "accounts.verify-email"
VERIFY_MAX_AGE = timedelta(days=3)


def safe_next(url, default="/"):
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return default


@transaction.atomic
def sign_up(data, next_url=""):
    """Create an inactive account and email the link that verifies the address."""
    User = get_user_model()
    user = User(username=data["email"], email=data["email"], first_name=data["first_name"],
                last_name=data["last_name"], is_active=False)
    user.set_password(data["password1"])
    user.save()
    ProfessionalProfile.objects.create(user=user, organisation=data["organisation"],
                                       job_title=data.get("job_title", ""))
    token = make_token(VERIFY_PURPOSE, [user.pk, user.email, safe_next(next_url, "")])
    send_email_on_commit("accounts/emails/verify", [user.email], {
        "first_name": user.first_name,
        "url": absolute_url(reverse("accounts:verify", args=[token])),
        "days": VERIFY_MAX_AGE.days,
    })
    return user


def read_verification(token):
    """(user, next url) for a verification token; raises core.tokens.TokenError."""
    from core.tokens import InvalidToken

    pk, email, next_url = read_token(VERIFY_PURPOSE, token, max_age=VERIFY_MAX_AGE)
    user = get_user_model().objects.filter(pk=pk, email=email).first()
    if user is None:
        raise InvalidToken()
    return user, next_url or "/"


@transaction.atomic
def verify_email(user):
    """Activate the account and make it a professional (idempotent)."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    group, _created = Group.objects.get_or_create(name=PROFESSIONALS_GROUP)
    user.groups.add(group)
    profile, _created = ProfessionalProfile.objects.get_or_create(
        user=user, defaults={"organisation": ""})
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at"])
    return user
