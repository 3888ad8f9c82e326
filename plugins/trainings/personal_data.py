"""Certificates as a personal-data source: exported, and on erasure revoked at the
holder's request and emptied of their name, address and PDF (the code then verifies as
revoked, naming nobody)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalDataSource

from .models import Certificate


def _export(email):
    return [{"kind": c.kind, "code": c.code, "holder_name": c.holder_name,
             "holder_email": c.holder_email, "training": c.training_title,
             "dates": c.training_dates, "issued_at": c.issued_at.isoformat(),
             "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None}
            for c in Certificate.objects.filter(holder_email=email)]


def _erase(email, now):
    return Certificate.objects.filter(holder_email=email).update(
        holder_name="", holder_email="", pdf=b"", revoked_at=now,
        revocation_reason=gettext("Revoked at the holder's request (personal data erased)."))


def certificates_source() -> PersonalDataSource:
    return PersonalDataSource(
        name="certificates", label=_("Attestations and certificates"),
        kept=_("The holder's name and address, the training and its dates, so that anyone "
               "given the code can check the document is genuine."),
        retention=_("As long as the holder wants the document to be verifiable; erased on "
                    "request (the code then verifies as revoked)."),
        holds=lambda email: Certificate.objects.filter(holder_email=email).exists(),
        export=_export, erase=_erase)
