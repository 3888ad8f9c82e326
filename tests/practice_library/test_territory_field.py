"""Contributors and editors pick a territory by typing: the field works without JavaScript,
the server reads the text back and says clearly what is wrong."""

import pytest

from core.models import Territory
from core.territory_fields import TerritoryAutocomplete, TerritoryChoiceField
from plugins.practice_library.models import PracticeSheetPage

from .helpers import text_of

NEW = "/pratiques/contribuer/nouvelle/"


@pytest.fixture
def pro_client(client, professional, library, territories):
    client.force_login(professional)
    return client


def propose(client, territory):
    return client.post(NEW, {"title": "Un conseil des enfants", "territory": territory,
                             "key_point_1": "Des enfants élus", "key_point_2": "Un budget",
                             "key_point_3": "Des projets", "next": ""})


def test_the_field_is_a_text_input_with_suggestions(pro_client):
    html = pro_client.get(NEW).content.decode()
    assert ('<div class="autocomplete" data-autocomplete="/territoires/suggestions/"'
            in html)
    assert ('<input type="text" name="territory" autocomplete="off" spellcheck="false" '
            'class="autocomplete__input"' in html)
    assert '<script src="/static/core/js/autocomplete.js"></script>' in html
    assert "<select" not in html.split('name="territory"')[0].rsplit("<label", 1)[-1]
    assert "son code postal ou son code INSEE" in html


@pytest.mark.parametrize("typed", ["Petiteville (29001)", "29001", "petiteville"])
def test_a_picked_or_typed_territory_is_accepted(pro_client, territories, typed):
    response = propose(pro_client, typed)
    assert response.status_code == 302, text_of(response)
    sheet = PracticeSheetPage.objects.get(title="Un conseil des enfants")
    draft = sheet.get_latest_revision_as_object()
    assert draft.territory == territories["small"]
    # What the sheet says of its place follows from the territory.
    assert (draft.population_bracket, draft.territory_data["region"]) == (
        "lt-2000", "bretagne")


def test_a_bogus_territory_is_refused_with_a_clear_error(pro_client):
    response = propose(pro_client, "Atlantide")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun territoire ne s’appelle « Atlantide »" in html
    assert 'value="Atlantide"' in html  # kept, to be corrected
    assert not PracticeSheetPage.objects.filter(title="Un conseil des enfants").exists()


def test_an_ambiguous_name_asks_for_the_code(pro_client):
    Territory.objects.create(name="Petiteville", insee_code="72001", population=900)
    response = propose(pro_client, "Petiteville")
    assert response.status_code == 200
    assert ("Plusieurs territoires correspondent à « Petiteville » : ajoutez le code INSEE "
            "entre parenthèses, par exemple « Petiteville (29001) », « Petiteville (72001) »."
            in text_of(response))


def test_the_chosen_territory_is_shown_back_when_editing(pro_client, territories):
    propose(pro_client, "Moyenneville (29002)")
    sheet = PracticeSheetPage.objects.get(title="Un conseil des enfants")
    html = pro_client.get(f"/pratiques/contribuer/{sheet.pk}/essentiel/").content.decode()
    assert 'value="Moyenneville (29002)"' in html


def test_every_admin_form_picks_a_territory_with_the_autocomplete(admin_client, library):
    from plugins.charters.models import CharterPage

    for model in (PracticeSheetPage, CharterPage):
        field = model.get_edit_handler().get_form_class().base_fields["territory"]
        assert isinstance(field, TerritoryChoiceField), model
        assert isinstance(field.widget, TerritoryAutocomplete), model
    html = admin_client.get(f"/admin/pages/add/practice_library/practicesheetpage/"
                            f"{library.pk}/").content.decode()
    assert 'data-autocomplete="/territoires/suggestions/"' in html
    assert "core/js/autocomplete.js" in html
