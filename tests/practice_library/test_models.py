"""What a sheet must hold before it can be saved, and what it derives."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from core.models import PopulationBracket
from plugins.practice_library.models import PracticeAttachment, Recruitment


def test_population_bracket_kind_and_region_come_from_the_territory(make_sheet):
    sheet = make_sheet(territory="medium")

    assert sheet.population_bracket == PopulationBracket.FROM_10K
    assert sheet.territory_data["kind"] == "commune"
    assert sheet.territory_data["region"] == "normandie"


@pytest.mark.parametrize(("fields", "error_field"), [
    ({"start_date": datetime.date(2024, 5, 1), "end_date": datetime.date(2024, 1, 1)},
     "end_date"),
    ({"status": "finished", "start_date": datetime.date(2024, 1, 1), "end_date": None},
     "end_date"),
    ({"contact_consent": True, "contact_name": "Lou", "contact_email": ""}, "contact_email"),
    ({"key_point_3": ""}, "key_point_3"),
    ({"recruitment": "by-magic"}, "recruitment"),
    ({"total_cost": -5}, "total_cost"),
])
def test_invalid_sheets_are_refused_with_the_field_named(make_sheet, fields, error_field):
    sheet = make_sheet(recruitment=Recruitment.VOLUNTEERS)
    for name, value in fields.items():
        setattr(sheet, name, value)

    with pytest.raises(ValidationError) as exc:
        sheet.full_clean()

    assert error_field in exc.value.message_dict


def test_a_valid_sheet_passes_validation(make_sheet):
    sheet = make_sheet(status="finished", start_date=datetime.date(2023, 1, 1),
                       end_date=datetime.date(2023, 6, 1), contact_consent=True,
                       contact_name="Lou Martin", contact_email="lou@example.org")
    sheet.full_clean()


def _document(name, size):
    document = Document(title=name)
    document.file.save(name, ContentFile(b"%PDF-1.4\n" + b"0" * size), save=False)
    document.save()
    return document


@pytest.mark.parametrize(("name", "size", "valid"), [
    ("bilan.pdf", 1000, True),
    ("bilan.docx", 1000, False),
    ("enorme.pdf", 11 * 1024 * 1024, False),
])
def test_attachments_are_pdf_and_size_limited(make_sheet, name, size, valid):
    sheet = make_sheet()
    attachment = PracticeAttachment(sheet=sheet, document=_document(name, size))

    if valid:
        attachment.full_clean()
    else:
        with pytest.raises(ValidationError):
            attachment.full_clean()
