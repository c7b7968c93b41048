"""Loading the lexicon files shipped in `lexicons/` and matching them against tokens.

Files are UTF-8 TSV, `#` starts a comment. A term is one or more tokens (phrases such as
"still waiting", "pai nai", "नहीं मिला" are matched as a unit, so a negator inside a phrase is
not applied twice). Bengali and Devanagari words also match through their stem when a known
suffix is joined on (ভালোই → ভালো, সার্ভিসের → সার্ভিস).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Generic, TypeVar

from sampark.social.understanding.text import CLAUSE_BREAK, tokens

T = TypeVar("T")

# Joined endings tried (longest first) when an Indic word is not in a lexicon as written.
_BN_SUFFIXES = tuple(
    sorted(
        (
            unicodedata.normalize("NFC", s)
            for s in (
                "গুলো",
                "গুলি",
                "গুলোর",
                "দের",
                "টার",
                "টির",
                "টা",
                "টি",
                "খানা",
                "ের",
                "র",
                "কে",
                "তে",
                "ে",
                "ই",
                "ও",
                "ভাবে",
                "েই",
                "েও",
                "রা",
                "এর",
                "য়",
                "ার",
            )
        ),
        key=len,
        reverse=True,
    )
)
_HI_SUFFIXES = tuple(sorted(("ों", "ें", "ाें", "ी", "ा", "े", "ो", "ाओ", "ाना"), key=len, reverse=True))


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("sampark.social.understanding").joinpath("lexicons", name).read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        line = line.split(" #", 1)[0].rstrip()
        if line.strip():
            yield [c.strip() for c in line.split("\t") if c.strip()]


def key_of(term: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(unicodedata.normalize("NFC", term).casefold()) if t != CLAUSE_BREAK)


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    term: str
    value: T


class Lexicon(Generic[T]):
    """Terms (token tuples) to values, matched greedily, longest first, without overlap."""

    def __init__(self, entries: Mapping[tuple[str, ...], T]) -> None:
        self.entries: dict[tuple[str, ...], T] = dict(entries)
        self.longest: dict[str, int] = {}
        self._memo: dict[str, tuple[tuple[str, ...], T] | None] = {}
        for key in self.entries:
            if key and len(key) > self.longest.get(key[0], 0):
                self.longest[key[0]] = len(key)

    def _lookup(self, tok: str) -> tuple[tuple[str, ...], T] | None:
        # Posts repeat words endlessly: remember each token's answer (bounded).
        try:
            return self._memo[tok]
        except KeyError:
            pass
        found = self._lookup_uncached(tok)
        if len(self._memo) < 200_000:
            self._memo[tok] = found
        return found

    def _lookup_uncached(self, tok: str) -> tuple[tuple[str, ...], T] | None:
        key = (tok,)
        value = self.entries.get(key)
        if value is not None:
            return key, value
        if tok.isascii() or len(tok) < 3:
            return None
        suffixes = _BN_SUFFIXES if "\u0980" <= tok[0] <= "\u09ff" else _HI_SUFFIXES
        for suffix in suffixes:
            if tok.endswith(suffix) and len(tok) - len(suffix) >= 2:
                key = (tok[: -len(suffix)],)
                value = self.entries.get(key)
                if value is not None:
                    return key, value
        return None

    def match(self, toks: list[str], skip: set[int] | None = None) -> list[Match[T]]:
        found: list[Match[T]] = []
        i, n = 0, len(toks)
        while i < n:
            if skip and i in skip:
                i += 1
                continue
            tok = toks[i]
            longest = self.longest.get(tok, 0)
            hit = False
            for size in range(min(longest, n - i), 1, -1):
                key = tuple(toks[i : i + size])
                if key in self.entries and not (skip and skip.intersection(range(i, i + size))):
                    found.append(Match(i, i + size, " ".join(key), self.entries[key]))
                    i += size
                    hit = True
                    break
            if hit:
                continue
            single = self._lookup(tok)
            if single is not None:
                found.append(Match(i, i + 1, tok, single[1]))
            i += 1
        return found


def _float_table(name: str) -> dict[tuple[str, ...], float]:
    out: dict[tuple[str, ...], float] = {}
    for row in _rows(name):
        out[key_of(row[0])] = float(row[1])
    return out


SENTIMENT_FILES = {
    "en": "sentiment_en.tsv",
    "bn": "sentiment_bn.tsv",
    "hi": "sentiment_hi.tsv",
    "bn-Latn": "sentiment_bn_latn.tsv",
    "hi-Latn": "sentiment_hi_latn.tsv",
}


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[tuple[str, ...], float]:
    """VADER's English word valences (−4 … 4), rescaled to our −3 … 3."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {(w,): v * 0.75 for w, v in SentimentIntensityAnalyzer().lexicon.items() if w.isalpha()}


@lru_cache(maxsize=8)
def sentiment_lexicon(form: str) -> Lexicon[float]:
    """The merged lexicon for one language form. Posts mix languages (Hinglish is full of
    English words, Bengali posts carry Latin product words), so every form also knows
    the English and the other forms' words, at lower priority than its own."""
    own = SENTIMENT_FILES.get(form, "sentiment_en.tsv")
    merged: dict[tuple[str, ...], float] = dict(vader_lexicon())
    # Romanised function words that VADER happens to score ("ache" = pain) are neutral here.
    for key in markers():
        merged[key] = 0.0
    for name in SENTIMENT_FILES.values():
        if name != own:
            merged.update(_float_table(name))
    merged.update(_float_table(own))
    return Lexicon(merged)


@lru_cache(maxsize=1)
def markers() -> dict[tuple[str, ...], dict[str, float]]:
    """Romanised-language marker words: term → {form: weight}."""
    out: dict[tuple[str, ...], dict[str, float]] = {}
    for row in _rows("markers.tsv"):
        out.setdefault(key_of(row[0]), {})[row[1]] = float(row[2])
    return out


@lru_cache(maxsize=1)
def modifiers() -> dict[str, dict[str, float]]:
    """kind ("negator", "intensifier", "diminisher", "contrast") → {token: factor}."""
    out: dict[str, dict[str, float]] = {}
    for row in _rows("modifiers.tsv"):
        term = unicodedata.normalize("NFC", row[0]).casefold()
        out.setdefault(row[1], {})[term] = float(row[2]) if len(row) > 2 else 1.0
    return out


@lru_cache(maxsize=1)
def emoji() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in _rows("emoji.tsv")}


@lru_cache(maxsize=1)
def intent_lexicon() -> Lexicon[tuple[str, float]]:
    entries: dict[tuple[str, ...], tuple[str, float]] = {}
    for row in _rows("intent.tsv"):
        entries[key_of(row[0])] = (row[1], float(row[2]))
    return Lexicon(entries)


@lru_cache(maxsize=256)
def override_lexicon(items: tuple[tuple[str, float], ...]) -> Lexicon[float]:
    return Lexicon({key_of(term): weight for term, weight in items if key_of(term)})
