"""The thesaurus moderators edit, typo tolerance with "did you mean", the query log."""

import datetime

import pytest
from django.contrib.auth.models import Group

from search import api, querylog, thesaurus
from search.models import SearchQueryStat, SearchTerm, SynonymGroup

from .conftest import load_corpus
from .corpus import CORPUS, DOC

pytestmark = pytest.mark.django_db


def ids(text):
    return {hit.id for hit in api.search(DOC, text, per_page=100).hits}


def test_a_new_group_applies_at_once_and_a_deleted_one_stops(database_search, test_document):
    load_corpus()
    assert ids("bicyclette") == set()
    group = SynonymGroup.objects.create(terms="bicyclette\npistes cyclables")
    assert ids("bicyclette") == {"19"}
    assert ids("bicyclettes") == {"19"}  # compared analysed
    group.delete()
    assert ids("bicyclette") == set()


def test_seeded_vocabulary_of_participation(database_search, test_document):
    load_corpus()
    assert ids("aînés") == ids("seniors") == {"8", "18", "27"}
    assert ids("personnes âgées") == {"8", "18", "27"}
    assert ids("droit de pétition") >= {"16"}
    assert "convention citoyenne, assemblee citoyenne, panel tire sort, panel citoyen, " \
           "jury citoyen, conference citoyens" in thesaurus.rules()


def test_group_validation():
    assert thesaurus.group_errors("aînés\nseniors") == []
    assert thesaurus.group_errors("aînés\nAînés") == ["Donnez au moins deux termes différents."]
    assert thesaurus.group_errors("aînés, de la") != []
    assert thesaurus.split_terms(" aînés ,\n seniors ; personnes  âgées") == [
        "aînés", "seniors", "personnes âgées"]
    assert thesaurus.rule_words("droit d'interpellation") == "droit interpellation"


def test_typo_is_answered_corrected_with_a_suggestion(database_search, test_document):
    load_corpus()
    result = api.search(DOC, "seniros")
    assert {h.id for h in result.hits} == {"8", "18", "27"}
    assert result.suggestion == "seniors"
    assert api.search(DOC, "budget partcipatif").suggestion == "budget participatif"
    assert api.search(DOC, "seniors").suggestion == ""  # known words are never corrected
    assert api.search(DOC, "zzzzzz").total == 0 and api.search(DOC, "zzzzzz").suggestion == ""


def test_vocabulary_follows_the_entries(database_search, test_document):
    load_corpus()
    seniors = SearchTerm.objects.get(doc_type=DOC, word="seniors")
    assert (seniors.term, seniors.display, seniors.documents) == ("senio", "seniors", 3)
    api.index_data(DOC, "18", dict(CORPUS[17], title="Conseil des anciens",
                                   body="Les aînés donnent leur avis."))
    assert SearchTerm.objects.get(doc_type=DOC, word="seniors").documents == 2
    api.delete(DOC, "8")
    api.delete(DOC, "27")
    assert not SearchTerm.objects.filter(doc_type=DOC, word="seniors").exists()


def test_did_you_mean_link_and_query_log(database_search, test_document, client):
    load_corpus()
    html = client.get("/recherche/", {"q": "seniros"}).content.decode()
    assert 'Vouliez-vous dire <a href="?q=seniors">«\u202fseniors\u202f»</a>\u202f?' in html
    client.get("/recherche/", {"q": "Seniros"})
    client.get("/recherche/", {"q": "zzzzzz"})
    client.get("/recherche/", {"q": "budget", "page": "2"})  # pages after the first: once
    client.get("/recherche/", {"q": "jean.dupont@example.org"})
    client.get("/recherche/", {"q": "06 12 34 56 78"})
    stats = {s.query: (s.searches, s.zero_results) for s in SearchQueryStat.objects.all()}
    assert stats == {"seniros": (2, 0), "zzzzzz": (1, 1)}
    assert SearchQueryStat.objects.get(query="seniros").week.weekday() == 0


def test_query_log_purge(db, settings):
    settings.ESSAIM_SEARCH_QUERY_LOG_WEEKS = 4
    today = datetime.date(2026, 6, 17)
    SearchQueryStat.objects.create(week=querylog.week_of(today), query="récent", searches=1)
    SearchQueryStat.objects.create(week=datetime.date(2026, 1, 5), query="ancien", searches=1)
    assert querylog.purge(today) == 1
    assert list(SearchQueryStat.objects.values_list("query", flat=True)) == ["récent"]


def test_moderators_edit_the_thesaurus_and_read_the_query_log(db, client, django_user_model):
    user = django_user_model.objects.create_user("morgane", password="x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    assert {"essaim_search.add_synonymgroup", "essaim_search.change_synonymgroup",
            "essaim_search.delete_synonymgroup", "essaim_search.view_searchquerystat"} <= \
        user.get_all_permissions()
    assert not user.has_perm("essaim_search.change_searchquerystat")
    client.force_login(user)
    SearchQueryStat.objects.create(week=querylog.week_of(datetime.date.today()),
                                   query="votaton", searches=3, zero_results=3)
    listing = client.get("/admin/snippets/essaim_search/searchquerystat/")
    assert listing.status_code == 200 and "votaton" in listing.content.decode()
    response = client.post("/admin/snippets/essaim_search/synonymgroup/add/",
                           {"terms": "votation\nréférendum", "note": ""})
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="votation\nréférendum").exists()
    refused = client.post("/admin/snippets/essaim_search/synonymgroup/add/",
                          {"terms": "votation", "note": ""})
    assert "Donnez au moins deux termes différents." in refused.content.decode()


@pytest.mark.elasticsearch
def test_elasticsearch_applies_a_changed_thesaurus_without_reindexing(
        elasticsearch_search, test_document, django_capture_on_commit_callbacks):
    load_corpus()
    index = elasticsearch_search.current_index(DOC)
    assert ids("bicyclette") == set()
    with django_capture_on_commit_callbacks(execute=True):
        SynonymGroup.objects.create(terms="bicyclette\npistes cyclables")
    assert elasticsearch_search.current_index(DOC) == index  # no reindex
    assert "bicyclette, pistes cyclables" in elasticsearch_search.synonyms(index)
    result = api.search(DOC, "bicyclette")
    assert result.engine == "elasticsearch" and {h.id for h in result.hits} == {"19"}
    typo = api.search(DOC, "seniros")
    assert {h.id for h in typo.hits} == {"8", "18", "27"} and typo.suggestion == "seniors"
