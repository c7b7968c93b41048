"""Text handling shared by the detectors: normalisation, tokens, tags, tracked terms.

Bengali and Devanagari words are made of letters *and* combining signs (vowel signs, virama,
nukta), which Python's `\\w` does not count as word characters, so `\\b` splits their words in
the middle. Every boundary here is therefore defined by explicit script ranges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Letters, signs and digits of each script; U+0964/U+0965 (danda) are punctuation for both.
BENGALI_CHARS = "\u0980-\u09ff"
DEVANAGARI_CHARS = "\u0900-\u0963\u0966-\u097f"
_JOINERS = "\u200c\u200d"
_WORD_CHARS = f"a-z0-9'{BENGALI_CHARS}{DEVANAGARI_CHARS}{_JOINERS}"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HASHTAG = re.compile(rf"#([\w{BENGALI_CHARS}{DEVANAGARI_CHARS}{_JOINERS}]+)", re.UNICODE)
_MENTION = re.compile(r"(?<![\w.])@(\w{1,50})", re.UNICODE)
# A token is a run of word characters of ONE script (mixed "orderটা" gives "order", "টা"),
# or a clause break. Latin letters are matched after case folding.
_TOKEN = re.compile(
    rf"[a-z0-9']+|[{BENGALI_CHARS}{_JOINERS}]+|[{DEVANAGARI_CHARS}{_JOINERS}]+|[.!?;,\u0964\u0965]+"
)
_REPEATS = re.compile(r"([a-z])\1{2,}")
CLAUSE_BREAK = "."
_BREAKS = frozenset(".!?;,\u0964\u0965")

_BENGALI_LETTER = re.compile(r"[\u0985-\u09b9\u09ce\u09dc-\u09df]")
_DEVANAGARI_LETTER = re.compile(r"[\u0904-\u0939\u0958-\u0961]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def normalise(text: str) -> str:
    """NFC, case-folded; URLs and @handles removed (they carry no sentiment or language)."""
    text = unicodedata.normalize("NFC", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return text.casefold()


def tokens(normalised: str) -> list[str]:
    """Word tokens plus "." for every clause break; Latin letter runs of 3+ are cut to 2
    ("sooooo" → "soo"), and the hashtag sign is dropped so "#worst" reads as "worst"."""
    return [
        CLAUSE_BREAK if tok[0] in _BREAKS else tok
        for tok in _TOKEN.findall(_REPEATS.sub(r"\1\1", normalised))
    ]


def script_counts(text: str) -> tuple[int, int, int]:
    """Letters of (Bengali, Devanagari, Latin) script."""
    return (
        len(_BENGALI_LETTER.findall(text)),
        len(_DEVANAGARI_LETTER.findall(text)),
        len(_LATIN_LETTER.findall(text)),
    )


def hashtags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(h.casefold() for h in _HASHTAG.findall(unicodedata.normalize("NFC", text))))


def mentions(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.casefold() for m in _MENTION.findall(text)))


def urls(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_URL.findall(text)))


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str] | None:
    words = unicodedata.normalize("NFC", term).casefold().split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    last = words[-1][-1]
    # Latin terms need a boundary on both sides; Bengali/Devanagari terms only on the left,
    # because case endings and particles are written joined to the word
    # (গ্রামীণফোনের = "Grameenphone's", জিওর = "Jio's").
    right = "" if re.match(rf"[{BENGALI_CHARS}{DEVANAGARI_CHARS}]", last) else rf"(?![{_WORD_CHARS}])"
    return re.compile(rf"(?<![{_WORD_CHARS}]){body}{right}")


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The tracked terms (brands, products, competitors) that occur in `text`, in the order
    given, each once, spelt as given. Case-insensitive, whitespace-tolerant for multi-word
    terms, and script-aware: a Bengali or Devanagari term matches at the start of a word and
    may carry a joined suffix; a Latin term must be a whole word (it also matches inside
    "#term" and "@term")."""
    haystack = unicodedata.normalize("NFC", text).casefold()
    found: list[str] = []
    for term in terms:
        pattern = _term_pattern(term)
        if pattern is not None and term not in found and pattern.search(haystack):
            found.append(term)
    return found
