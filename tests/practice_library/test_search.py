"""Finding practices: full text, facets (OR within, AND across), sorting, pagination."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.utils import timezone

from plugins.practice_library.finder import parse_request, search_practices

from .helpers import text_of


def counts(results, facet):
    return {v.value: v.count for f in results.facets if f.name == facet for v in f.values}


@pytest.fixture
def corpus(make_sheet):
    return {
        "pb_small": make_sheet("Budget participatif rural", territory="small",
                               challenges=["peu-d-ingenierie-peu-de-moyens"],
                               mechanisms=["budget-participatif"],
                               recruitment="volunteers"),
        "pb_large": make_sheet("Budget participatif métropolitain", territory="large",
                               challenges=["impliquer-les-publics-eloignes"],
                               mechanisms=["budget-participatif", "plateforme-numerique"],
                               recruitment="volunteers", start_date=datetime.date(2021, 3, 1)),
        "assembly": make_sheet("Assemblée citoyenne tirée au sort", territory="medium",
                               challenges=["restaurer-la-confiance",
                                           "impliquer-les-publics-eloignes"],
                               mechanisms=["assemblee-ou-convention-citoyenne"], recruitment="lot",
                               context="<p>Un panel représentatif travaille sur le budget.</p>"),
        "youth": make_sheet("Conseil des jeunes", territory="medium",
                            mechanisms=["conseil-des-jeunes"], recruitment="volunteers"),
        "draft": make_sheet("Budget participatif en brouillon", publish=False,
                            mechanisms=["budget-participatif"]),
    }


def titles(results):
    return {sheet.title for sheet in results.sheets}


def test_query_matches_every_word_in_titles_texts_and_taxonomies(corpus):
    assert titles(search_practices("budget participatif")) == {
        "Budget participatif rural", "Budget participatif métropolitain"}
    assert "Assemblée citoyenne tirée au sort" in titles(search_practices("panel"))
    assert titles(search_practices("Moyenneville jeunes")) == {"Conseil des jeunes"}


def test_drafts_are_never_found(corpus):
    assert "Budget participatif en brouillon" not in titles(search_practices("brouillon"))
    assert search_practices().total == 4


def test_values_of_one_facet_are_or_ed_and_facets_are_and_ed(corpus):
    either = search_practices(filters={"mechanism": ["budget-participatif",
                                                     "assemblee-ou-convention-citoyenne"]})
    assert either.total == 3

    both = search_practices(filters={"mechanism": ["budget-participatif",
                                                   "assemblee-ou-convention-citoyenne"],
                                     "size": ["10000-20000"]})
    assert titles(both) == {"Assemblée citoyenne tirée au sort"}


def test_counts_of_a_facet_ignore_its_own_selection_but_not_the_others(corpus):
    results = search_practices(filters={"mechanism": ["budget-participatif"]})

    # what ticking it adds
    assert counts(results, "mechanism")["assemblee-ou-convention-citoyenne"] == 1
    assert counts(results, "size") == {"lt-2000": 1, "gt-100000": 1}
    assert counts(results, "recruitment") == {"volunteers": 2}
    assert counts(results, "kind") == {"commune": 1, "intercommunalite": 1}
    assert counts(results, "year") == {"2023": 1, "2021": 1}
    assert counts(results, "challenge") == {"peu-d-ingenierie-peu-de-moyens": 1,
                                            "impliquer-les-publics-eloignes": 1}
    selected = [v for f in results.facets for v in f.values if v.selected]
    assert [v.value for v in selected] == ["budget-participatif"]


def test_every_facet_filters(corpus):
    expectations = {
        "challenge": ("restaurer-la-confiance", 1), "mechanism": ("conseil-des-jeunes", 1),
        "recruitment": ("lot", 1), "kind": ("intercommunalite", 1),
        "size": ("10000-20000", 2), "region": ("normandie", 3), "year": ("2021", 1),
    }
    for facet, (value, total) in expectations.items():
        assert search_practices(filters={facet: [value]}).total == total, facet


def test_sorting(corpus):
    from plugins.practice_library.models import PracticeSheetPage

    PracticeSheetPage.objects.filter(pk=corpus["youth"].pk).update(
        last_published_at=timezone.now() + datetime.timedelta(days=1))
    assert search_practices(sort="updated").sheets[0].title == "Conseil des jeunes"
    assert search_practices(sort="newest").sheets[0].title == "Conseil des jeunes"
    relevant = search_practices("budget", sort="relevance").sheets
    assert relevant[-1].title == "Assemblée citoyenne tirée au sort"  # only in the text


def test_pagination(corpus):
    first = search_practices(per_page=3)
    second = search_practices(page=2, per_page=3)
    beyond = search_practices(page=99, per_page=3)

    assert (len(first.sheets), len(second.sheets)) == (3, 1)
    assert beyond.page.number == 2


def test_query_string_carries_the_whole_state():
    params = parse_request(QueryDict("q=budget&mechanism=a&mechanism=b&size=lt-2000"
                                     "&tri=newest&page=2&unknown=x"))
    assert params == {"query": "budget", "filters": {"mechanism": ["a", "b"],
                                                     "size": ["lt-2000"]},
                      "sort": "newest", "page": 2}
    assert parse_request(QueryDict("tri=evil&page=-3"))["sort"] == "relevance"


def test_index_page_shows_facets_counts_and_keeps_the_state(client, corpus):
    response = client.get("/pratiques/?q=budget&mechanism=budget-participatif&tri=newest")
    html = text_of(response)

    assert response.status_code == 200
    assert "Budget participatif rural" in html
    assert "Assemblée citoyenne" not in html.split('class="library__results"')[1]
    assert 'aria-live="polite"' in html
    assert '<legend class="visually-hidden">Dispositifs</legend>' in html
    assert 'value="budget-participatif" checked' in html
    assert '<option value="newest" selected>' in html


def test_facet_groups_are_disclosures_open_when_one_of_their_values_is_selected(
        client, corpus):
    html = client.get("/pratiques/?mechanism=budget-participatif").content.decode()

    opened = re.findall(r'<details class="facet" data-facet="(\w+)" open>', html)
    closed = re.findall(r'<details class="facet" data-facet="(\w+)">', html)
    assert opened == ["mechanism"]
    # (the facets nobody uses in this corpus, such as the participation level, are left out)
    assert closed == ["challenge", "recruitment", "kind", "size", "region", "year", "origin"]
    assert "<summary>Dispositifs <span class=\"facet__selected\">(1 sélectionnée)</span>" \
        "</summary>" in html


def test_each_active_filter_is_a_chip_whose_link_removes_that_value(client, corpus):
    from bs4 import BeautifulSoup

    response = client.get("/pratiques/?q=budget&mechanism=budget-participatif"
                          "&mechanism=plateforme-numerique&size=gt-100000&page=2&tri=newest")
    soup = BeautifulSoup(response.content, "html.parser")
    chips = [(" ".join(a.get_text(" ", strip=True).split()), a["href"])
             for a in soup.select("#library-chips a")]

    assert chips == [
        ("Retirer le filtre Dispositifs : Budget participatif ×",
         "?q=budget&mechanism=plateforme-numerique&size=gt-100000&tri=newest"),
        ("Retirer le filtre Dispositifs : Plateforme numérique ×",
         "?q=budget&mechanism=budget-participatif&size=gt-100000&tri=newest"),
        ("Retirer le filtre Population : Plus de 100 000 ×",
         "?q=budget&mechanism=budget-participatif&mechanism=plateforme-numerique"
         "&tri=newest"),
        ("Effacer tous les filtres", "?q=budget&tri=newest"),
    ]
    assert "Filtres (3)" in soup.select_one("[data-drawer-open]").get_text()
    assert client.get("/pratiques/").content.decode().count('class="chip"') == 0


def _grow(make_sheet, n):
    for i in range(n):
        make_sheet(f"Pratique {i}", territory=["small", "medium", "large"][i % 3],
                   challenges=["restaurer-la-confiance"], mechanisms=["budget-participatif",
                                                         "conseil-des-jeunes"][: 1 + i % 2])


def test_query_count_does_not_grow_with_the_number_of_sheets(client, make_sheet):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/pratiques/?q=pratique&mechanism=budget-participatif&size=lt-2000&size=gt-100000"

    def queries():
        with CaptureQueriesContext(connection) as finder:
            assert search_practices("pratique", {"mechanism": ["budget-participatif"]}).total
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        return len(finder), len(page)

    _grow(make_sheet, 3)
    client.get(url)  # warm per-process caches (site root paths)
    few = queries()
    _grow(make_sheet, 27)
    assert queries() == few
    assert few[1] <= 45, "the library page makes more queries than it should"


def test_the_site_search_query_count_does_not_grow_with_the_number_of_hits(client,
                                                                         make_sheet):
    """Each result card of /recherche/ names its kind: the model of a document is found
    once, not by building its queryset (a view-restriction query) for every card."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as page:
            response = client.get("/recherche/", {"q": "pratique"})
        assert response.status_code == 200
        return len(page), response.context["result"].total

    _grow(make_sheet, 1)
    client.get("/recherche/", {"q": "pratique"})  # warm per-process caches
    one, total = queries()
    assert total == 1
    _grow(make_sheet, 7)
    assert queries() == (one, 8)


