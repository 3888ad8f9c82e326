"""The contribution form takes dates as people write them, proposes the contributor as the
contact, shows everything on the review step and words its help itself."""

import datetime
import re

import pytest
from django.utils import translation

from plugins.practice_library.forms import (
    DescriptionForm,
    EssentialsForm,
    NarrativeForm,
    parse_date,
)

from .helpers import text_of
from .test_workflow import propose

pytestmark = pytest.mark.django_db

DESCRIPTION = {"participation_level": "concertation", "recruitment": "mixed",
               "status": "ongoing", "total_cost": "1500"}


@pytest.mark.parametrize(("typed", "expected"), [
    ("10/01/2024", datetime.date(2024, 1, 10)),
    ("2024-01-10", datetime.date(2024, 1, 10)),
    ("10.01.2024", datetime.date(2024, 1, 10)),
    ("10/01/24", datetime.date(2024, 1, 10)),
    (" 01/09/2026 ", datetime.date(2026, 9, 1)),
    ("31/02/2024", None), ("2024/01/10", None), ("demain", None), ("", None)])
def test_dates_are_read_day_first_or_iso(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("typed", "expected"), [
    ("10/01/2024", datetime.date(2024, 1, 10)), ("2024-01-10", datetime.date(2024, 1, 10))])
def test_the_start_date_accepts_jj_mm_aaaa_and_iso_in_any_language(typed, expected, language):
    with translation.override(language):
        form = DescriptionForm(DESCRIPTION | {"start_date": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start_date"] == expected


def test_the_dates_have_a_date_picker_and_say_how_to_type_them():
    with translation.override("fr"):
        form = DescriptionForm()
        html = str(form["start_date"])
        assert 'type="date"' in html
        assert form.fields["start_date"].help_text == (
            "Choisissez-la dans le calendrier, ou saisissez-la sous la forme JJ/MM/AAAA.")


def test_milestones_are_typed_day_first():
    form = NarrativeForm({"milestones": "10/01/2024 Première séance\n2024-03-02 Vote"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["milestones"] == [(datetime.date(2024, 1, 10), "Première séance"),
                                               (datetime.date(2024, 3, 2), "Vote")]
    with translation.override("fr"):
        wrong = NarrativeForm({"milestones": "13/13/2024 Jamais"})
        assert wrong.errors["milestones"] == [
            "Ligne 1 : commencez par une date écrite JJ/MM/AAAA."]


def test_the_title_help_is_ours_not_wagtails():
    with translation.override("fr"):
        help_text = str(EssentialsForm().fields["title"].help_text)
    assert help_text == ("Ce qui a été fait, et où, en quelques mots : par exemple « Budget "
                         "participatif du quartier Maurepas ».")


def test_option_labels_start_with_a_capital():
    with translation.override("fr"):
        labels = [str(label) for _value, label in DescriptionForm().fields["status"].choices
                  if _value]
    assert labels and all(label[0].isupper() for label in labels), labels


def test_the_contact_step_is_prefilled_from_the_account(client, library, territories,
                                                         professional):
    professional.last_name = "Martin"
    professional.save()
    client.force_login(professional)
    client.post("/pratiques/contribuer/nouvelle/", {
        "title": "Un conseil des enfants",
        "territory": f"{territories['small'].name} ({territories['small'].insee_code})",
        "key_point_1": "Des enfants élus", "key_point_2": "Un budget dédié",
        "key_point_3": "Des projets réalisés", "next": ""})
    from plugins.practice_library.models import PracticeSheetPage

    sheet = PracticeSheetPage.objects.get(title="Un conseil des enfants")
    html = client.get(f"/pratiques/contribuer/{sheet.pk}/contact/").content.decode()
    assert re.search(r'<input[^>]*name="contact_name"[^>]*value="Alice Martin"', html)
    assert re.search(r'<input[^>]*name="contact_email"[^>]*value="alice@example.org"', html)


def test_the_review_step_shows_the_key_facts_the_timeline_and_the_contact(
        client, library, territories, professional):
    client.force_login(professional)
    sheet = propose(client, territories["small"])
    with translation.override("fr"):
        page = text_of(client.get(f"/pratiques/contribuer/{sheet.pk}/relecture/"))
    text = re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", page))  # not split(): U+202F
    for expected in ("En bref", "Petiteville", "Concertation", "1\u202f500 €",
                     "10 janvier 2024 — Première séance",
                     "Inès Morel · ines@example.org", "Visible des lecteurs",
                     "Creative Commons BY-SA 4.0"):
        assert expected in text, expected
