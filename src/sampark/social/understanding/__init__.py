"""Understanding one social post, offline: language form, sentiment, intent, tags.

This is the interface the social domain calls. It is pure (no database, no I/O) so it can run
in a request, a job or a benchmark; per-brand term overrides and users' corrections come in
as arguments, loaded by the caller. The method and its measured quality are described in
docs/social-understanding.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from sampark.social.understanding import embedding as _embedding
from sampark.social.understanding import intent as _intent
from sampark.social.understanding import language as _language
from sampark.social.understanding import sentiment as _sentiment
from sampark.social.understanding.text import find_terms, hashtags, mentions, normalise, tokens, urls
from sampark.social.understanding.types import (
    INTENTS,
    LANGUAGES,
    SENTIMENTS,
    Intent,
    Language,
    Sentiment,
    Understanding,
)

__all__ = [
    "INTENTS",
    "LANGUAGES",
    "SENTIMENTS",
    "Intent",
    "Language",
    "Sentiment",
    "Understanding",
    "detect_language",
    "find_terms",
    "understand",
    "understand_many",
]


def detect_language(text: str) -> Language:
    """The language form alone (en, bn, hi, bn-Latn, hi-Latn, other)."""
    return _language.detect(text, tokens(normalise(text)))[0]


def understand(text: str, *, term_overrides: Mapping[str, float] | None = None) -> Understanding:
    """Understand one post. `term_overrides` maps a term (any script, one or more words) to a
    sentiment weight (-1 … 1) that wins over the built-in lexicons (per-brand words, learned
    corrections); a negator next to an override term still flips it."""
    return _understand(text, term_overrides)[0]


def _understand(text: str, term_overrides: Mapping[str, float] | None) -> tuple[Understanding, bool]:
    """The default path's answer, and whether the embedding head may refine its sentiment (not
    when a brand override matched — overrides win — and not for spam)."""
    toks = tokens(normalise(text))
    form, form_confidence = _language.detect(text, toks)
    scored = _sentiment.score(toks, text, form, term_overrides)
    tags = hashtags(text)
    links = urls(text)
    decided = _intent.classify(toks, text, form, scored, len(links), len(tags))
    learned = _sentiment.english_model(toks, text, scored, decided.intent, decided.confidence, decided.scores)
    if learned is not None:
        # English: the trained model decides; the evidence is the lexicon's words that agree
        # with its label and the words that pushed the model most towards it.
        sentiment, score, sentiment_words = learned
    else:
        sentiment, score = _sentiment.after_intent(scored, form, decided.intent, decided.confidence)
        sentiment_words = scored.evidence
    final_intent, intent_confidence = decided.intent, decided.confidence
    if form == "en" and _intent.slang_praise(text, sentiment, final_intent):
        # After the models (their training view is unchanged): slang approval is praise.
        final_intent, intent_confidence = "praise", max(0.6, 1.0 - decided.confidence)
    if decided.intent == "spam":
        # A spammer's enthusiasm is about its own offer, not the brand: spam is neutral.
        sentiment, score = "neutral", 0.0
    evidence = tuple(dict.fromkeys((*decided.evidence, *sentiment_words)))[:10]
    refinable = not scored.overridden and decided.intent != "spam"
    return Understanding(
        language=form,
        sentiment=sentiment,
        sentiment_score=score,
        intent=final_intent,
        intent_confidence=intent_confidence,
        hashtags=tags,
        mentions=mentions(text),
        evidence=evidence,
        language_confidence=form_confidence,
        urls=links,
    ), refinable


def understand_many(
    texts: Iterable[str], *, term_overrides: Mapping[str, float] | None = None, embeddings: bool = False
) -> list[Understanding]:
    """Understand a batch (the bulk ingestion and benchmark path). `embeddings=True` lets the
    optional embedding head (embedding.py, the `embeddings` extra) decide the sentiment; when the
    extra or its head file is missing, the default path's answer stands."""
    texts = list(texts)
    found = [_understand(t, term_overrides) for t in texts]
    head = _embedding.load() if embeddings and _embedding.available() else None
    if head is None:
        return [u for u, _ in found]
    todo = [i for i, (_, refinable) in enumerate(found) if refinable]
    vectors = _embedding.embed([texts[i] for i in todo])
    extra = [
        _embedding.default_features(found[i][0].language, found[i][0].sentiment, found[i][0].sentiment_score)
        for i in todo
    ]
    out = [u for u, _ in found]
    for i, (label, score) in zip(todo, head.predict(vectors, extra), strict=True):
        out[i] = replace(out[i], sentiment=label, sentiment_score=score)  # type: ignore[arg-type]
    return out
