"""The understanding library: language form, sentiment with negation, overrides, intent,
tags and tracked terms. Examples are written here, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from sampark.social.understanding import (
    INTENTS,
    detect_language,
    find_terms,
    understand,
    understand_many,
)
from sampark.social.understanding import intent as intent_mod
from sampark.social.understanding import language as language_mod
from sampark.social.understanding import model as model_mod
from sampark.social.understanding import sentiment as sentiment_mod
from sampark.social.understanding import train as train_mod
from sampark.social.understanding.evaluate import FORMS, load_form, macro_f1
from sampark.social.understanding.text import hashtags, normalise, tokens, urls


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("আমার পার্সেলটা কোথায় আছে জানাবেন?", "bn"),
        ("मेरा रिचार्ज अभी तक नहीं हुआ", "hi"),
        ("amar parcel ta kothay ache janaben?", "bn-Latn"),
        ("mera recharge abhi tak nahi hua yaar", "hi-Latn"),
        ("My parcel has not arrived yet, can you check?", "en"),
        ("আমার order টা এখনো আসেনি", "bn"),  # Bengali with a Latin word is still Bengali
        ("😡😡😡", "other"),
        ("Bhai my order is still not delivered, kab aayega?", "hi-Latn"),  # code-mixed
        ("Ami kal order korechi but ekhono kono update nai", "bn-Latn"),
    ],
)
def test_language_form(text: str, form: str) -> None:
    assert detect_language(text) == form
    assert understand(text).language == form


def test_english_with_a_shared_word_stays_english() -> None:
    assert detect_language("Thanks bhai, the delivery came on time and the packaging was great") == "en"


@pytest.mark.parametrize(
    ("positive", "negated"),
    [
        ("The service was good", "The service was not good"),
        ("সার্ভিস ভালো", "সার্ভিস ভালো না"),
        ("সার্ভিস ভালো ছিল", "সার্ভিস ভালো ছিল না"),
        ("सर्विस अच्छी है", "सर्विस अच्छी नहीं है"),
        ("service khub bhalo", "service bhalo na"),
        ("service accha hai", "service accha nahi hai"),
    ],
)
def test_negation_flips_sentiment(positive: str, negated: str) -> None:
    assert understand(positive).sentiment == "positive"
    assert understand(negated).sentiment == "negative"
    assert understand(negated).sentiment_score < 0 < understand(positive).sentiment_score


@pytest.mark.parametrize("text", ["প্রোডাক্ট খারাপ না", "product kharap na", "सामान बुरा नहीं है", "not bad at all"])
def test_negated_negative_is_not_negative(text: str) -> None:
    assert understand(text).sentiment != "negative"


def test_intensifier_strengthens() -> None:
    assert understand("service khub kharap").sentiment_score < understand("service kharap").sentiment_score


def test_override_beats_the_lexicon() -> None:
    # "sick" is negative in the general lexicon; for a streetwear brand it is praise.
    assert understand("this hoodie is sick").sentiment == "negative"
    overridden = understand("this hoodie is sick", term_overrides={"sick": 0.9})
    assert overridden.sentiment == "positive"
    assert "sick" in overridden.evidence
    # A multi-word override in Bengali script wins over the built-in word inside it.
    assert understand("দাম কম ভালো না").sentiment == "negative"
    assert understand("নতুন অফার", term_overrides={"নতুন অফার": -0.8}).sentiment == "negative"


def test_override_is_negated_too() -> None:
    assert understand("the app has lag", term_overrides={"lag": -0.8}).sentiment == "negative"
    assert understand("the app has no lag", term_overrides={"lag": -0.8}).sentiment_score > 0


def test_sarcasm_turns_praise_against_the_post() -> None:
    u = understand("wow great service, 3 hours on hold and still waiting 🙄")
    assert u.sentiment == "negative"
    assert u.intent == "complaint"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("My refund has not been processed after 3 weeks", "complaint"),
        ("ভাই, আমার টাকা কেটে নিয়েছে কিন্তু রিচার্জ হয়নি", "complaint"),
        ("mera parcel abhi tak nahi mila", "complaint"),
        ("পার্সেল কবে আসবে? ১০ দিন হয়ে গেছে, এখনো আসেনি", "complaint"),
        ("Samsung S24 er dam koto? kinte chai", "purchase_intent"),
        ("यह फोन कितने का है? खरीदना है", "purchase_intent"),
        ("How do I change my billing address?", "question"),
        ("রোমিং কিভাবে চালু করবো?", "question"),
        ("Thank you so much, the team was amazing!", "praise"),
        ("darun service, dhonnobad", "praise"),
        ("Ghar baithe 5000 kamaye, link in bio http://spam.example", "spam"),
        ("ঘরে বসে আয় করুন, এখনই ইনবক্স করুন", "spam"),
        ("Going to the office now", "other"),
    ],
)
def test_intent(text: str, intent: str) -> None:
    u = understand(text)
    assert u.intent == intent, u
    assert 0 < u.intent_confidence <= 1
    if intent != "other":
        assert u.evidence


def test_spam_is_neutral() -> None:
    assert understand("FREE recharge!!! amazing offer, click here http://x.example").sentiment == "neutral"


def test_hashtags_mentions_urls() -> None:
    u = understand("@DarazBD #BadService #খারাপ_সেবা order late http://t.co/x")
    assert u.mentions == ("darazbd",)
    assert u.hashtags == ("badservice", "খারাপ_সেবা")
    assert u.urls == ("http://t.co/x",)


def test_find_terms_in_bengali_and_devanagari() -> None:
    terms = ["গ্রামীণফোন", "রবি", "Daraz", "जियो", "Banglalink"]
    # A joined case ending (গ্রামীণফোনের = Grameenphone's) still matches; a word that merely
    # contains the term in its middle (সুরবি) does not.
    assert find_terms("গ্রামীণফোনের নেটওয়ার্ক আর দারাজ দুইটাই খারাপ", terms) == ["গ্রামীণফোন"]
    assert find_terms("আমি সুরবি নামে একজনকে চিনি", terms) == []
    assert find_terms("जियोफाइबर और जियो दोनों", terms) == ["जियो"]
    assert find_terms("I ordered on #daraz and @Banglalink", terms) == ["Daraz", "Banglalink"]
    assert find_terms("Darazian", terms) == []
    assert find_terms("the galaxy  s24 ultra", ["Galaxy S24"]) == ["Galaxy S24"]


def test_understand_many_matches_understand() -> None:
    texts = ["valo", "खराब", "ok?"]
    assert understand_many(texts) == [understand(t) for t in texts]


def test_labelled_sets_are_well_formed() -> None:
    for form in FORMS:
        rows = load_form(form, "all")
        assert len(load_form(form, "test")) >= 150
        assert {r.sentiment for r in rows} == {"negative", "neutral", "positive"}
        assert {r.intent for r in rows} == {
            "complaint",
            "purchase_intent",
            "question",
            "praise",
            "spam",
            "other",
        }
        assert len({r.text for r in rows}) == len(rows)


def test_macro_f1() -> None:
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    # a: P=0.5 R=1 F1=2/3; b: F1=0
    assert macro_f1(["a", "a", "b", "b"], ["a", "a", "a", "a"]) == pytest.approx(1 / 3)


def _rule_view(text: str) -> tuple[list[str], float, intent_mod.IntentResult]:
    toks = tokens(normalise(text))
    form, _ = language_mod.detect(text, toks)
    scored = sentiment_mod.score(toks, text, form, None)
    rules = intent_mod.classify_rules(toks, text, form, scored, len(urls(text)), len(hashtags(text)))
    return toks, scored.score, rules


def test_shipped_intent_model_loads_and_is_small() -> None:
    model = model_mod.load()
    assert model is not None
    assert set(model.labels) == set(INTENTS)
    assert model_mod.MODEL_PATH.stat().st_size < 2_000_000
    assert all(len(w) == len(model.labels) for w in model.weights.values())


@pytest.mark.parametrize(
    "text",
    [
        "ami order korlam 10 din age, ekhono pai nai. khub kharap",
        "रिफंड कब आएगा? order order refund",
        "",
        "?!",
        "spam " * 50,
    ],
)
def test_fast_model_path_equals_its_features(text: str) -> None:
    """IntentModel.logits (cached per word, used on every post) must compute exactly the dot
    product of features() (what training sees) with the weights."""
    model = model_mod.load()
    assert model is not None
    toks, score, rules = _rule_view(text)
    fast = model_mod._softmax(model.logits(toks, text, score, rules.intent, rules.scores))
    slow = model.probabilities_of(model_mod.features(toks, text, score, rules.intent, rules.scores))
    assert fast == pytest.approx(slow, abs=1e-9)


def test_rules_alone_still_decide_without_the_model() -> None:
    text = "mera parcel abhi tak nahi mila"
    _, _, rules = _rule_view(text)
    assert rules.intent == "complaint"
    assert rules.cues["complaint"]


def test_training_rows_are_not_in_the_test_split() -> None:
    """The intent model is trained on tests/data/social/train/ and the dev split only: no
    training post may also be a test post (or the reported figures would be inflated)."""
    test_texts = {e.text.strip().casefold() for form in (*FORMS, "en") for e in load_form(form, "test")}
    rows = train_mod.training_examples()
    assert len(rows) >= 4 * 180
    assert not {text.strip().casefold() for text, _, _, _ in rows} & test_texts


def test_training_is_deterministic_and_learns() -> None:
    rows = [
        train_mod.Row("bn-Latn", intent, "other", {"bias": 1.0, f"w:{word}": 1.0}, True)
        for intent, word in [("complaint", "kharap"), ("praise", "darun"), ("question", "kivabe")] * 4
    ]
    first = train_mod.fit(rows, l2=0.001, epochs=10, labels=("complaint", "praise", "question"))
    again = train_mod.fit(rows, l2=0.001, epochs=10, labels=("complaint", "praise", "question"))
    assert first == again
    probs = first.probabilities_of({"bias": 1.0, "w:darun": 1.0})
    assert first.labels[probs.index(max(probs))] == "praise"
