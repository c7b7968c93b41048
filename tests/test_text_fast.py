"""The fast paths of `core.text` give the answers of the slow ones they skip: a plain ASCII
e-mail's normal form is `email_validator`'s, and a phone parsed once yields the same E.164 and
search forms as parsing each form again."""

from __future__ import annotations

import random

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


# --- the fast path for a default region's mobile numbers ------------------------------------------


def _reference(value: str, region: str) -> tuple[str, str, tuple[object, ...]] | None:
    """phonenumbers' answer: E.164, the national form's digits and what a parse keeps (None:
    not a valid number)."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        return None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    parsed = (number.country_code, number.national_number, number.italian_leading_zero,
              number.number_of_leading_zeros)  # fmt: skip
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        "".join(ch for ch in national if ch.isdigit()),
        parsed,
    )


def _written(rnd: random.Random, nsn: str, code: str) -> str:
    """One of the ways a file writes a number (some of them not the fast path's)."""
    shape = rnd.randrange(9)
    if shape == 0:
        return nsn
    if shape == 1:
        return "0" + nsn
    if shape == 2:
        return code + nsn
    if shape == 3:
        return f"+{code}{nsn}"
    if shape == 4:
        return f"+{code} {nsn[:4]}-{nsn[4:]}"
    if shape == 5:
        return f"0{nsn[:4]} {nsn[4:]}"
    if shape == 6:
        return f"({nsn[:4]}) {nsn[4:]}"  # brackets: never the fast path
    if shape == 7:
        return f"00{code}{nsn}"  # the international prefix: never the fast path
    return f"0{nsn[:4]}--{nsn[4:]} "


@pytest.mark.parametrize("region", ["BD", "IN", "GB"])
def test_the_mobile_fast_path_agrees_with_phonenumbers(region: str) -> None:
    rnd = random.Random(f"fast-{region}")
    code = str(phonenumbers.country_code_for_region(region))
    fast_answers = 0
    checked: list[str] = []
    # Every four-digit prefix (so every branch of the mobile pattern is reached), 10 digits
    # long, and shorter and longer numbers, each in a random written shape.
    for prefix in range(10_000):
        for length in (10, rnd.choice((8, 9, 11, 12))):
            nsn = f"{prefix:04d}" + "".join(rnd.choice("0123456789") for _ in range(length - 4))
            checked.append(_written(rnd, nsn, code))
    lead = {"BD": "1", "IN": "6789", "GB": "7"}[region]  # where the region's mobiles start
    for _ in range(12_000):
        nsn = rnd.choice(lead) + "".join(rnd.choice("0123456789") for _ in range(9))
        checked.append(_written(rnd, nsn, code))
    checked += [code + "0" + f"{n:09d}" for n in range(0, 10**9, 10**7)]  # code then a trunk 0
    checked += [
        "+" + "".join(rnd.choice("0123456789 -") for _ in range(rnd.randrange(9, 18))) for _ in range(2000)
    ]
    for value in checked:
        fast = text._fast_phone(value, region)
        want = _reference(value, region)
        if fast is None:
            continue
        fast_answers += 1
        assert want is not None, value
        assert fast == want[0], value
        assert text._PARSED[fast] == want[2], value
        assert text._NATIONAL[fast] == want[1], value
        assert phone_search_forms(fast) == [want[0], want[0][1:], want[1]]
    if region == "GB":
        assert fast_answers == 0  # no fast path for regions it does not know
    else:
        assert fast_answers > 5_000


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("01711234567", "+8801711234567"),
        ("+880 1711-234567", "+8801711234567"),
        ("8801911234567", "+8801911234567"),
        ("1311234567", "+8801311234567"),
    ],
)
def test_common_bd_mobiles_take_the_fast_path(raw: str, e164: str) -> None:
    assert text._fast_phone(raw, "BD") == e164
    assert normalize_phone(raw, "BD") == e164 == _old_phone(raw, "BD")


@pytest.mark.parametrize(
    "raw", ["01211234567", "0171123456", "017112345678", "+91 98765 43210", "০১৭১১২৩৪৫৬৭"]
)
def test_other_numbers_go_to_phonenumbers(raw: str) -> None:
    assert text._fast_phone(raw, "BD") is None
