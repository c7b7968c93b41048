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
from pathlib import Path

from sampark.social.understanding.types import INTENTS, Intent

MODEL_PATH = Path(__file__).with_name("model") / "intent.tsv"
CLAUSE_BREAK = "."


def features(
    toks: list[str],
    text: str,
    sentiment_score: float,
    rule_intent: str,
    rule_scores: Mapping[str, float],
) -> dict[str, float]:
    """Sparse features of one post. Word and n-gram groups are scaled by 1/√n so that a long
    post does not outvote the rule features by its length alone."""
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
    words = [t for t in toks if t != CLAUSE_BREAK]
    grams: set[str] = set()
    for i, w in enumerate(words):
        grams.add("w:" + w)
        if i:
            grams.add(f"b:{words[i - 1]} {w}")
    if words:
        grams.add("first:" + words[0])
        grams.add("last:" + words[-1])
    chars: set[str] = set()
    for w in words:
        padded = f"<{w}>"
        for n in (2, 3, 4):
            for i in range(len(padded) - n + 1):
                chars.add("c:" + padded[i : i + n])
    for group in (grams, chars):
        if group:
            scale = 1.0 / math.sqrt(len(group))
            for g in group:
                f[g] = scale
    return f


@dataclass(frozen=True)
class IntentModel:
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, feats: Mapping[str, float]) -> list[float]:
        z = [0.0] * len(self.labels)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    z[k] += wk * value
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, feats: Mapping[str, float]) -> tuple[Intent, float]:
        probs = self.probabilities(feats)
        best = max(range(len(probs)), key=probs.__getitem__)
        return self.labels[best], probs[best]  # type: ignore[return-value]


def save(model: IntentModel, path: Path = MODEL_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["feature\t" + "\t".join(model.labels)]
    for name in sorted(model.weights):
        w = model.weights[name]
        lines.append(name + "\t" + "\t".join(f"{v:.4g}" for v in w))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> IntentModel | None:
    """The shipped model, or None when it is missing (the rules then decide alone)."""
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    labels = tuple(lines[0].split("\t")[1:])
    if set(labels) - set(INTENTS):
        raise ValueError(f"unknown intent labels in {path}: {labels}")
    weights: dict[str, tuple[float, ...]] = {}
    for line in lines[1:]:
        name, *values = line.split("\t")
        weights[name] = tuple(float(v) for v in values)
    return IntentModel(labels, weights)
