"""The fast paths of `core.text` give the answers of the slow ones they skip: a plain ASCII
e-mail's normal form is `email_validator`'s, and a phone parsed once yields the same E.164 and
search forms as parsing each form again."""

from __future__ import annotations

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from sampark.core import text
from sampark.core.text import InvalidValue, normalize_email, normalize_phone, phone_search_forms, plain_email


def _validator(value: str) -> str | None:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


LOCAL = st.text(alphabet="abcXYZ019._+-%!'\"@ é", min_size=0, max_size=12)
LABEL = st.text(alphabet="abcXY09-_", min_size=0, max_size=8)
TLD = st.sampled_from(
    ["com", "org", "BD", "in", "c", "c0m", "123", "test", "local", "onion", "xn--p1ai", "é"]
)


@settings(max_examples=1500, deadline=None)
@given(LOCAL, st.lists(LABEL, min_size=0, max_size=3), TLD)
def test_plain_email_agrees_with_the_validator(local: str, labels: list[str], tld: str) -> None:
    address = f"{local}@{'.'.join([*labels, tld])}"
    fast = plain_email(address)
    if fast is not None:  # the fast path answers only when it is sure
        assert fast == _validator(address)


@pytest.mark.parametrize(
    "address",
    [
        "Anu.Das+promo@Example.COM",
        "a_b-c@mail.example.org",
        "x@sub.domain.co.uk",
        "a..b@example.com",
        ".a@example.com",
        "a@-example.com",
        "a@example",
        "a@example.123",
        "a@foo.test",
        "a@mail.local",
        "a@xn--80ak6aa92e.com",
        "a" * 65 + "@example.com",
        "a@" + ("b" * 64) + ".com",
        "a@ex--ample.com",
        " padded@example.com ",
    ],
)
def test_normalize_email_is_unchanged(address: str) -> None:
    expected = _validator(address)
    if expected is None:
        with pytest.raises(InvalidValue):
            normalize_email(address)
    else:
        assert normalize_email(address) == expected


def _old_phone(value: str, region: str) -> str:
    number = phonenumbers.parse(text.ascii_digits(value), region)
    assert phonenumbers.is_valid_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _old_forms(e164: str) -> list[str]:
    national = phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)
    return [e164, e164.lstrip("+"), "".join(ch for ch in national if ch.isdigit())]


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("০১৭৭৭-৬৩১৭০৬", "BD"),
        ("01711 234567 ext. 12", "BD"),
        ("+39 06 6982 1234", "BD"),
        ("(020) 7946 0958", "GB"),
        ("98765 43210", "IN"),
        ("+1 212 555 0123 x99", "IN"),
    ],
)
def test_a_phone_parsed_once_gives_the_same_forms(raw: str, region: str) -> None:
    e164 = normalize_phone(raw, region)
    assert e164 == _old_phone(raw, region)
    assert normalize_phone(e164, "IN") == e164  # the E.164 form is its own normal form
    assert phone_search_forms(e164) == _old_forms(e164)


def test_a_bad_phone_still_fails() -> None:
    with pytest.raises(InvalidValue):
        normalize_phone("12", "BD")
