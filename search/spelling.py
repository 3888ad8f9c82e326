"""Typo tolerance and "did you mean …?": the vocabulary of indexed words.

The database engine keeps, for each document type, the words of its entries
(SearchTerm: folded word, analysed term, a written form, how many entries use
it), whatever engine answers: every write goes to the database engine.

A query that finds nothing is looked at word by word: a term the vocabulary
does not know is a typo candidate. Its corrections are the known terms within
Elasticsearch's ``fuzziness: AUTO`` of it (0 edits up to 2 letters, 1 up to 5,
2 beyond; a transposition counts as one edit) that share its first letter
(``prefix_length: 1``): the lookup reads the indexed terms of that letter only.
Elasticsearch then matches the word with that fuzziness itself, the database
engine with those terms; both answer the corrected query, and the page offers
it as "did you mean …?".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz.distance import OSA

from search.analysis import STOP_WORDS, light_stem, words

PREFIX_LENGTH = 1
MAX_EXPANSIONS = 50
MAX_WORD_LENGTH = 100
TABLE = "essaim_search_searchterm"


def max_edits(term: str) -> int:
    """Elasticsearch's fuzziness AUTO for a term of this length."""
    return 0 if len(term) < 3 else 1 if len(term) < 6 else 2


# --- the vocabulary -------------------------------------------------------------------


def vocabulary(text: str, found: dict | None = None,
               matches: list | None = None) -> dict[str, tuple[str, str]]:
    """{folded word: (term, written form)} for the content words of ``text``, added to
    ``found`` (its first form of a word stays); ``matches`` are ``words(text)`` when
    they are known already."""
    found = {} if found is None else found
    for match in words(text) if matches is None else matches:
        word = match[0]
        if word not in found:
            form = word_form(word, text[match[1]:match[2]])
            if form is not None:
                found[word] = form
    return found


def word_form(word: str, token: str) -> tuple[str, str] | None:
    """(term, written form) of a vocabulary word met as ``token`` in the text (its folded
    form ``word``); None for a word the vocabulary leaves out (stop word, number)."""
    if word in STOP_WORDS or word.isdigit() or not 2 <= len(word) <= MAX_WORD_LENGTH:
        return None
    written = token.lower().replace("’", "'")
    written = written.rsplit("'", 1)[-1] if "'" in written else written
    return light_stem(word), written[:MAX_WORD_LENGTH]


def update(doc_type: str, added: list[dict], removed: list[str]) -> None:
    """Count the words of ``added`` entries' vocabularies in, those of ``removed`` texts out."""
    counts, forms = Counter(), {}
    for entry_words in added:
        for word, (term, written) in entry_words.items():
            counts[word] += 1
            forms[word] = (term, written)
    for text in removed:
        for word in set(text.split()):
            if word in STOP_WORDS or word.isdigit() or not 2 <= len(word) <= MAX_WORD_LENGTH:
                continue
            counts[word] -= 1
            forms.setdefault(word, (light_stem(word), word))
    rows = [(doc_type, word, forms[word][0], forms[word][1], delta)
            for word, delta in counts.items() if delta]
    if not rows:
        return
    with connection.cursor() as cursor:
        upsert = (f"ON CONFLICT (doc_type, word) DO UPDATE SET "
                  f"documents = {TABLE}.documents + excluded.documents, "
                  "display = excluded.display")
        if connection.vendor == "postgresql":
            # One statement for the whole batch, whatever its number of words.
            columns = list(zip(*rows, strict=True))
            cursor.execute(
                f"INSERT INTO {TABLE} (doc_type, word, term, display, documents) "
                "SELECT %s, * FROM unnest(%s::text[], %s::text[], %s::text[], %s::int[]) "
                + upsert, [doc_type, list(columns[1]), list(columns[2]), list(columns[3]),
                           list(columns[4])])
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} (doc_type, word, term, display, documents) "
                "VALUES (%s, %s, %s, %s, %s) " + upsert, rows)
        if any(delta < 0 for *_rest, delta in rows):
            cursor.execute(f"DELETE FROM {TABLE} WHERE doc_type = %s AND documents <= 0",
                           [doc_type])


def forget(doc_type: str) -> None:
    from search.models import SearchTerm

    SearchTerm.objects.filter(doc_type=doc_type).delete()


# --- corrections ----------------------------------------------------------------------


@dataclass
class Correction:
    """The typo candidates of a query: {word as typed: its corrections}."""

    words: dict[str, list[str]] = field(default_factory=dict)  # typed word → terms
    suggestion: str = ""  # the query with each unknown word replaced, for the page

    def __bool__(self):
        return bool(self.words)


def correct(text: str, doc_names: list[str], protected: set[str] = frozenset()) -> Correction:
    """The corrections of the words of ``text`` whose term no entry of ``doc_names`` has.

    ``protected`` terms (a synonym's) are never corrected, as Elasticsearch does
    not fuzz synonyms.
    """
    from search.models import SearchTerm

    typed = [(word, start, end) for word, start, end in words(text)
             if word not in STOP_WORDS and not word.isdigit()]
    stems = {word: light_stem(word) for word, _s, _e in typed}
    candidates = {s for s in stems.values() if s not in protected and max_edits(s)}
    if not candidates:
        return Correction()
    known = set(SearchTerm.objects.filter(doc_type__in=doc_names, term__in=candidates,
                                          documents__gt=0)
                .values_list("term", flat=True).distinct())
    correction = Correction()
    replacements = {}
    for word, start, end in typed:
        stem = stems[word]
        if stem in known or stem not in candidates or word in correction.words:
            continue
        terms_ = _close_terms(stem, doc_names)
        if not terms_:
            continue
        correction.words[word] = terms_
        written = _best_written(word, terms_, doc_names)
        if written:
            replacements[(start, end)] = written
    if replacements:
        out, position = [], 0
        for (start, end), written in sorted(replacements.items()):
            out.append(text[position:start])
            out.append(written)
            position = end
        out.append(text[position:])
        correction.suggestion = "".join(out)
    return correction


def _close_terms(stem: str, doc_names: list[str]) -> list[str]:
    from search.models import SearchTerm

    prefix = stem[:PREFIX_LENGTH]
    limit = max_edits(stem)
    known = (SearchTerm.objects.filter(doc_type__in=doc_names, term__gte=prefix,
                                       term__lt=prefix + "\uffff", documents__gt=0)
             .values_list("term", flat=True).distinct())
    scored = sorted((OSA.distance(stem, term, score_cutoff=limit), term) for term in set(known))
    return [term for distance, term in scored if distance <= limit][:MAX_EXPANSIONS]


def _best_written(word: str, terms_: list[str], doc_names: list[str]) -> str:
    """The written form closest to what was typed, the most used on a tie."""
    from django.db.models import Sum

    from search.models import SearchTerm

    rows = (SearchTerm.objects.filter(doc_type__in=doc_names, term__in=terms_, documents__gt=0)
            .values("word", "display").annotate(n=Sum("documents")))
    best = min(rows, key=lambda r: (OSA.distance(word, r["word"]), -r["n"], r["word"]),
               default=None)
    return best["display"] if best else ""
