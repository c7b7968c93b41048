from __future__ import annotations

import re
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from sampark.core.fields import AccuracyMetres, Country, LocationSource, Phone, ShortText, Strict, Tags
from sampark.core.text import clean_text, nfc


class CompanySize(StrEnum):
    s1_10 = "1-10"
    s11_50 = "11-50"
    s51_200 = "51-200"
    s201_500 = "201-500"
    s501_1000 = "501-1000"
    s1001_5000 = "1001-5000"
    s5000_plus = "5000+"


_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def normalize_domain(value: str) -> str:
    """`https://www.Example.com/about` → `example.com`. Unicode names stay readable
    (NFC, lower-case) but must encode to a valid ASCII host name."""
    text = nfc(value).strip().lower()
    text = re.sub(r"^https?://", "", text)
    text = re.split(r"[/?#]", text, maxsplit=1)[0]
    text = re.sub(r":\d{1,5}$", "", text).rstrip(".")
    text = text.removeprefix("www.")
    if not text:
        raise ValueError("expected a domain such as example.com")
    try:
        ascii_form = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError("not a valid domain name") from exc
    labels = ascii_form.split(".")
    if len(ascii_form) > 253 or len(labels) < 2:
        raise ValueError("expected a domain such as example.com")
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise ValueError("not a valid domain name")
    return text


def _name(value: str) -> str:
    text = clean_text(value)
    if not text:
        raise ValueError("a company needs a name")
    return text


Name = Annotated[str, StringConstraints(max_length=300), AfterValidator(_name)]
Domain = Annotated[str, StringConstraints(max_length=300), AfterValidator(normalize_domain)]
Industry = Annotated[str, StringConstraints(max_length=120), AfterValidator(clean_text)]
AddressLine = Annotated[str, StringConstraints(max_length=400)]
PostalCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]


class CompanyFields(Strict):
    name: Name
    domain: Domain | None = Field(default=None, description="Stored lower-case, without http(s):// or www.")
    industry: Industry | None = None
    size: CompanySize | None = None
    phone: Phone | None = Field(default=None, description="Any format; stored as E.164")
    address_line: AddressLine | None = None
    city: ShortText | None = None
    region: ShortText | None = None
    postal_code: PostalCode | None = None
    country: Country | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    location_source: LocationSource | None = Field(
        default=None, description="typed, gps or geocoded; defaults to typed when coordinates are sent"
    )
    location_accuracy_m: AccuracyMetres | None = None
    owner_id: uuid.UUID | None = None
    tags: Tags = Field(default_factory=list)
    custom_fields: dict[str, Any] = Field(default_factory=dict, max_length=100)


class CompanyCreate(CompanyFields):
    id: uuid.UUID | None = Field(
        default=None, description="A client-minted UUIDv7 (offline creation); optional"
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "সিলেট টি এস্টেট",
                    "domain": "https://www.sylhettea.com.bd",
                    "industry": "Agriculture",
                    "size": "51-200",
                    "phone": "01711-234567",
                    "city": "Sylhet",
                    "country": "BD",
                    "tags": ["tea"],
                }
            ]
        }
    )


class CompanyUpdate(Strict):
    """Only the fields sent change. `custom_fields` merges; a null value removes a key."""

    name: Name | None = None
    domain: Domain | None = None
    industry: Industry | None = None
    size: CompanySize | None = None
    phone: Phone | None = None
    address_line: AddressLine | None = None
    city: ShortText | None = None
    region: ShortText | None = None
    postal_code: PostalCode | None = None
    country: Country | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    location_source: LocationSource | None = Field(
        default=None, description="typed, gps or geocoded; defaults to typed when coordinates are sent"
    )
    location_accuracy_m: AccuracyMetres | None = None
    owner_id: uuid.UUID | None = None
    tags: Tags | None = None
    custom_fields: dict[str, Any] | None = Field(default=None, max_length=100)


class CompanyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    domain: str | None
    industry: str | None
    size: CompanySize | None
    phone: str | None
    address_line: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    location_source: LocationSource | None = None
    location_accuracy_m: float | None = None
    geocoded_at: datetime | None = None
    owner_id: uuid.UUID | None
    tags: list[str]
    custom_fields: dict[str, Any]
    deleted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
