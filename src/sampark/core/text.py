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
    if text.isascii():  # already NFC (most cells of a file)
        return " ".join(text.split())
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
    if _special_domain(domain):
        return None
    return f"{local}@{domain}"


@lru_cache(maxsize=4096)  # a file's addresses share a few domains
def _special_domain(domain: str) -> bool:
    return any(domain == name or domain.endswith("." + name) for name in _SPECIAL_DOMAINS)


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
_NATIONAL: dict[str, str] = {}  # E.164 → the digits of its national form (a known number's)


def normalize_phone(value: str, region: str) -> str:
    """E.164, e.g. ০১৭৭৭-৬৩১৭০৬ in BD → +8801777631706."""
    if value in _PARSED:  # already an E.164 number a parse produced: unchanged
        return value
    fast = _fast_phone(value, region)
    if fast is not None:
        return fast
    return _normalize_phone(value, region)


# The commonest shape of a phone in a file: a mobile number of the default region, written
# 01711234567, 1711234567, 8801711234567 or +880 1711-234567 (only ASCII digits, spaces and
# hyphens). For those, parsing (~60 µs) and formatting (~40 µs) are skipped: the national
# significant number is the 10 digits after the trunk 0 or the country code, it is valid when
# it is one of the region's mobile numbers (phonenumbers' own pattern, read from its metadata),
# its E.164 form is +<country code><number> and its national form's digits 0<number>. Anything
# else — another region, another length, a landline, letters, brackets, an extension — goes to
# phonenumbers as before; tests/test_text_fast.py compares both on generated numbers, valid and
# not, of every prefix.
_FAST_MOBILE = {"BD": r"1[3-9]\d{8}", "IN": r"[6-9]\d{9}"}  # the shapes answered here
_FAST_TEXT = re.compile(r"\+?[0-9][0-9 -]{8,20}", re.ASCII)


@lru_cache(maxsize=64)
def _fast_region(region: str) -> tuple[str, re.Pattern[str]] | None:
    shape = _FAST_MOBILE.get(region)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if shape else None
    mobile = metadata.mobile.national_number_pattern if metadata and metadata.mobile else None
    if shape is None or metadata is None or mobile is None:
        return None
    if metadata.national_prefix != "0" or metadata.national_prefix_for_parsing not in (None, "0"):
        return None  # a trunk prefix other than a plain 0: not the rules assumed here
    if metadata.national_prefix_transform_rule is not None:
        return None
    return str(metadata.country_code), re.compile(f"(?=(?:{shape})\\Z)(?:{mobile})\\Z", re.ASCII)


def _fast_phone(value: str, region: str) -> str | None:
    """`normalize_phone` of the shapes above, or None when the value is not one of them."""
    spec = _fast_region(region)
    if spec is None or _FAST_TEXT.fullmatch(value) is None:
        return None
    code, mobile = spec
    digits = value.replace(" ", "").replace("-", "")
    if digits[0] == "+":
        if not digits.startswith(code, 1):
            return None
        nsn = digits[1 + len(code) :]
    elif len(digits) == 11 and digits[0] == "0":
        nsn = digits[1:]
    elif len(digits) == 10 + len(code) and digits.startswith(code):
        nsn = digits[len(code) :]
    else:
        nsn = digits
    if len(nsn) != 10 or mobile.match(nsn) is None:
        return None
    e164 = f"+{code}{nsn}"
    if e164 not in _PARSED:
        if len(_PARSED) >= _KNOWN_MAX:
            _PARSED.clear()
            _NATIONAL.clear()
        _PARSED[e164] = (int(code), int(nsn), None, None)
        _NATIONAL[e164] = "0" + nsn
    return e164


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
    national = _NATIONAL.get(e164)
    if national is not None:
        return [e164, e164.lstrip("+"), national]
    parsed = _PARSED.get(e164)
    if parsed is not None:
        national = _national_digits(parsed)
        if len(_NATIONAL) >= _KNOWN_MAX:
            _NATIONAL.clear()
        _NATIONAL[e164] = national
        return [e164, e164.lstrip("+"), national]
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
