"""The French analysis chain, once in Python for the database engine.

It mirrors the Elasticsearch analyzer that search/engines/elasticsearch.py
declares (standard tokens, elision, lowercase, ASCII folding, the same stop
words, Lucene's light French stemmer), so that both engines see the same
terms: the query suite in tests/search checks they find the same documents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLES = ("l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu")

# Snowball's French stop words, ASCII-folded (the chain folds before removing them).
STOP_WORDS = frozenset("""
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me meme mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
vos votre vous c d j l a m n s t y ete etee etees etes etant suis es est sommes etes sont serai
seras sera serons serez seront serais serait serions seriez seraient etais etait etions etiez
etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fut fussions
fussiez fussent ayant eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront
aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eumes eutes eurent
aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent ceci cela celà cet cette ici
ils les leurs quel quels quelle quelles sans soi
""".split())

TOKEN = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_ARTICLES = "|".join(sorted(ARTICLES, key=len, reverse=True))
_ELISION = re.compile(rf"^(?:{_ARTICLES})['’]")


def fold(text: str) -> str:
    """Lowercase and strip accents (ASCII folding of Latin letters)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("œ", "oe").replace(
        "æ", "ae")


def _norm(s: list[str]) -> list[str]:
    if len(s) > 4:
        out = [s[0]]
        for ch in s[1:]:
            if ch == out[-1] and ch.isalpha():
                continue
            out.append(ch)
        s = out
    if len(s) > 4 and s[-2:] == ["i", "e"]:
        s = s[:-2]
    if len(s) > 4:
        if s[-1] == "r":
            s = s[:-1]
        if s[-1] == "e":
            s = s[:-1]
        if s[-1] == "e":
            s = s[:-1]
        if s[-1] == s[-2] and s[-1].isalpha():
            s = s[:-1]
    return s


# Words repeat: the analysis of one is kept (a reindex analyses millions of tokens made
# of a few thousand different words).
@lru_cache(maxsize=200_000)
def light_stem(word: str) -> str:
    """Lucene's FrenchLightStemmer (Savoy), on an already folded word."""
    s = list(word)
    n = len

    def ends(suffix):
        return "".join(s).endswith(suffix)

    if n(s) > 5 and s[-1] == "x":
        if s[-3] == "a" and s[-2] == "u" and s[-4] != "e":
            s[-2] = "l"
        s = s[:-1]
    if n(s) > 3 and s[-1] == "x":
        s = s[:-1]
    if n(s) > 3 and s[-1] == "s":
        s = s[:-1]
    if n(s) > 9 and ends("issement"):
        s = s[:-6]
        s[-1] = "r"
        return "".join(_norm(s))
    if n(s) > 8 and ends("issant"):
        s = s[:-4]
        s[-1] = "r"
        return "".join(_norm(s))
    if n(s) > 6 and ends("ement"):
        s = s[:-4]
        if n(s) > 3 and ends("ive"):
            s = s[:-1]
            s[-1] = "f"
        return "".join(_norm(s))
    if n(s) > 11 and ends("ficatrice"):
        s = s[:-5]
        s[-2], s[-1] = "e", "r"
        return "".join(_norm(s))
    if n(s) > 10 and ends("ficateur"):
        s = s[:-4]
        s[-2], s[-1] = "e", "r"
        return "".join(_norm(s))
    if n(s) > 9 and ends("catrice"):
        s = s[:-3]
        s[-4], s[-3], s[-2] = "q", "u", "e"
        return "".join(_norm(s))
    if n(s) > 8 and ends("cateur"):
        s = s[:-2]
        s[-4], s[-3], s[-2], s[-1] = "q", "u", "e", "r"
        return "".join(_norm(s))
    if n(s) > 8 and ends("atrice"):
        s = s[:-4]
        s[-2], s[-1] = "e", "r"
        return "".join(_norm(s))
    if n(s) > 7 and ends("ateur"):
        s = s[:-3]
        s[-2], s[-1] = "e", "r"
        return "".join(_norm(s))
    if n(s) > 6 and ends("trice"):
        s = s[:-1]
        s[-3], s[-2], s[-1] = "e", "u", "r"
    if n(s) > 5 and ends("ieme"):
        return "".join(_norm(s[:-4]))
    if n(s) > 7 and ends("teuse"):
        s = s[:-2]
        s[-1] = "r"
        return "".join(_norm(s))
    if n(s) > 6 and ends("teur"):
        s = s[:-1]
        s[-1] = "r"
        return "".join(_norm(s))
    if n(s) > 5 and ends("euse"):
        return "".join(_norm(s[:-2]))
    if n(s) > 8 and ends("ere"):
        s = s[:-1]
        s[-2] = "e"
        return "".join(_norm(s))
    if n(s) > 7 and ends("ive"):
        s = s[:-1]
        s[-1] = "f"
        return "".join(_norm(s))
    if n(s) > 4 and (ends("folle") or ends("molle")):
        s = s[:-2]
        s[-1] = "u"
        return "".join(_norm(s))
    if n(s) > 9 and ends("nnelle"):
        return "".join(_norm(s[:-5]))
    if n(s) > 9 and ends("nnel"):
        return "".join(_norm(s[:-3]))
    if n(s) > 4 and ends("ete"):
        s = s[:-1]
        s[-2] = "e"
    if n(s) > 8 and ends("ique"):
        s = s[:-4]
    if n(s) > 8 and ends("esse"):
        return "".join(_norm(s[:-3]))
    if n(s) > 7 and ends("inage"):
        return "".join(_norm(s[:-3]))
    if n(s) > 9 and ends("isation"):
        s = s[:-7]
        if n(s) > 5 and ends("ual"):
            s[-2] = "e"
        return "".join(_norm(s))
    if n(s) > 9 and ends("isateur"):
        return "".join(_norm(s[:-7]))
    if n(s) > 8 and ends("ation"):
        return "".join(_norm(s[:-5]))
    if n(s) > 8 and ends("ition"):
        return "".join(_norm(s[:-5]))
    return "".join(_norm(s))


def words(text: str) -> list[tuple[str, int, int]]:
    """(folded word without its elided article, start, end) for each word of ``text``."""
    result = []
    for match in TOKEN.finditer(text or ""):
        word = token_word(match.group())
        if word:
            result.append((word, match.start(), match.end()))
    return result


@lru_cache(maxsize=200_000)
def token_word(token: str) -> str:
    """A token folded, without its elided article."""
    word = _ELISION.sub("", fold(token).replace("’", "'"))
    if "'" in word:  # "aujourd'hui": the standard tokenizer keeps it whole
        word = word.replace("'", "")
    return word


def terms(text: str) -> list[str]:
    """The indexed terms of ``text``: folded, stop words removed, light-stemmed."""
    return [light_stem(word) for word, _s, _e in words(text) if word not in STOP_WORDS]
