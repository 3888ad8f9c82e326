"""Text as the engines index and show it: rich text flattened with its blocks kept apart,
excerpts cut between words."""

import pytest

from search import api
from search.analysis import terms
from search.documents import page_data
from search.engines.database import highlight
from search.text import excerpt, plain_text

CHARTER_TEXT = ("Le budget participatif de la ville a été lancé en 2019. Aller vers les "
                "habitants là où il va falloir les chercher, dans les quartiers, sur les "
                "marchés, avec des permanences mobiles et une équipe dédiée au budget.")


def test_rich_text_is_flattened_one_line_per_paragraph_list_item_and_break():
    rich = ("<p>Le conseil vote le <b>budget primitif</b></p><ul><li>Distinguer "
            "fonctionnement&nbsp;et investissement</li><li>Voter</li></ul>"
            "<h3>Et après</h3><p>Une ligne<br>puis l&#x27;autre &amp; la fin</p>")

    assert plain_text(rich) == ("Le conseil vote le budget primitif\n"
                                "Distinguer fonctionnement et investissement\n"
                                "Voter\n"
                                "Et après\n"
                                "Une ligne\n"
                                "puis l'autre & la fin")
    assert plain_text("") == "" and plain_text(None) == ""


def test_page_documents_index_the_flattened_text():
    class Page:
        pk, title, url, first_published_at, last_published_at = 1, "Titre", "/p/", None, None

    data = page_data(Page(), "<ul><li>budget primitif</li><li>Distinguer</li></ul>",
                     "Adresse")
    assert data["body"] == "budget primitif\nDistinguer\nAdresse"


@pytest.mark.parametrize(("length", "expected"), [
    (40, "Aller vers les habitants là où ils …"),
    (38, "Aller vers les habitants là où ils …"),
    (37, "Aller vers les habitants là où ils …"),
    (36, "Aller vers les habitants là où ils …"),
    (33, "Aller vers les habitants là où …"),
    (200, "Aller vers les habitants là où ils vivent, en bas des immeubles."),
])
def test_an_excerpt_is_cut_between_two_words(length, expected):
    assert excerpt("Aller vers les habitants là où ils vivent, en bas des immeubles.",
                   length) == expected


def test_an_excerpt_of_one_very_long_word_is_cut_inside_it():
    assert excerpt("a" * 30, 10) == "aaaaaaaaaa …"


def test_a_highlight_fragment_starts_and_ends_between_words():
    fragment = highlight(CHARTER_TEXT, list(terms("quartiers")), 80)

    assert fragment == ("… chercher, dans les <mark>quartiers</mark>, sur les marchés, avec "
                        "des permanences mobiles et …")


def test_a_highlight_fragment_starts_at_the_line_of_the_match_when_it_is_near():
    text = ("Une première ligne.\nLes habitants des quartiers proposent des projets puis "
            "votent pour ceux qu'ils préfèrent.")

    assert highlight(text, list(terms("quartiers")), 80) == (
        "… Les habitants des <mark>quartiers</mark> proposent des projets puis votent pour "
        "ceux qu&#x27;ils …")
    assert highlight("Les quartiers votent.", list(terms("quartiers")), 60) == (
        "Les <mark>quartiers</mark> votent.")


def test_elasticsearch_fragments_get_an_ellipsis_where_the_text_goes_on():
    from search.engines.elasticsearch import _with_ellipses

    text = "Un panel représentatif travaille sur le budget. Il rend un avis au conseil."
    assert _with_ellipses("Il rend un <mark>avis</mark> au conseil.", text) == \
        "… Il rend un <mark>avis</mark> au conseil."
    assert _with_ellipses("Un <mark>panel</mark> représentatif travaille sur le budget.",
                          text) == \
        "Un <mark>panel</mark> représentatif travaille sur le budget. …"
    assert _with_ellipses("l&#x27;<mark>avis</mark>", "Rendre l'avis") == \
        "… l&#x27;<mark>avis</mark>"
    assert _with_ellipses("<mark>Tout</mark>", "Tout") == "<mark>Tout</mark>"


def assert_excerpt_between_words():
    """A long text searched for a word in its middle: the excerpt starts and ends on
    whole words, with an ellipsis on each side (run on both engines)."""
    from .conftest import load_corpus
    from .corpus import DOC, sheet

    body = ("Le conseil vote le budget primitif chaque printemps après trois réunions "
            "publiques. Aller vers les habitants là où ils vivent, en bas des immeubles, "
            "sur les marchés et devant les écoles, avec une caravane qui circule tout "
            "l'été. Les propositions sont ensuite étudiées par les services techniques.")
    load_corpus([sheet(99, "Caravane", body, "Nantes", [], [], "pays-de-la-loire",
                       "commune", 2024)])

    fragment = api.search(DOC, "caravane immeubles").hits[0].highlight["body"][0]

    assert fragment.startswith("… ") and fragment.endswith(" …")
    text = fragment.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace(
        "</mark>", "").replace("&#x27;", "'")
    start = body.index(text)
    assert start > 0 and body[start - 1] == " "  # starts on a word
    assert body[start + len(text)] == " "  # ends on a word
    assert "<mark>immeubles</mark>" in fragment


@pytest.mark.django_db
def test_database_excerpts_are_cut_between_words_with_an_ellipsis(
        database_search, test_document):
    assert_excerpt_between_words()
