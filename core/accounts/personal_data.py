"""Professional accounts as a personal-data source, and account deletion.

Deleting an account follows Decidim's rule: what the person published stays published,
attributed to "a former member"; the account keeps no name, address or password.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.personal_data import PersonalDataSource

from . import services
from .models import ProfessionalProfile

FORMER_MEMBER_PREFIX = "ancien-membre-"


def accounts_of(email):
    return get_user_model().objects.filter(email__iexact=email).exclude(email="")


def _export(email):
    records = []
    for user in accounts_of(email).select_related("professional_profile"):
        profile = getattr(user, "professional_profile", None)
        records.append({
            "username": user.get_username(), "first_name": user.first_name,
            "last_name": user.last_name, "email": user.email,
            "organisation": profile.organisation if profile else "",
            "job_title": profile.job_title if profile else "",
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_verified_at": (profile.email_verified_at.isoformat()
                                  if profile and profile.email_verified_at else None),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        })
    return records


@transaction.atomic
def anonymise(user) -> None:
    """The account, emptied of the person: contributions stay, credited to a former member."""
    user.username = f"{FORMER_MEMBER_PREFIX}{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    ProfessionalProfile.objects.filter(user=user).delete()


def is_former_member(user) -> bool:
    return user.get_username().startswith(FORMER_MEMBER_PREFIX) and not user.email


def _login_attempts(email):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [model.objects.filter(username__iexact=email)
            for model in (AccessAttempt, AccessLog, AccessFailureLog)]


def _erase(email, now):
    count = 0
    for user in accounts_of(email):
        anonymise(user)
        count += 1
    for attempts in _login_attempts(email):  # failed logins counted by django-axes
        count += attempts.delete()[0]
    return count


def _purge(now):
    from axes.models import AccessAttempt, AccessFailureLog
    from django.conf import settings

    done = services.purge_unverified(now)
    cooled = now - settings.AXES_COOLOFF_TIME
    done += AccessAttempt.objects.filter(attempt_time__lt=cooled).delete()[0]
    done += AccessFailureLog.objects.filter(attempt_time__lt=cooled).delete()[0]
    return done


def account_source() -> PersonalDataSource:
    days = services.unverified_days()
    return PersonalDataSource(
        name="account", label=_("Professional account"),
        kept=_("First and last name, email address, organisation and job title, to log in "
               "and credit contributions; the practice sheets written stay published, "
               "credited to a former member, once the account is deleted. Failed logins "
               "(address and connection) are counted until the lockout ends."),
        retention=ngettext_lazy(
            "Until the account is deleted by its owner or on request; an account whose "
            "address was never verified is deleted after %(days)d day.",
            "Until the account is deleted by its owner or on request; an account whose "
            "address was never verified is deleted after %(days)d days.", days)
        % {"days": days},
        holds=lambda email: accounts_of(email).exists(),
        export=_export, erase=_erase, purge=_purge)
