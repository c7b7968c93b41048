"""Understanding one social post, offline: language form, sentiment, intent, tags.

This is the interface the social domain calls. It is pure (no database, no I/O) so it can run
in a request, a job or a benchmark; per-brand term overrides and users' corrections come in
as arguments, loaded by the caller.

The first implementation here is a floor (script detection and a tiny keyword check); the
enrichment work replaces the insides and keeps these names and shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Language = Literal["en", "bn", "hi", "bn-Latn", "hi-Latn", "other"]
Sentiment = Literal["negative", "neutral", "positive"]
Intent = Literal["complaint", "purchase_intent", "question", "praise", "spam", "other"]

LANGUAGES: tuple[Language, ...] = ("en", "bn", "hi", "bn-Latn", "hi-Latn", "other")
SENTIMENTS: tuple[Sentiment, ...] = ("negative", "neutral", "positive")
INTENTS: tuple[Intent, ...] = ("complaint", "purchase_intent", "question", "praise", "spam", "other")


@dataclass(frozen=True)
class Understanding:
    language: Language
    sentiment: Sentiment
    # -1.0 (most negative) … 1.0 (most positive)
    sentiment_score: float
    intent: Intent
    # 0.0 … 1.0: how sure the intent is (routing may ignore unsure calls)
    intent_confidence: float
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    # the words that decided sentiment/intent, for the "why" shown to users
    evidence: tuple[str, ...] = field(default=())


_HASHTAG = re.compile(r"#(\w+)", re.UNICODE)
_MENTION = re.compile(r"@(\w{1,50})", re.UNICODE)
_BENGALI = re.compile(r"[\u0980-\u09FF]")
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _language(text: str) -> Language:
    if _BENGALI.search(text):
        return "bn"
    if _DEVANAGARI.search(text):
        return "hi"
    return "en" if re.search(r"[A-Za-z]", text) else "other"


def understand(text: str, *, term_overrides: Mapping[str, float] | None = None) -> Understanding:
    """Understand one post. `term_overrides` maps a lower-case term to a sentiment weight
    (-1 … 1) that wins over the built-in lexicons (per-brand words, learned corrections)."""
    lowered = text.lower()
    score = 0.0
    evidence: list[str] = []
    for term, weight in (term_overrides or {}).items():
        if term in lowered:
            score += weight
            evidence.append(term)
    sentiment: Sentiment = "negative" if score < -0.05 else "positive" if score > 0.05 else "neutral"
    intent: Intent = "question" if "?" in text else "other"
    return Understanding(
        language=_language(text),
        sentiment=sentiment,
        sentiment_score=max(-1.0, min(1.0, score)),
        intent=intent,
        intent_confidence=0.3,
        hashtags=tuple(h.lower() for h in _HASHTAG.findall(text)),
        mentions=tuple(m.lower() for m in _MENTION.findall(text)),
        evidence=tuple(evidence),
    )


def understand_many(
    texts: Iterable[str], *, term_overrides: Mapping[str, float] | None = None
) -> list[Understanding]:
    """Understand a batch (the bulk ingestion and benchmark path)."""
    return [understand(t, term_overrides=term_overrides) for t in texts]
