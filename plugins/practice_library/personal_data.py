"""The contacts of practice sheets as a personal-data source: erased on request from the
sheet and from its draft, so a later publication does not bring them back."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalDataSource

CONTACT_FIELDS = {"contact_name": "", "contact_role": "", "contact_email": "",
                  "contact_consent": False}


def _sheets(email):
    from .models import PracticeSheetPage

    return PracticeSheetPage.objects.filter(contact_email__iexact=email)


def _export(email):
    return [{"sheet": sheet.title, "url": sheet.url, "contact_name": sheet.contact_name,
             "contact_role": sheet.contact_role, "contact_email": sheet.contact_email,
             "shown_with_consent": sheet.contact_consent} for sheet in _sheets(email)]


def _erase(email, now):
    count = 0
    for sheet in _sheets(email):
        type(sheet).objects.filter(pk=sheet.pk).update(**CONTACT_FIELDS)
        for revision in sheet.revisions.all():  # the drafts too, and the history
            content = revision.content if isinstance(revision.content, dict) else {}
            if str(content.get("contact_email", "")).lower() == email:
                revision.content = {**content, **CONTACT_FIELDS}
                revision.save(update_fields=["content"])
        count += 1
    return count


def contacts_source() -> PersonalDataSource:
    return PersonalDataSource(
        name="sheet_contacts", label=_("Contacts of practice sheets"),
        kept=_("The name, role and address of a sheet's contact person, shown only with "
               "their consent (the address only to whoever asks for it)."),
        retention=_("As long as the sheet is published; erased on request."),
        holds=lambda email: _sheets(email).exists(), export=_export, erase=_erase)
