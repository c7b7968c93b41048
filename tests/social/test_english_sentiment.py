"""English sentiment on customer-service posts: service failures that VADER alone scores
neutral or positive, sarcasm, the intent as a cue, and plain questions."""

from __future__ import annotations

import pytest

from sampark.social.understanding import sentiment as sentiment_mod
from sampark.social.understanding import understand
from sampark.social.understanding.evaluate import load_form
from sampark.social.understanding.text import normalise, tokens


@pytest.mark.parametrize(
    "text",
    [
        "flight delayed 3 hours",
        "@SkyLink my flight got cancelled and the app just says contact us",
        "still waiting for my refund from March",
        "on hold for 40 minutes now",
        "you charged me twice for one ticket",
        "missed my connection because the first leg was late",
        "my parcel never arrived",
        "lost my bag on the way to Delhi, still no update",
        "thanks for nothing, stuck in Dubai overnight",
        "great job... not. third delay this week",
        "@TelcoOne I was promised a callback yesterday. still nothing",
    ],
)
def test_service_failures_are_negative(text: str) -> None:
    assert understand(text).sentiment == "negative", understand(text)


def test_vader_alone_misses_them() -> None:
    """The cases above are why English is not VADER alone: VADER calls these neutral or better."""
    for text in (
        "my parcel never arrived",
        "still waiting for my refund from March",
        "great job... not. third delay this week",
        "@TelcoOne I was promised a callback yesterday. still nothing",
    ):
        assert sentiment_mod.vader_compound(text) > -0.05


@pytest.mark.parametrize(
    "text",
    [
        "@SkyLink thank you for rebooking me so quickly, really appreciate it",
        "landed 20 minutes early, smooth flight, great job",
        "refund received today, thanks for the quick help",
    ],
)
def test_fixes_and_thanks_are_positive(text: str) -> None:
    assert understand(text).sentiment == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "@SkyLink is there a flight to Kolkata tomorrow morning?",
        "what is the baggage allowance for domestic economy?",
        "do you allow pets in the cabin on international flights?",
    ],
)
def test_plain_questions_are_neutral(text: str) -> None:
    result = understand(text)
    assert result.intent == "question"
    assert result.sentiment == "neutral"


def test_negated_failure_is_not_negative() -> None:
    assert understand("my flight was not delayed at all, on time and smooth").sentiment != "negative"


def test_confident_complaint_without_sentiment_words_is_negative() -> None:
    text = "my package says delivered but nothing is at my door"
    toks = tokens(normalise(text))
    assert sentiment_mod.score(toks, text, "en").label != "negative"  # the words alone say nothing
    result = understand(text)
    assert result.intent == "complaint"
    assert result.sentiment == "negative"
    assert result.sentiment_score <= sentiment_mod.EN_COMPLAINT_FLOOR


def test_intent_cue_is_english_only() -> None:
    """Bengali, Hindi and romanised posts keep their own scorer's label whatever the intent."""
    for form in ("bn", "hi", "bn-Latn", "hi-Latn"):
        for example in load_form(form, "dev")[:20]:
            toks = tokens(normalise(example.text))
            scored = sentiment_mod.score(toks, example.text, form)
            result = understand(example.text)
            if result.language == form and result.intent != "spam":
                assert result.sentiment == scored.label


def test_english_dev_posts_are_well_formed() -> None:
    rows = load_form("en", "dev")
    assert len(rows) >= 120
    assert {r.sentiment for r in rows} == {"negative", "neutral", "positive"}
    assert len({r.text for r in rows}) == len(rows)
