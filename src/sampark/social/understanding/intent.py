"""Intent: cue phrases from `lexicons/intent.tsv` (all languages in one list), the shape of the
post (question mark, links, hashtag stuffing) and its sentiment, combined by fixed rules.

Precedence follows what a brand must act on first: spam is hidden before anything else; a
reported problem is a complaint even when it is phrased as a question ("when will my refund
come?"); asking about price or stock is purchase intent, not a mere question; praise is a
positive post with nothing to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sampark.social.understanding import model as _model
from sampark.social.understanding.lexicon import intent_lexicon, modifiers
from sampark.social.understanding.sentiment import Scored
from sampark.social.understanding.types import Intent

# Question words count as a question cue only at the start of a clause in English; in the
# South Asian forms the question word sits anywhere ("refund kobe pabo", "order kab aayega").
_EN_QUESTION_STARTERS = frozenset(
    "what when where why how who which is are can could do does did will would should may anyone".split()
)


_NEGATABLE_NOUNS = frozenset({"complaint", "complaints", "issue", "issues", "problem", "problems"})


# English slang praise: "these shoes are fire", "the new menu slaps", "this phone is sick". The
# words are literal complaints elsewhere ("caught fire", "I'm sick of waiting"), and the intent
# model, trained on customer-service posts, reads them as complaints.
_SLANG_PRAISE = re.compile(
    r"\b(?:is|are|was|were|looks?|sounds?|'s|s|so|lowkey|straight|absolute|pure)\s+"
    r"(?:(?:so|straight|lowkey|actually|literally|absolutely|pure|\w+ly)\s+)?"
    r"(?:fire|lit|sick|dope|goated|bussin|elite|a vibe|unreal)\b"
    r"|\b(?:slaps|slapped|hits different|goes hard)\b"
    r"|🔥",
    re.IGNORECASE,
)
_SLANG_NEGATED = re.compile(
    r"\b(?:not|isn'?t|aren'?t|wasn'?t|weren'?t|ain'?t|never)\s+(?:\w+\s+)?(?:fire|lit|sick|dope|slap)",
    re.IGNORECASE,
)


def slang_praise(text: str, sentiment: str, intent: str) -> bool:
    """Whether a post the model calls a complaint (or other) is English slang praise: a slang
    word of approval, not negated, in a post whose sentiment is already positive."""
    return (
        intent in ("complaint", "other")
        and sentiment == "positive"
        and _SLANG_PRAISE.search(text) is not None
        and _SLANG_NEGATED.search(text) is None
    )


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    confidence: float
    evidence: tuple[str, ...]
    scores: dict[str, float]
    cues: dict[str, tuple[str, ...]]


def classify(
    toks: list[str],
    text: str,
    form: str,
    sentiment: Scored,
    n_urls: int,
    n_tags: int,
    *,
    use_model: bool = True,
) -> IntentResult:
    """The rules' scores and choice, refined by the shipped linear model (model.py) when it is
    present and `use_model` is set; the evidence is the cues of the intent finally chosen."""
    rules = classify_rules(toks, text, form, sentiment, n_urls, n_tags)
    model = _model.load() if use_model else None
    if model is None:
        return rules
    chosen, probability = model.predict(model.logits(toks, text, sentiment.score, rules.intent, rules.scores))
    evidence = rules.cues.get(chosen, ())[:6] if chosen != "other" else ()
    return IntentResult(chosen, round(min(0.99, probability), 3), evidence, rules.scores, rules.cues)


def classify_rules(
    toks: list[str], text: str, form: str, sentiment: Scored, n_urls: int, n_tags: int
) -> IntentResult:
    """The fixed rules alone (the model's strongest features, and its fallback)."""
    scores: dict[str, float] = {
        "complaint": 0.0,
        "purchase_intent": 0.0,
        "question": 0.0,
        "praise": 0.0,
        "spam": 0.0,
    }
    cues: dict[str, list[str]] = {k: [] for k in scores}
    negators = modifiers().get("negator", {})
    for m in intent_lexicon().match(toks):
        kind, weight = m.value
        # "no complaints", "কোনো অভিযোগ নেই", "koi shikayat nahi": a negated cue says the opposite.
        after = toks[m.end] if m.end < len(toks) else ""
        before = toks[m.start - 1] if m.start else ""
        if kind in ("complaint", "praise") and (
            after in negators or (before in negators and m.term in _NEGATABLE_NOUNS)
        ):
            continue
        if kind in scores:
            scores[kind] += weight
            cues[kind].append(m.term)
    if "?" in text:
        scores["question"] += 1.0
        cues["question"].append("?")
    if form == "en" and toks and toks[0] in _EN_QUESTION_STARTERS:
        scores["question"] += 0.6
        cues["question"].append(toks[0])
    if n_urls:
        scores["spam"] += 0.6 * n_urls
    if n_tags >= 5:
        scores["spam"] += 0.5
    # Sentiment feeds the two evaluative intents.
    if sentiment.score <= -0.2:
        scores["complaint"] += 2.0 * -sentiment.score
        cues["complaint"].extend(sentiment.negative_terms[:3])
    if sentiment.score >= 0.2:
        scores["praise"] += 1.2 * sentiment.score
        cues["praise"].extend(sentiment.positive_terms[:3])
    # A question whose only content is a problem is a complaint; a question about buying
    # is purchase intent. Both outrank the bare question.
    if scores["spam"] >= 1.5:
        chosen = "spam"
    elif (scores["complaint"] >= 1.0 or (scores["complaint"] >= 0.6 and sentiment.score <= -0.3)) and scores[
        "complaint"
    ] >= scores["purchase_intent"]:
        chosen = "complaint"
    elif scores["purchase_intent"] >= 1.0 and not (
        sentiment.score >= 0.5 and scores["praise"] > scores["purchase_intent"]
    ):
        chosen = "purchase_intent"
    elif scores["question"] >= 1.0:
        chosen = "question"
    elif scores["praise"] >= 0.5 and scores["complaint"] < 0.5:
        chosen = "praise"
    elif scores["complaint"] >= 0.6:
        chosen = "complaint"
    else:
        chosen = "other"
    if chosen == "other":
        best = max(scores.values())
        confidence = max(0.3, 0.8 - 0.4 * best)
        evidence: tuple[str, ...] = ()
    else:
        top = scores[chosen]
        rest = max((v for k, v in scores.items() if k != chosen), default=0.0)
        confidence = min(0.97, 0.45 + 0.15 * top + 0.15 * max(0.0, top - rest))
        evidence = tuple(dict.fromkeys(cues[chosen]))[:6]
    all_cues = {k: tuple(dict.fromkeys(v)) for k, v in cues.items()}
    return IntentResult(chosen, round(confidence, 3), evidence, scores, all_cues)  # type: ignore[arg-type]
