"""The Python French chain gives the terms of the Elasticsearch analyzer."""

import pytest

from search.analysis import terms

# Outputs of the Elasticsearch chain (elision, lowercase, asciifolding, stop, light_french).
CASES = [
    ("L’assemblée des jeunes", ["asembl", "jeun"]),
    ("jeunesse", ["jeunes"]),
    ("Débat", ["debat"]),
    ("quartiers numérique", ["quarti", "num"]),
    ("participatif participative", ["participatif", "participatif"]),
    ("d'Écoute", ["ecout"]),
    ("les des et", []),
    ("Bureaux", ["bureau"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_terms(text, expected):
    assert terms(text) == expected


@pytest.mark.elasticsearch
@pytest.mark.django_db
@pytest.mark.parametrize("text", [
    "Les conseils citoyens des quartiers prioritaires de la politique de la ville",
    "L'assemblée citoyenne permanente tirée au sort, jusqu'à l'été",
    "Médiateurs numériques, végétalisation, mobilités douces et rénovation énergétique",
    "Organisatrices, animateurs, éducatrices, l'accompagnement des bénévoles",
    "Réunions publiques, cahiers de doléances, collégiens et lycéennes",
])
def test_same_terms_as_elasticsearch(elasticsearch_search, test_document, text):
    from .conftest import load_corpus
    from .corpus import DOC

    load_corpus(CORPUS_SMALL)
    index = elasticsearch_search.current_index(DOC)
    tokens = elasticsearch_search.client.indices.analyze(
        index=index, analyzer="essaim_french", text=text)["tokens"]
    assert [t["token"] for t in tokens] == terms(text)


CORPUS_SMALL = [{"id": 1, "title": "x"}]