def test_a_practice_sheet_indexes_its_sections_flattened(make_sheet):
    from plugins.practice_library.documents import prepare

    sheet = make_sheet(context="<p>Le budget primitif</p><ul><li>Distinguer</li></ul>",
                       lessons="<p>Commencer <i>petit</i>.</p>")

    assert prepare(sheet)["body"] == "Le budget primitif\nDistinguer\nCommencer petit."


def test_search_results_are_cards_with_kind_territory_excerpt_and_labelled_facets(
        client, corpus):
    from bs4 import BeautifulSoup

    response = client.get("/recherche/", {"q": "panel", "type": "practice_sheet"})
    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.select_one(".search-results li.card")

    assert card.select_one(".card__title a").get_text() == "Assemblée citoyenne tirée au sort"
    assert " ".join(card.select_one(".search-card__meta").get_text().split()) == \
        "Fiche pratique · Moyenneville"
    assert str(card.select_one(".search-snippet")) == (
        '<p class="search-snippet">Un <mark>panel</mark> représentatif travaille sur le '
        'budget.</p>')
    labels = {" ".join(label.get_text().split())
              for label in soup.select(".search-facets label")}
    assert {"Restaurer la confiance (1)", "Impliquer les publics éloignés (1)",
            "Assemblée ou convention citoyenne (1)", "Tirage au sort (1)"} <= labels
    assert not any("restaurer-la-confiance" in label for label in labels)
