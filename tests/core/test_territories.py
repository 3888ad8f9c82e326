"""The official list of territories: its extract, its loading, its lookups."""

import gzip
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import territories
from core.models import Territory, TerritoryKey, TerritoryKind

# A miniature of @etalab/decoupage-administratif's data/ directory.
PACKAGE = {
    "regions": [
        {"code": "24", "nom": "Centre-Val de Loire", "chefLieu": "45234", "zone": "metro"},
        {"code": "84", "nom": "Auvergne-Rhône-Alpes", "chefLieu": "69123", "zone": "metro"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "chefLieu": "97502",
         "zone": "com"},
    ],
    "departements": [
        {"code": "41", "region": "24", "nom": "Loir-et-Cher", "zone": "metro"},
        {"code": "42", "region": "84", "nom": "Loire", "zone": "metro"},
        {"code": "975", "region": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
    ],
    "communes": [
        {"code": "41018", "nom": "Blois", "type": "commune-actuelle", "departement": "41",
         "region": "24", "codesPostaux": ["41000"], "population": 47219},
        {"code": "41276", "nom": "Villebarou", "type": "commune-actuelle",
         "departement": "41", "region": "24", "codesPostaux": ["41000"], "population": 2584},
        {"code": "42218", "nom": "Saint-Étienne", "type": "commune-actuelle",
         "departement": "42", "region": "84", "codesPostaux": ["42100", "42000"],
         "population": 173136},
        {"code": "42279", "nom": "Saint-Étienne-le-Molard", "type": "commune-actuelle",
         "departement": "42", "region": "84", "codesPostaux": ["42130"], "population": 1000},
        {"code": "41999", "nom": "Blois", "type": "commune-actuelle", "departement": "41",
         "region": "24", "codesPostaux": ["41999"], "population": 10},
        # Not communes of their own: left out.
        {"code": "41018", "nom": "Ancienne commune", "type": "commune-deleguee",
         "departement": "41", "region": "24"},
        {"code": "69381", "nom": "Lyon 1er Arrondissement", "type": "arrondissement-municipal",
         "departement": "69", "region": "84", "codesPostaux": ["69001"], "population": 30000},
        {"code": "97502", "nom": "Saint-Pierre", "type": "commune-actuelle",
         "departement": "975", "region": "975", "codesPostaux": ["97500"], "population": 5194},
    ],
    "epci": [
        {"code": "200030385", "nom": "CA de Blois ''Agglopolys''", "type": "CA",
         "populationTotale": 109624,
         "membres": [{"code": "41018", "nom": "Blois"}, {"code": "41276", "nom": "Villebarou"}]},
    ],
}


@pytest.fixture
def package_dir(tmp_path):
    data = tmp_path / "package" / "data"
    data.mkdir(parents=True)
    for name, rows in PACKAGE.items():
        (data / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    return tmp_path / "package"


@pytest.fixture
def extract(package_dir, tmp_path):
    path = tmp_path / "territories.csv.gz"
    call_command("territories", "update", "--from", str(package_dir), "--extract", str(path),
                 stdout=open("/dev/null", "w"))
    return path


@pytest.fixture
def loaded(db, extract):
    territories.load_territories(extract)
    return extract


def by_code(code):
    return Territory.objects.get(insee_code=code)


def test_normalize_drops_accents_case_and_punctuation():
    assert territories.normalize("Saint-Étienne") == "saint etienne"
    assert territories.normalize("  L'Haÿ-les-Roses ") == "l hay les roses"
    assert territories.normalize("Œuilly") == "oeuilly"
    assert territories.keys_for("Saint-Étienne-le-Molard", "42130") == {
        "saint etienne le molard", "etienne le molard", "le molard", "molard", "42130"}


def test_update_writes_a_compact_deterministic_extract(package_dir, extract, tmp_path):
    rows = territories.read_extract(extract)
    assert [(r["kind"], r["code"]) for r in rows] == [
        ("national", "FR"), ("region", "R24"), ("region", "R84"),
        ("departement", "41"), ("departement", "42"), ("departement", "975"),
        ("intercommunalite", "200030385"),
        ("commune", "41018"), ("commune", "41276"), ("commune", "42218"),
        ("commune", "42279"), ("commune", "41999"), ("commune", "97502")]
    row = {r["code"]: r for r in rows}
    # Départements, régions and France add up their communes (déléguées and
    # arrondissements left out); an EPCI keeps its own figure.
    assert row["FR"]["population"] == str(47219 + 2584 + 173136 + 1000 + 10 + 5194)
    assert row["41"]["population"] == str(47219 + 2584 + 10)
    assert row["R84"]["population"] == str(173136 + 1000)
    assert row["200030385"] == {
        "kind": "intercommunalite", "code": "200030385", "name": "CA de Blois ''Agglopolys''",
        "population": "109624", "departement": "41", "region": "24", "postal_codes": "",
        "epci": ""}
    assert row["42218"]["postal_codes"] == "42000 42100"
    assert row["41018"]["epci"] == "200030385" and row["42218"]["epci"] == ""
    # The same package gives the same bytes: an unchanged list makes no diff.
    again = tmp_path / "again.csv.gz"
    call_command("territories", "update", "--from", str(package_dir / "data"),
                 "--extract", str(again), stdout=open("/dev/null", "w"))
    assert again.read_bytes() == extract.read_bytes()


def test_update_without_npm_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(territories.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="npm n’est pas installé.*--from"):
        call_command("territories", "update", "--extract", str(tmp_path / "x.csv.gz"))
    assert not (tmp_path / "x.csv.gz").exists()


def test_update_when_npm_cannot_reach_the_registry(monkeypatch, tmp_path):
    fake_npm = tmp_path / "npm"
    fake_npm.write_text("#!/bin/sh\necho 'npm error code ENOTFOUND registry.npmjs.org' >&2\n"
                        "exit 1\n")
    fake_npm.chmod(0o755)
    monkeypatch.setattr(territories.shutil, "which", lambda name: str(fake_npm))
    with pytest.raises(CommandError, match="npm n’a pas pu télécharger.*réseau.*ENOTFOUND"):
        call_command("territories", "update", "--extract", str(tmp_path / "x.csv.gz"))


def test_update_from_a_directory_that_is_not_the_package(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire le paquet des territoires"):
        call_command("territories", "update", "--from", str(tmp_path),
                     "--extract", str(tmp_path / "x.csv.gz"))


def test_loading_keeps_ids_and_links_and_is_idempotent(db, extract):
    blois = Territory.objects.create(name="Blois (démo)", insee_code="41018", population=46000,
                                     departement="Loir-et-Cher", latitude=47.5861)
    Territory.objects.create(name="Pays imaginaire", insee_code="99999")

    first = territories.load_territories(extract)

    assert first == {"created": 12, "updated": 1, "keys": first["keys"]}
    blois.refresh_from_db()
    assert (blois.name, blois.population, blois.departement, blois.region,
            blois.postal_codes, float(blois.latitude)) == (
        "Blois", 47219, "Loir-et-Cher", "centre-val-de-loire", "41000", 47.5861)
    assert by_code("99999").name == "Pays imaginaire"
    france = by_code("FR")
    assert (france.name, france.kind, france.population_bracket) == (
        "France", TerritoryKind.NATIONAL, "gt-100000")
    assert (by_code("R84").kind, by_code("R84").region) == ("region", "auvergne-rhone-alpes")
    assert (by_code("200030385").departement, by_code("200030385").region) == (
        "Loir-et-Cher", "centre-val-de-loire")
    assert by_code("41").departement == "Loir-et-Cher"
    # Overseas collectivities keep their département, outside any région.
    assert (by_code("97502").departement, by_code("97502").region) == (
        "Saint-Pierre-et-Miquelon", "")
    keys = TerritoryKey.objects.count()

    with CaptureQueriesContext(connection) as queries:
        second = territories.load_territories(extract)
    assert second == {"created": 0, "updated": 0, "keys": 0}
    assert TerritoryKey.objects.count() == keys
    assert len(queries) <= 5


def test_the_shipped_extract_holds_every_territory(db):
    result = territories.load_territories()
    counts = {kind: Territory.objects.filter(kind=kind).count() for kind in TerritoryKind}
    assert counts == {"national": 1, "region": 18, "departement": 109,
                      "intercommunalite": 1255, "commune": 34969}
    assert result["created"] == 36352
    assert by_code("FR").population > 65_000_000
    assert (by_code("37261").name, by_code("37261").departement,
            by_code("37261").region) == ("Tours", "Indre-et-Loire", "centre-val-de-loire")
    assert territories.load_territories() == {"created": 0, "updated": 0, "keys": 0}


def test_the_extract_stays_small():
    assert territories.EXTRACT.stat().st_size < 2_000_000
    with gzip.open(territories.EXTRACT, "rt", encoding="utf-8") as handle:
        assert handle.readline().strip() == ",".join(territories.FIELDS)


def test_a_territory_saved_by_hand_gets_lookup_keys(db):
    territory = Territory.objects.create(name="Pays imaginaire", insee_code="99999",
                                         postal_codes="99000")
    assert set(territory.keys.values_list("key", flat=True)) == {
        "pays imaginaire", "imaginaire", "99000"}
    territory.name = "Pays réel"
    territory.save()
    assert set(territory.keys.values_list("key", flat=True)) == {"pays reel", "reel", "99000"}


# -- the suggestions endpoint -----------------------------------------------------------


def suggest(client, q, **params):
    response = client.get("/territoires/suggestions/", {"q": q, **params})
    assert response.status_code == 200
    return [(r["name"], r["code"]) for r in response.json()["results"]]


def test_suggestions_by_name_accent_insensitive_most_populous_first(client, loaded):
    assert suggest(client, "saint etienne") == [
        ("Saint-Étienne", "42218"), ("Saint-Étienne-le-Molard", "42279")]
    assert suggest(client, "SAINT-ÉTI") == suggest(client, "saint eti")
    # A word inside the name, and a name's beginning.
    assert suggest(client, "molard") == [("Saint-Étienne-le-Molard", "42279")]
    assert suggest(client, "blo") == [("CA de Blois ''Agglopolys''", "200030385"),
                                      ("Blois", "41018"), ("Blois", "41999")]
    assert suggest(client, "b") == [] and suggest(client, "") == []


def test_suggestions_by_postal_code_and_insee_code(client, loaded):
    assert suggest(client, "41000") == [("Blois", "41018"), ("Villebarou", "41276")]
    assert suggest(client, "4200") == [("Saint-Étienne", "42218")]
    # An exact INSEE code comes first, then other codes and postal codes that start so.
    assert suggest(client, "41") == [("Loir-et-Cher", "41"), ("Blois", "41018"),
                                     ("Villebarou", "41276"), ("Blois", "41999")]
    assert suggest(client, "42279") == [("Saint-Étienne-le-Molard", "42279")]
    assert suggest(client, "fr") == [("France", "FR")]


def test_suggestions_describe_the_territory(client, loaded):
    response = client.get("/territoires/suggestions/", {"q": "41000"},
                          HTTP_ACCEPT_LANGUAGE="fr")
    first = response.json()["results"][0]
    assert first == {"id": by_code("41018").pk, "label": "Blois (41018)", "name": "Blois",
                     "code": "41018", "kind": "commune",
                     "description": "Commune · Loir-et-Cher · 41000"}


def test_suggestions_are_limited(client, db):
    for number in range(30):
        Territory.objects.create(name=f"Villeneuve {number:02}", insee_code=f"990{number:02}",
                                 population=number)
    assert len(suggest(client, "villeneuve")) == 10
    assert len(suggest(client, "villeneuve", limit=3)) == 3
    assert len(suggest(client, "villeneuve", limit=500)) == 20
    assert len(suggest(client, "villeneuve", limit="many")) == 10
    assert suggest(client, "villeneuve", limit=2) == [("Villeneuve 29", "99029"),
                                                      ("Villeneuve 28", "99028")]


@pytest.mark.parametrize("q, expected", [("saint", 1), ("41000", 2)])
def test_suggestions_cost_the_same_queries_whatever_the_data(client, loaded, q, expected,
                                                             django_assert_num_queries):
    with django_assert_num_queries(expected):
        suggest(client, q)
    for number in range(50):
        Territory.objects.create(name=f"Saint-Exemple {number}", insee_code=f"98{number:03}",
                                 postal_codes="41000", population=5000 + number)
    with django_assert_num_queries(expected):
        assert len(suggest(client, q)) == 10


# -- reading a typed territory back -------------------------------------------------------


def test_resolve_a_label_a_code_a_postal_code_or_a_unique_name(loaded):
    resolve = territories.resolve_territory
    assert resolve("Blois (41018)") == (by_code("41018"), None)
    assert resolve("  blois (41999) ") == (by_code("41999"), None)
    assert resolve("42218") == (by_code("42218"), None)
    assert resolve("saint etienne") == (by_code("42218"), None)
    assert resolve("42130") == (by_code("42279"), None)
    assert resolve("fr") == (by_code("FR"), None)
    assert resolve("") == (None, None)


def test_resolve_says_what_to_type_when_it_cannot_choose(loaded, settings):
    from django.utils import translation

    with translation.override("en"):
        assert territories.resolve_territory("Blois") == (None, (
            "Several territories match “Blois”: add the INSEE code in brackets, for example "
            "“Blois (41018)”, “Blois (41999)”."))
        assert territories.resolve_territory("41000")[1].startswith(
            "Several territories match “41000”")
        assert territories.resolve_territory("Atlantide (12345)") == (None, (
            "No territory is called “Atlantide”. Type the beginning of its name, its postal "
            "code or its INSEE code, then pick it in the list."))


def test_suggestions_read_indexes_only(loaded):
    """The keys by their index, the territories by their primary key or code, never a scan.
    SQLite: its plan. PostgreSQL (whose plan depends on table sizes): with sequential scans
    disabled, a plan that still scans has no index to use."""
    with CaptureQueriesContext(connection) as queries:
        territories.search_territories("saint", 10)
        territories.search_territories("41000", 10)
    plans = []
    for query in queries.captured_queries:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append(" / ".join(row[-1] for row in cursor.fetchall()))
            else:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append(" / ".join(row[0] for row in cursor.fetchall()))
    assert len(plans) == 3
    if connection.vendor == "sqlite":
        assert all("SCAN" not in plan for plan in plans), plans
        assert "SEARCH U0 USING INDEX core_territorykey_key" in plans[0]
        assert "SEARCH core_territory USING INDEX sqlite_autoindex_core_territory" in plans[2]
    else:
        assert all("Seq Scan" not in plan for plan in plans), plans
        assert "core_territorykey" in plans[0] and "Index" in plans[0]


def test_loading_makes_cached_pages_stale_only_when_something_changed(db, extract):
    from core import pagecache

    before = pagecache.generation()
    territories.load_territories(extract)
    after = pagecache.generation()
    assert after > before
    territories.load_territories(extract)
    assert pagecache.generation() == after
