"""Taxonomy values are spelt like their labels in addresses, and old addresses still work."""

import pytest

from core.outbox.models import OutboxMessage
from plugins.practice_library.finder import search_practices
from plugins.practice_library.models import Audience, Challenge, Mechanism, label_slug


@pytest.mark.parametrize(("label", "slug"), [
    ("Impliquer les publics éloignés", "impliquer-les-publics-eloignes"),
    ("Un plan d'action qui dure", "un-plan-d-action-qui-dure"),
    ("Peu d’ingénierie, peu de moyens", "peu-d-ingenierie-peu-de-moyens"),
    ("Éducation et jeunesse", "education-et-jeunesse"),
    ("Élus", "elus"),
])
def test_a_label_gives_its_slug(label, slug):
    assert label_slug(label) == slug


@pytest.mark.django_db
def test_every_seeded_value_is_spelt_like_its_label_and_keeps_its_first_slug():
    challenge = Challenge.objects.get(name="Impliquer les publics éloignés")
    assert challenge.slug == "impliquer-les-publics-eloignes"
    assert challenge.former_slugs == ["impliquer-les-invisibles"]
    assert Mechanism.objects.get(name="Budget participatif").former_slugs == []
    for model in (Challenge, Mechanism, Audience):
        assert [item.slug for item in model.objects.all()] == [
            label_slug(item.name) for item in model.objects.all()]


@pytest.mark.django_db
def test_a_new_value_takes_its_slug_from_its_name_and_a_clash_gets_a_number():
    first = Challenge.objects.create(name="Associer les écoles")
    second = Challenge.objects.create(name="Associer les Écoles !")

    assert (first.slug, second.slug) == ("associer-les-ecoles", "associer-les-ecoles-2")


def test_renaming_a_value_changes_its_slug_keeps_the_old_one_and_reindexes_its_sheets(
        make_sheet, django_capture_on_commit_callbacks):
    sheet = make_sheet(challenges=["impliquer-les-publics-eloignes"])
    challenge = Challenge.objects.get(slug="impliquer-les-publics-eloignes")
    before = OutboxMessage.objects.count()

    challenge.name = "Aller vers les publics éloignés"
    challenge.save()

    challenge.refresh_from_db()
    assert challenge.slug == "aller-vers-les-publics-eloignes"
    assert challenge.former_slugs == ["impliquer-les-invisibles",
                                      "impliquer-les-publics-eloignes"]
    assert [m.payload for m in OutboxMessage.objects.order_by("pk")[before:]] == [
        {"doc": "practice_sheet", "id": str(sheet.pk)}]
    # Before the reindex is delivered, the index still holds the former slug: the
    # library counts and finds it under the new one.
    results = search_practices(filters={"challenge": ["aller-vers-les-publics-eloignes"]})
    assert [s.pk for s in results.sheets] == [sheet.pk]
    counts = {v.value: v.count for f in results.facets if f.name == "challenge"
              for v in f.values}
    assert counts == {"aller-vers-les-publics-eloignes": 1}


def test_an_address_with_a_former_slug_redirects_to_the_one_spelt_like_the_label(
        client, make_sheet):
    make_sheet(challenges=["impliquer-les-publics-eloignes"])

    response = client.get("/pratiques/?q=budget&challenge=impliquer-les-invisibles"
                          "&mechanism=budget-participatif")

    assert response.status_code == 301
    assert response["Location"] == ("/pratiques/?q=budget&challenge=impliquer-les-publics-"
                                    "eloignes&mechanism=budget-participatif")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'value="impliquer-les-publics-eloignes" checked' in page.content.decode()


def test_a_former_slug_still_picks_the_value_in_imports_and_other_sites_sheets(db):
    from plugins.practice_library.federation.schema import known_slugs

    assert known_slugs()["challenges"]["impliquer-les-invisibles"] == \
        "impliquer-les-publics-eloignes"
    assert [c.slug for c in Challenge.objects.with_slugs(
        ["impliquer-les-invisibles", "restaurer-la-confiance"])] == [
        "impliquer-les-publics-eloignes", "restaurer-la-confiance"]
