"""What a query says, read once for both engines: free words, quoted phrases, exact forms.

- Free words are matched by their analysed term (search.analysis): the same stem
  on both sides, never a prefix of it.
- A quoted phrase ("conseil des sages") matches those words in that order, as
  written (case, accents and elided articles aside): the exact forms, stop
  words included.
- The exact forms of the words (folded, unstemmed) boost the results that
  contain them as typed: "Loire" prefers "Loire" to "Loir-et-Cher", which
  share the stem ``loir``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import STOP_WORDS, terms, words

_QUOTED = re.compile(r"[\"“”«»]\s*([^\"“”«»]+?)\s*[\"“”«»]")


@dataclass
class ParsedQuery:
    free_text: str = ""
    phrases: list[list[str]] = field(default_factory=list)  # exact forms, in order
    stems: list[str] = field(default_factory=list)  # analysed terms of the free words
    exact: list[str] = field(default_factory=list)  # folded content words, for the boost

    @property
    def phrase_texts(self) -> list[str]:
        return [" ".join(phrase) for phrase in self.phrases]

    @property
    def empty(self) -> bool:
        return not self.stems and not self.phrases

    def highlight_stems(self) -> list[str]:
        found = list(self.stems)
        for phrase in self.phrases:
            found.extend(terms(" ".join(phrase)))
        return list(dict.fromkeys(found))


def parse(text: str) -> ParsedQuery:
    phrases = []

    def keep(match):
        exact = [word for word, _s, _e in words(match.group(1))]
        if exact and any(word not in STOP_WORDS for word in exact):
            phrases.append(exact)
        return " "

    free_text = " ".join(_QUOTED.sub(keep, text or "").replace('"', " ").split())
    stems = terms(free_text)
    exact = [w for w, _s, _e in words(free_text) if w not in STOP_WORDS]
    for phrase in phrases:
        exact.extend(w for w in phrase if w not in STOP_WORDS)
    return ParsedQuery(free_text=free_text, phrases=phrases, stems=stems,
                       exact=list(dict.fromkeys(exact)))
