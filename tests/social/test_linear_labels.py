"""A weights file trained for other labels is refused when loaded, not used."""

from pathlib import Path

import pytest

from sampark.social.understanding import linear, model, sentiment_model


def test_a_sentiment_model_with_other_labels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sentiment.tsv"
    linear.save(path, ["negative", "positive"], {"w:good": (0.0, 1.0)})  # no "neutral"
    sentiment_model.load.cache_clear()
    try:
        with pytest.raises(ValueError, match="unexpected labels"):
            sentiment_model.load(path)
    finally:
        sentiment_model.load.cache_clear()


def test_an_intent_model_may_know_fewer_intents_but_no_unknown_one(tmp_path: Path) -> None:
    some = tmp_path / "some.tsv"
    linear.save(some, ["complaint", "praise"], {"w:late": (1.0, -1.0)})
    unknown = tmp_path / "unknown.tsv"
    linear.save(unknown, ["complaint", "gossip"], {"w:late": (1.0, -1.0)})
    model.load.cache_clear()
    try:
        loaded = model.load(some)
        assert loaded is not None and loaded.labels == ("complaint", "praise")
        with pytest.raises(ValueError, match="unexpected labels"):
            model.load(unknown)
    finally:
        model.load.cache_clear()
