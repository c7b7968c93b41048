"""Train the intent model (model.py) and write model/intent.tsv. Reproducible and offline:

    .venv/bin/python -m sampark.social.understanding.train            # choose by CV, train, save
    .venv/bin/python -m sampark.social.understanding.train --cv-only  # print the CV figures only

Training rows: tests/data/social/train/<form>.tsv and train/en.tsv (posts written for
training) plus the dev split of every form (evaluate.load_form(form, "dev")) and the dev half
of our English set. The
test split is never read here. The L2 strength and the number of epochs are chosen by 5-fold
cross-validation on the training rows (mean of the per-form macro-F1); the model is then
trained on all of them. Plain Python (AdaGrad on the multinomial logistic loss, class-balanced
weights, a fixed seed), so the same data always gives the same file.
"""

from __future__ import annotations

import argparse
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sampark.social.understanding import intent as _intent
from sampark.social.understanding import language as _language
from sampark.social.understanding import model as _model
from sampark.social.understanding import sentiment as _sentiment
from sampark.social.understanding.evaluate import DATA_DIR, FORMS, _read, load_form, macro_f1
from sampark.social.understanding.text import hashtags, normalise, tokens, urls
from sampark.social.understanding.types import INTENTS

SEED = 7
FOLDS = 5
GRID = ((0.0001, 12), (0.0003, 12), (0.001, 12), (0.003, 12))
MIN_DOCS = 2  # a feature seen in fewer training posts is dropped from the shipped file


@dataclass(frozen=True)
class Row:
    form: str
    intent: str
    rule_intent: str
    feats: dict[str, float]
    fresh: bool  # written for training (not in the dev split the rules were tuned on)


def training_examples() -> list[tuple[str, str, str, bool]]:
    """(text, form, intent, fresh) of every training post; never a test-split row."""
    examples: list[tuple[str, str, str, bool]] = []
    for form in FORMS:
        examples += [(r["text"], form, r["intent"], True) for r in _read(DATA_DIR / "train" / f"{form}.tsv")]
        examples += [(e.text, form, e.intent or "other", False) for e in load_form(form, "dev")]
    examples += [(r["text"], "en", r["intent"], True) for r in _read(DATA_DIR / "train" / "en.tsv")]
    examples += [(e.text, "en", e.intent or "other", False) for e in load_form("en", "dev")]
    return examples


def training_rows() -> list[Row]:
    rows = []
    for text, form, gold, fresh in training_examples():
        toks = tokens(normalise(text))
        detected, _ = _language.detect(text, toks)
        scored = _sentiment.score(toks, text, detected, None)
        rules = _intent.classify_rules(toks, text, detected, scored, len(urls(text)), len(hashtags(text)))
        feats = _model.features(toks, text, scored.score, rules.intent, rules.scores)
        rows.append(Row(form, gold, rules.intent, feats, fresh))
    return rows


def fit(rows: Sequence[Row], l2: float, epochs: int, labels: Sequence[str] = INTENTS) -> _model.IntentModel:
    """Multinomial logistic regression by AdaGrad, class-balanced, L2 applied lazily per step."""
    index = {label: k for k, label in enumerate(labels)}
    counts = Counter(r.intent for r in rows)
    class_weight = {label: len(rows) / (len(labels) * counts[label]) for label in counts}
    w: dict[str, list[float]] = {}
    g2: dict[str, list[float]] = {}
    rate = 0.5
    order = list(range(len(rows)))
    rng = random.Random(SEED)  # noqa: S311 - a reproducible shuffle, not a secret
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            row = rows[i]
            z = [0.0] * len(labels)
            for name, value in row.feats.items():
                wn = w.get(name)
                if wn is not None:
                    for k in range(len(labels)):
                        z[k] += wn[k] * value
            top = max(z)
            exps = [math.exp(v - top) for v in z]
            total = sum(exps)
            gold = index[row.intent]
            cw = class_weight[row.intent]
            err = [cw * (e / total - (1.0 if k == gold else 0.0)) for k, e in enumerate(exps)]
            for name, value in row.feats.items():
                wn = w.setdefault(name, [0.0] * len(labels))
                gn = g2.setdefault(name, [1e-6] * len(labels))
                for k in range(len(labels)):
                    grad = err[k] * value + l2 * wn[k]
                    gn[k] += grad * grad
                    wn[k] -= rate * grad / math.sqrt(gn[k])
    return _model.IntentModel(tuple(labels), {name: tuple(v) for name, v in w.items()})


def per_form_f1(rows: Sequence[Row], predicted: Sequence[str]) -> dict[str, float]:
    out = {}
    for form in (*FORMS, "en"):
        pairs = [(r.intent, p) for r, p in zip(rows, predicted, strict=True) if r.form == form]
        if pairs:
            gold = [g for g, _ in pairs]
            out[form] = macro_f1(gold, [p for _, p in pairs], [i for i in INTENTS if i in gold])
    return out


def cross_validate(rows: Sequence[Row], l2: float, epochs: int) -> list[str]:
    predicted = [""] * len(rows)
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)  # noqa: S311 - reproducible folds
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        trained = fit([r for i, r in enumerate(rows) if i not in held], l2, epochs)
        for i in held:
            predicted[i] = max(zip(trained.probabilities_of(rows[i].feats), trained.labels, strict=True))[1]
    return predicted


def prune(trained: _model.IntentModel, rows: Sequence[Row]) -> _model.IntentModel:
    docs = Counter(name for r in rows for name in r.feats)
    kept = {
        name: tuple(round(v, 4) for v in ws)
        for name, ws in trained.weights.items()
        if docs[name] >= MIN_DOCS and any(abs(v) >= 1e-3 for v in ws)
    }
    return _model.IntentModel(trained.labels, kept)


def _show(name: str, figures: dict[str, float]) -> None:
    cells = "  ".join(f"{form} {f1:.3f}" for form, f1 in figures.items())
    mean = sum(figures[f] for f in FORMS) / len(FORMS)
    print(f"{name:<28} {cells}  (mean of the four: {mean:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--l2", type=float, help="skip the CV and train with this L2 strength")
    parser.add_argument("--epochs", type=int, default=12)
    args = parser.parse_args()
    rows = training_rows()
    print(f"{len(rows)} training rows: {dict(Counter(r.form for r in rows))}")
    # The rules were tuned on the dev rows, so only the new training rows show them unseen.
    fresh = [r for r in rows if r.fresh]
    _show("rules alone, new rows", per_form_f1(fresh, [r.rule_intent for r in fresh]))
    _show("rules alone, all rows", per_form_f1(rows, [r.rule_intent for r in rows]))
    best: tuple[float, float, int] | None = (0.0, args.l2, args.epochs) if args.l2 is not None else None
    for l2, epochs in GRID if best is None else ():
        figures = per_form_f1(rows, cross_validate(rows, l2, epochs))
        _show(f"CV l2={l2} epochs={epochs}", figures)
        mean = sum(figures[f] for f in FORMS) / len(FORMS)
        if best is None or mean > best[0]:
            best = (mean, l2, epochs)
    if best is None:
        raise SystemExit("no hyperparameters to try")
    _, l2, epochs = best
    print(f"chosen: l2={l2} epochs={epochs}")
    if args.cv_only:
        return
    final = prune(fit(rows, l2, epochs), rows)
    _model.save(final)
    size = _model.MODEL_PATH.stat().st_size
    print(f"wrote {_model.MODEL_PATH} ({len(final.weights)} features, {size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
