"""Pydantic building blocks shared by record schemas: validated e-mails, phones, tags."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from sampark.core.text import InvalidValue, clean_text, normalize_email, normalize_phone
from sampark.settings import get_settings


def _email(value: str) -> str:
    try:
        return normalize_email(value)
    except InvalidValue as exc:
        raise ValueError(f"not a valid e-mail address: {exc}") from exc


def _phone(value: str) -> str:
    try:
        return normalize_phone(value, get_settings().default_region)
    except InvalidValue as exc:
        raise ValueError(str(exc)) from exc


def _text(value: str) -> str:
    return clean_text(value)


def _country(value: str) -> str:
    code = value.strip().upper()
    from babel import Locale

    if code not in Locale("en").territories or not code.isalpha() or len(code) != 2:
        raise ValueError("expected an ISO 3166-1 alpha-2 country code, e.g. BD or IN")
    return code


Email = Annotated[str, StringConstraints(max_length=320), AfterValidator(_email)]
Phone = Annotated[str, StringConstraints(max_length=40), AfterValidator(_phone)]
Country = Annotated[str, StringConstraints(min_length=2, max_length=2), AfterValidator(_country)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_text)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60), AfterValidator(_text)]
Tags = Annotated[list[Tag], Field(max_length=50)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmailEntry(Strict):
    email: Email
    label: Label = "work"
    primary: bool = False


class PhoneEntry(Strict):
    number: Phone = Field(description="Any format; stored as E.164 using the default region")
    label: Label = "mobile"
    primary: bool = False


Entry = TypeVar("Entry", EmailEntry, PhoneEntry)


class SocialHandle(Strict):
    network: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=30)
    ]
    handle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def with_one_primary(entries: list[Entry]) -> list[Entry]:
    """Exactly one primary when there are entries: the first flagged, else the first."""
    if not entries:
        return entries
    first = next((i for i, e in enumerate(entries) if e.primary), 0)
    # Copy only the entries whose flag changes (a copy costs ~20 µs; bulk imports make many).
    return [
        e if e.primary == (i == first) else e.model_copy(update={"primary": i == first})
        for i, e in enumerate(entries)
    ]


def unique_tags(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


class EmailOut(BaseModel):
    email: str
    label: str
    primary: bool


class PhoneOut(BaseModel):
    number: str
    label: str
    primary: bool


class SocialHandleOut(BaseModel):
    network: str
    handle: str


class LocationSource(StrEnum):
    """Where a record's coordinates came from."""

    typed = "typed"
    gps = "gps"
    geocoded = "geocoded"


AccuracyMetres = Annotated[float, Field(ge=0, le=1_000_000, description="Metres (GPS or geocoder level)")]
