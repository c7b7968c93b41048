"""What the intent and English sentiment models share: their weights file (a TSV of feature
name and one weight per label), the softmax, character grams of a word, and the way a group of
features is scaled by 1/√(its size) so a long post does not outvote the rest by length alone."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

Weights = dict[str, tuple[float, ...]]


def char_grams(word: str, sizes: Iterable[int]) -> list[str]:
    """The word's character n-grams of each size, its edges marked (`<word>`)."""
    padded = f"<{word}>"
    return ["c:" + padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1)]


def add_scaled(features: dict[str, float], group: Sequence[str]) -> None:
    """Add each feature of `group` at 1/√(len(group)) (a feature listed twice counts twice)."""
    if group:
        scale = 1.0 / math.sqrt(len(group))
        for name in group:
            features[name] = features.get(name, 0.0) + scale


def softmax(z: Sequence[float]) -> list[float]:
    top = max(z)
    exps = [math.exp(v - top) for v in z]
    total = sum(exps)
    return [e / total for e in exps]


def save(path: Path, labels: Sequence[str], weights: Mapping[str, Sequence[float]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["feature\t" + "\t".join(labels)]
    for name in sorted(weights):
        lines.append(name + "\t" + "\t".join(f"{v:.4g}" for v in weights[name]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path) -> tuple[tuple[str, ...], Weights] | None:
    """(labels, weights) from a file `save` wrote; None when there is no file."""
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    labels = tuple(lines[0].split("\t")[1:])
    weights: Weights = {}
    for line in lines[1:]:
        name, *values = line.split("\t")
        weights[name] = tuple(float(v) for v in values)
    return labels, weights


def read_labelled(path: Path, known: Collection[str], every: bool) -> tuple[tuple[str, ...], Weights] | None:
    """`read`, refusing a file whose labels are not among `known` (or, with `every`, not exactly
    `known`): a model trained for other labels must fail loudly, not answer nonsense."""
    found = read(path)
    if found is not None:
        labels = found[0]
        if set(labels) - set(known) or (every and set(labels) != set(known)):
            raise ValueError(f"unexpected labels in {path}: {labels}")
    return found
