"""A small linear model that turns the intent rules' scores plus the post's words into the
final intent.

The rules in intent.py know the cue phrases and the precedence a brand needs, but their fixed
thresholds miss the fuzzy boundaries (a question that is really a complaint, praise against
"other"). A multinomial logistic regression sees the rules' scores and their choice as
features, next to word unigrams/bigrams and character 2–4-grams inside words (which catch
joined endings and unusual romanisations), and learns how much to trust each. It is trained by
`python -m sampark.social.understanding.train` on the training and dev rows only (never the
test split) and its weights ship as `model/intent.tsv`. Prediction is a sparse dot product in
plain Python: no numpy, no model download.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from sampark.social.understanding import linear
from sampark.social.understanding.types import INTENTS, Intent

MODEL_PATH = Path(__file__).with_name("model") / "intent.tsv"
CLAUSE_BREAK = "."


def _char_grams(word: str) -> list[str]:
    return linear.char_grams(word, (2, 3, 4))


def _word_grams(words: list[str]) -> list[str]:
    """Distinct unigrams and bigrams, and the first and last word: a repeated word counts once
    (so "spam spam spam …" cannot push a post anywhere by its length)."""
    grams = ["w:" + w for w in dict.fromkeys(words)]
    grams += dict.fromkeys(f"b:{a} {b}" for a, b in pairwise(words))
    if words:
        grams += ["first:" + words[0], "last:" + words[-1]]
    return grams


def _base(
    text: str, sentiment_score: float, rule_intent: str, rule_scores: Mapping[str, float]
) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0, f"rule={rule_intent}": 1.0}
    for kind, value in rule_scores.items():
        if value:
            f[f"score:{kind}"] = min(value, 4.0) / 2.0
    if sentiment_score > 0:
        f["sent+"] = sentiment_score
    elif sentiment_score < 0:
        f["sent-"] = -sentiment_score
    if "?" in text:
        f["has?"] = 1.0
    return f


def features(
    toks: list[str],
    text: str,
    sentiment_score: float,
    rule_intent: str,
    rule_scores: Mapping[str, float],
) -> dict[str, float]:
    """Sparse features of one post (the training view; IntentModel.logits computes the same
    sum faster). Word grams of distinct words, and the character grams of each distinct word
    (counted), each group scaled by 1/√(its size) so that a long post does not outvote the
    rule features by its length alone."""
    f = _base(text, sentiment_score, rule_intent, rule_scores)
    words = [t for t in toks if t != CLAUSE_BREAK]
    distinct = list(dict.fromkeys(words))
    linear.add_scaled(f, _word_grams(words))
    linear.add_scaled(f, [g for w in distinct for g in _char_grams(w)])
    return f


@dataclass(frozen=True)
class IntentModel:
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]

    def __post_init__(self) -> None:
        # Per-word sums of the character-gram weights: posts repeat words, so a word's grams
        # are looked up once (bounded, as social text has an open vocabulary).
        object.__setattr__(self, "_word", lru_cache(maxsize=50_000)(self._word_vector))

    def _word_vector(self, word: str) -> tuple[int, tuple[float, ...], tuple[float, ...]]:
        """(number of char grams, sum of their weights, the word's own unigram weights)."""
        grams = _char_grams(word)
        zero = (0.0,) * len(self.labels)
        found = [w for w in map(self.weights.get, grams) if w is not None] or [zero]
        return len(grams), tuple(map(sum, zip(*found, strict=True))), self.weights.get("w:" + word, zero)

    def logits(
        self,
        toks: list[str],
        text: str,
        sentiment_score: float,
        rule_intent: str,
        rule_scores: Mapping[str, float],
    ) -> list[float]:
        """Equal to the dot product of `features(...)` with the weights."""
        get = self.weights.get
        z = [0.0] * len(self.labels)
        for name, value in _base(text, sentiment_score, rule_intent, rule_scores).items():
            w = get(name)
            if w is not None:
                z = [a + b * value for a, b in zip(z, w, strict=True)]
        words = [t for t in toks if t != CLAUSE_BREAK]
        if not words:
            return z
        # Sums of many 6-vectors are done column-wise by zip(*) and sum() (in C): a post's
        # words come from the per-word cache, its bigrams and first/last word from the table.
        distinct = list(dict.fromkeys(words))
        cached = [self._word(word) for word in distinct]  # type: ignore[attr-defined]
        others = list(dict.fromkeys(f"b:{a} {b}" for a, b in pairwise(words)))
        others += ["first:" + words[0], "last:" + words[-1]]
        gram_vectors = [c[2] for c in cached] + [w for w in map(get, others) if w is not None]
        grams = [sum(col) for col in zip(*gram_vectors, strict=True)]
        chars = [sum(col) for col in zip(*(c[1] for c in cached), strict=True)]
        g_scale = 1.0 / math.sqrt(len(distinct) + len(others))
        c_scale = 1.0 / math.sqrt(sum(c[0] for c in cached))
        return [a + g * g_scale + c * c_scale for a, g, c in zip(z, grams, chars, strict=True)]

    def probabilities_of(self, feats: Mapping[str, float]) -> list[float]:
        z = [0.0] * len(self.labels)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                z = [a + b * value for a, b in zip(z, w, strict=True)]
        return _softmax(z)

    def predict(self, z: list[float]) -> tuple[Intent, float]:
        """The most probable intent and its probability, from logits."""
        probs = _softmax(z)
        best = max(range(len(probs)), key=probs.__getitem__)
        return self.labels[best], probs[best]  # type: ignore[return-value]


_softmax = linear.softmax


def save(model: IntentModel, path: Path = MODEL_PATH) -> None:
    linear.save(path, model.labels, model.weights)


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> IntentModel | None:
    """The shipped model, or None when it is missing (the rules then decide alone)."""
    found = linear.read_labelled(path, INTENTS, every=False)
    return None if found is None else IntentModel(*found)
