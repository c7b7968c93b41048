"""Text, e-mail and phone normalisation shared by every domain.

Text is stored NFC so Bengali and Devanagari compare equal however they were typed;
search keys are also case-folded and carry ASCII digits for any script's digits
(০১৭৭৭ and 01777 find the same phone).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, trimmed, inner runs of white space collapsed."""
    return " ".join(nfc(text).split())


def ascii_digits(text: str) -> str:
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


# Pure and costly (~0.2 ms): bulk writers validate a value in their own checks and again in the
# schema, so the answer is kept. A failure raises and is not cached.
@lru_cache(maxsize=65_536)
def normalize_email(value: str) -> str:
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(str(exc)) from exc
    return result.normalized.lower()


@lru_cache(maxsize=65_536)
def normalize_phone(value: str, region: str) -> str:
    """E.164, e.g. ০১৭৭৭-৬৩১৭০৬ in BD → +8801777631706."""
    try:
        number = phonenumbers.parse(ascii_digits(value), region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise InvalidValue("not a valid phone number for its country")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_search_forms(e164: str) -> list[str]:
    """What someone might type to find a phone: +8801777631706, 8801777631706, 01777631706."""
    return list(_phone_search_forms(e164))


@lru_cache(maxsize=65_536)
def _phone_search_forms(e164: str) -> tuple[str, ...]:
    forms = [e164, e164.lstrip("+")]
    try:
        number = phonenumbers.parse(e164)
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        forms.append("".join(ch for ch in national if ch.isdigit()))
    except phonenumbers.NumberParseException:
        pass
    return tuple(forms)
