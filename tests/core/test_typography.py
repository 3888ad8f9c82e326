"""French typography: thousands grouped by a narrow no-break space, "1er" for the first of
the month, plurals, durations; and French for a language the site does not speak."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core import typography

NNBSP = "\u202f"


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize(("language", "expected"), [("fr", f"92{NNBSP}000"), ("en", "92,000")])
def test_thousands_are_grouped_as_the_language_writes_them(language, expected):
    with translation.override(language):
        assert typography.number(92_000) == expected
        assert render("{{ n|number }}", n=92_000) == expected
        assert render('{{ n|floatformat:"0g" }}', n=92_000) == expected


def test_numbers_alone_in_templates_are_not_grouped():
    """An id or a year printed as is stays a plain number (USE_THOUSAND_SEPARATOR is off)."""
    with translation.override("fr"):
        assert render("{{ n }}", n=2026) == "2026"


@pytest.mark.parametrize(("source", "day", "expected"), [
    ('{{ d|date:"j F Y" }}', 1, "1er septembre 2026"),
    ('{{ d|date:"l j F Y" }}', 1, "mardi 1er septembre 2026"),
    ('{{ d|date:"j F" }}', 1, "1er septembre"),
    ("{{ d|date }}", 1, "1er septembre 2026"),
    ('{{ d|date:"DATE_FORMAT" }}', 1, "1er septembre 2026"),
    ('{{ d|date:"d/m/Y" }}', 1, "01/09/2026"),
    ('{{ d|date:"\\j j" }}', 1, "j 1er"),
    ('{{ d|date:"j F Y" }}', 2, "2 septembre 2026"),
    ('{{ d|date:"j F Y" }}', 11, "11 septembre 2026"),
    ("{{ d|long_date }}", 1, "1er septembre 2026"),
    ("{{ d|day_month }}", 1, "1er septembre"),
])
def test_the_first_of_the_month_is_1er_in_french(source, day, expected):
    with translation.override("fr"):
        assert render(source, d=datetime.date(2026, 9, day)) == expected


def test_english_keeps_its_own_dates():
    with translation.override("en"):
        assert render('{{ d|date:"j F Y" }}', d=datetime.date(2026, 9, 1)) == "1 September 2026"


@pytest.mark.parametrize(("minutes", "expected"), [
    (1, "1 minute"), (45, "45 minutes"), (60, "1 heure"), (180, "3 heures"),
    (90, "1 h 30"), (125, "2 h 05")])
def test_durations(minutes, expected):
    with translation.override("fr"):
        assert typography.duration(minutes) == expected


@pytest.mark.django_db
class TestLanguageOfTheSite:
    def test_an_unknown_language_gets_french(self, client, demo_site):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
        assert response["Content-Language"] == "fr"
        assert '<html lang="fr">' in response.content.decode()

    def test_a_browser_set_to_english_gets_english(self, client, demo_site):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        content = response.content.decode()
        assert response["Content-Language"] == "en"
        assert '<html lang="en">' in content
        assert "Aller au contenu" not in content

    def test_french_first_when_both_are_acceptable(self, client, demo_site):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="de;q=1, fr;q=0.8, en;q=0.7")
        assert response["Content-Language"] == "fr"


@pytest.mark.parametrize(("count", "expected"), [(1, "Message envoyé à 1 participant."),
                                                 (3, "Message envoyé à 3 participants.")])
def test_counts_agree_with_their_noun(count, expected):
    from django.utils.translation import ngettext

    with translation.override("fr"):
        assert ngettext("Message sent to %(count)d participant.",
                        "Message sent to %(count)d participants.", count) % {
            "count": count} == expected


def test_option_labels_of_public_forms_start_with_a_capital():
    from plugins.charters.forms import EndorsementForm

    with translation.override("fr"):
        labels = [str(label) for _value, label in EndorsementForm().fields["kind"].choices]
    assert labels and all(label[0].isupper() for label in labels), labels
