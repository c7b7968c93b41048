"""Text, e-mail and phone normalisation shared by every domain.

Text is stored NFC so Bengali and Devanagari compare equal however they were typed;
search keys are also case-folded and carry ASCII digits for any script's digits
(০১৭৭৭ and 01777 find the same phone).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import email_validator
import phonenumbers
from email_validator import EmailNotValidError, validate_email


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, trimmed, inner runs of white space collapsed."""
    return " ".join(nfc(text).split())


def ascii_digits(text: str) -> str:
    if text.isascii():  # nothing to translate (the common case; the loop costs ~5 µs a character)
        return text
    out = []
    for ch in text:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            out.append(str(unicodedata.digit(ch, 0)))
        else:
            out.append(ch)
    return "".join(out)


def search_key(text: str) -> str:
    """The form both stored search text and queries take: NFC, case-folded, ASCII digits."""
    return " ".join(ascii_digits(nfc(text)).casefold().split())


class InvalidValue(ValueError):
    pass


# Most addresses in a file or a tracking call are plain ASCII (letters, digits, `._+-`, a
# dotted domain ending in a letter-only TLD). For those the validator's answer is known without
# calling it (~0.2 ms): the address lower-cased. Anything else — quotes, non-ASCII, IDNA
# labels (`--`), an odd TLD, a special-use domain — goes to `email_validator` as before
# (tests/test_text_fast.py checks the two agree).
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    re.ASCII | re.IGNORECASE,
)
_SPECIAL_DOMAINS = tuple(email_validator.SPECIAL_USE_DOMAIN_NAMES)


def plain_email(value: str) -> str | None:
    """The normal form of a plain ASCII address (None: not plain, ask the validator)."""
    if len(value) > 254 or _PLAIN_EMAIL.fullmatch(value) is None:
        return None
    local, _, domain = value.lower().partition("@")
    if len(local) > 64 or len(domain) > 253 or "--" in domain:
        return None
    if any(domain == name or domain.endswith("." + name) for name in _SPECIAL_DOMAINS):
        return None
    return f"{local}@{domain}"


# Pure and costly (~0.2 ms): bulk writers validate a value in their own checks and again in the
# schema, so the answer is kept. A failure raises and is not cached.
@lru_cache(maxsize=65_536)
def normalize_email(value: str) -> str:
    value = value.strip()
    plain = plain_email(value)
    if plain is not None:
        return plain
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(str(exc)) from exc
    return result.normalized.lower()


# What a parse found out, so that a number is parsed once: its E.164 form is its own normal form
# (the schema validates the E.164 value again), and the parsed number gives the national search
# form when one is asked for. Bounded: cleared when full (a cache, never the truth).
_Parsed = tuple[int | None, int | None, bool | None, int | None]  # what a national form needs
_PARSED: dict[str, _Parsed] = {}
_KNOWN_MAX = 100_000  # ~150 bytes an entry


def normalize_phone(value: str, region: str) -> str:
    """E.164, e.g. ০১৭৭৭-৬৩১৭০৬ in BD → +8801777631706."""
    if value in _PARSED:  # already an E.164 number a parse produced: unchanged
        return value
    return _normalize_phone(value, region)


@lru_cache(maxsize=65_536)
def _normalize_phone(value: str, region: str) -> str:
    try:
        number = phonenumbers.parse(ascii_digits(value), region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise InvalidValue("not a valid phone number for its country")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164 not in _PARSED:
        if len(_PARSED) >= _KNOWN_MAX:
            _PARSED.clear()
        _PARSED[e164] = (
            number.country_code,
            number.national_number,
            number.italian_leading_zero,
            number.number_of_leading_zeros,
        )
    return e164


def _national_digits(parsed: _Parsed) -> str:
    # The number as its E.164 form carries it: no extension (a parse of the E.164 text has none).
    country_code, national_number, leading_zero, zeros = parsed
    bare = phonenumbers.PhoneNumber(
        country_code=country_code,
        national_number=national_number,
        italian_leading_zero=leading_zero,
        number_of_leading_zeros=zeros,
    )
    national = phonenumbers.format_number(bare, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(ch for ch in national if ch.isdigit())


def phone_search_forms(e164: str) -> list[str]:
    """What someone might type to find a phone: +8801777631706, 8801777631706, 01777631706."""
    parsed = _PARSED.get(e164)
    if parsed is not None:
        return [e164, e164.lstrip("+"), _national_digits(parsed)]
    return list(_phone_search_forms(e164))


@lru_cache(maxsize=65_536)
def _phone_search_forms(e164: str) -> tuple[str, ...]:
    forms = [e164, e164.lstrip("+")]
    try:
        number = phonenumbers.parse(e164)
        forms.append(
            _national_digits(
                (
                    number.country_code,
                    number.national_number,
                    number.italian_leading_zero,
                    number.number_of_leading_zeros,
                )
            )
        )
    except phonenumbers.NumberParseException:
        pass
    return tuple(forms)
