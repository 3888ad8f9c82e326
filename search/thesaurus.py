"""The thesaurus: groups of synonyms moderators edit, applied at query time by both engines.

Elasticsearch applies it with a ``synonym_graph`` filter of its search analyzer
(the rules of :func:`rules`, updated in the index settings when a group changes:
no reindex); the database engine expands the query the same way
(:func:`expand`): at each position the longest sequence of terms that is a
synonym becomes the alternatives of its group. Terms are compared analysed
(folded, stop words out, stemmed), so "personnes âgées" also matches
"personne agée".
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.utils.translation import gettext as _

from search.analysis import STOP_WORDS, terms, words

CACHE_KEY = "essaim-search-thesaurus"
CACHE_SECONDS = 300
MAX_TERMS = 30
MAX_TERM_LENGTH = 100
# Elasticsearch refuses an empty synonym list in some versions: a rule that can never
# match keeps the filter valid while the thesaurus is empty.
EMPTY_RULE = "essaimthesaurusvide, essaimthesaurusvide"

_SEPARATORS = re.compile(r"[,\n;]+")


def split_terms(text: str) -> list[str]:
    """The terms of a group as moderators typed them (one per line or comma-separated)."""
    seen, result = set(), []
    for raw in _SEPARATORS.split(text or ""):
        term = " ".join(raw.split())
        key = tuple(terms(term))
        if term and key and key not in seen:
            seen.add(key)
            result.append(term)
    return result


def group_errors(text: str) -> list[str]:
    """Why a group cannot be saved, in words a moderator understands (empty: it can)."""
    raw = [" ".join(t.split()) for t in _SEPARATORS.split(text or "") if t.strip()]
    errors = []
    if any(len(term) > MAX_TERM_LENGTH for term in raw):
        errors.append(_("A term is longer than %(max)s characters.") % {"max": MAX_TERM_LENGTH})
    if any(term and not terms(term) for term in raw):
        errors.append(_("A term made only of short common words (le, de, au…) cannot be "
                        "searched."))
    kept = split_terms(text)
    if len(kept) < 2:
        errors.append(_("Give at least two different terms."))
    if len(kept) > MAX_TERMS:
        errors.append(_("A group holds at most %(max)s terms.") % {"max": MAX_TERMS})
    return errors


def rule_words(term: str) -> str:
    """A term as the synonym rule sent to Elasticsearch: folded words, no article, no stop
    word (analysis-common rejects a rule whose analysis leaves a gap)."""
    return " ".join(word for word, _s, _e in words(term) if word not in STOP_WORDS)


def groups() -> list[list[str]]:
    """Every group's terms, from the cache (emptied when a group changes)."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        from search.models import SynonymGroup

        try:
            cached = [group.term_list() for group in SynonymGroup.objects.all()]
        except Exception:  # table missing before migrate
            return []
        cached = [group for group in cached if len(group) >= 2]
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def forget():
    cache.delete(CACHE_KEY)


def rules(all_groups=None) -> list[str]:
    """The Solr-format rules of the Elasticsearch synonym_graph filter."""
    lines = []
    for group in groups() if all_groups is None else all_groups:
        cleaned = list(dict.fromkeys(w for w in (rule_words(t) for t in group) if w))
        if len(cleaned) >= 2:
            lines.append(", ".join(cleaned))
    return sorted(lines) or [EMPTY_RULE]


def _entries(all_groups):
    """{analysed term sequence: the alternatives of its group} and the longest sequence."""
    entries = {}
    for group in all_groups:
        alternatives = list(dict.fromkeys(tuple(terms(t)) for t in group))
        alternatives = [a for a in alternatives if a]
        for key in alternatives:
            merged = entries.setdefault(key, [])
            merged.extend(a for a in alternatives if a not in merged)
    return entries, max((len(k) for k in entries), default=0)


def expand(stems: list[str], all_groups=None) -> list[list[tuple[str, ...]]]:
    """The query's slots: each a list of alternatives (term sequences), all required.

    Greedy longest match from the left, as Lucene's SynonymGraphFilter does.
    """
    entries, longest = _entries(groups() if all_groups is None else all_groups)
    slots, position = [], 0
    while position < len(stems):
        for size in range(min(longest, len(stems) - position), 0, -1):
            key = tuple(stems[position:position + size])
            if key in entries:
                slots.append(list(entries[key]))
                position += size
                break
        else:
            slots.append([(stems[position],)])
            position += 1
    return slots
