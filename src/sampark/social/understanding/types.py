"""The shapes of understanding one post (kept stable: the social domain builds on them)."""

from __future__ import annotations

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
    # 0.0 … 1.0: how sure the language form is (romanised forms are the unsure ones)
    language_confidence: float = 1.0
    urls: tuple[str, ...] = ()
