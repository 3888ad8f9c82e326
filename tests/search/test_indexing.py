"""Publish / unpublish / move / delete → on_commit → Celery task → both engines."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import strip_tags
from wagtail.models import Page

from core.models import StandardPage
from search import api
from search.documents import SearchDocument
from search.models import SearchEntry

from .conftest import load_corpus
from .corpus import CORPUS, DOC

pytestmark = pytest.mark.django_db

PAGE_DOC = "test_page"


@pytest.fixture
def page_document(register, database_search):
    from elasticsearch_dsl import Document, Keyword, Text

    class PageDocument(Document):
        title = Text()
        body = Text()
        url = Keyword(index=False)

    document = SearchDocument(
        name=PAGE_DOC, label="Pages", document=PageDocument,
        queryset=lambda: StandardPage.objects.live().public(),
        prepare=lambda page: {"id": page.pk, "title": page.title,
                              "body": strip_tags(page.body), "url": page.url or ""},
        model=StandardPage)
    register(search_documents=lambda: [document])
    return document


def titles(text):
    return [hit.title for hit in api.search(PAGE_DOC, text).hits]


def test_publish_unpublish_move_delete(page_document, django_capture_on_commit_callbacks):
    root = Page.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=True):
        parent = root.add_child(instance=StandardPage(title="Rubrique", slug="rubrique"))
        parent.save_revision().publish()
        other = root.add_child(instance=StandardPage(title="Autre rubrique", slug="autre"))
        other.save_revision().publish()
        page = parent.add_child(instance=StandardPage(
            title="Assemblée des habitants", slug="assemblee", body="<p>Un débat public</p>"))
        page.save_revision().publish()
    assert titles("assemblée") == ["Assemblée des habitants"]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles("assemblée") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert titles("débat") == ["Assemblée des habitants"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.move(other, pos="last-child")
    assert callbacks  # the move queued a reindex
    entry = SearchEntry.objects.get(doc_type=PAGE_DOC, object_id=str(page.pk))
    assert entry.data["title"] == "Assemblée des habitants"

    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=page.pk).delete()
    assert titles("assemblée") == []
    assert not SearchEntry.objects.filter(doc_type=PAGE_DOC, object_id=str(page.pk)).exists()


def test_nothing_is_indexed_before_commit(page_document, django_capture_on_commit_callbacks):
    root = Page.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = root.add_child(instance=StandardPage(title="Brouillon public", slug="b"))
        page.save_revision().publish()
        assert titles("brouillon") == []
    assert callbacks


def test_reindex_and_check_commands(database_search, test_document):
    out = StringIO()
    call_command("search", "reindex", DOC, "--batch-size", "10", stdout=out)
    assert f"{DOC}: {len(CORPUS)} indexed" in out.getvalue()
    assert "[##############################] 28/28" in out.getvalue()
    assert api.search(DOC, "budget participatif").total == 3

    SearchEntry.objects.filter(doc_type=DOC, object_id="3").delete()
    SearchEntry.objects.filter(doc_type=DOC, object_id="4").update(title_terms="", checksum="x")
    api.index_data(DOC, "999", {"title": "Fantôme"})
    out = StringIO()
    call_command("search", "check", DOC, "--dry-run", stdout=out)
    assert "1 missing, 1 extra, 1 stale" in out.getvalue()
    assert "repaired" not in out.getvalue()
    call_command("search", "check", DOC, stdout=out)
    assert "repaired" in out.getvalue()
    out = StringIO()
    call_command("search", "check", DOC, stdout=out)
    assert "0 missing, 0 extra, 0 stale" in out.getvalue()
    assert {h.id for h in api.search(DOC, "tirage au sort").hits} == {"3", "4", "12", "21"}


def test_reindex_removes_what_is_no_longer_searchable(database_search, test_document):
    load_corpus()
    api.index_data(DOC, "999", {"title": "Fantôme"})
    call_command("search", "reindex", DOC, stdout=StringIO())
    assert not api.search(DOC, "fantome").hits


def test_unknown_document(database_search):
    with pytest.raises(CommandError, match="Unknown search document"):
        call_command("search", "reindex", "nope", stdout=StringIO())


def test_database_status_for_healthz(database_search):
    from search.engines import engine_status

    assert engine_status() == {"ok": True, "engine": "database"}
    assert DOC  # the corpus name stays importable for the other modules
