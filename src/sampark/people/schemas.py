from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from sampark.core.fields import (
    AccuracyMetres,
    Country,
    EmailEntry,
    EmailOut,
    LocationSource,
    PhoneEntry,
    PhoneOut,
    ShortText,
    SocialHandle,
    SocialHandleOut,
    Strict,
    Tags,
)


class LifecycleStage(StrEnum):
    subscriber = "subscriber"
    lead = "lead"
    marketing_qualified = "marketing-qualified"
    sales_qualified = "sales-qualified"
    opportunity = "opportunity"
    customer = "customer"
    evangelist = "evangelist"
    other = "other"


Source = Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)]


class PersonFields(Strict):
    given_name: ShortText | None = None
    family_name: ShortText | None = None
    display_name: ShortText | None = Field(default=None, description="Defaults to given + family name")
    emails: list[EmailEntry] = Field(default_factory=list, max_length=20)
    phones: list[PhoneEntry] = Field(default_factory=list, max_length=20)
    address_line: Annotated[str, StringConstraints(max_length=400)] | None = None
    city: ShortText | None = None
    region: ShortText | None = None
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    country: Country | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    location_source: LocationSource | None = Field(
        default=None, description="typed, gps or geocoded; defaults to typed when coordinates are sent"
    )
    location_accuracy_m: AccuracyMetres | None = None
    social_handles: list[SocialHandle] = Field(default_factory=list, max_length=20)
    tags: Tags = Field(default_factory=list)
    owner_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    lifecycle_stage: LifecycleStage = LifecycleStage.lead
    lead_source: Source | None = None
    custom_fields: dict[str, Any] = Field(default_factory=dict, max_length=100)


class PersonCreate(PersonFields):
    id: uuid.UUID | None = Field(
        default=None, description="A client-minted UUIDv7 (offline creation); optional"
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "given_name": "রহিম",
                    "family_name": "উদ্দিন",
                    "emails": [{"email": "rahim@example.com", "label": "work"}],
                    "phones": [{"number": "01711-234567", "label": "mobile"}],
                    "city": "Sylhet",
                    "country": "BD",
                    "lifecycle_stage": "lead",
                    "tags": ["tea-estate"],
                }
            ]
        }
    )


class PersonUpdate(Strict):
    """Only the fields sent change. `custom_fields` merges; a null value removes a key."""

    given_name: ShortText | None = None
    family_name: ShortText | None = None
    display_name: ShortText | None = None
    emails: list[EmailEntry] | None = Field(default=None, max_length=20)
    phones: list[PhoneEntry] | None = Field(default=None, max_length=20)
    address_line: Annotated[str, StringConstraints(max_length=400)] | None = None
    city: ShortText | None = None
    region: ShortText | None = None
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    country: Country | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    location_source: LocationSource | None = Field(
        default=None, description="typed, gps or geocoded; defaults to typed when coordinates are sent"
    )
    location_accuracy_m: AccuracyMetres | None = None
    social_handles: list[SocialHandle] | None = Field(default=None, max_length=20)
    tags: Tags | None = None
    owner_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    lifecycle_stage: LifecycleStage | None = None
    lead_source: Source | None = None
    custom_fields: dict[str, Any] | None = Field(default=None, max_length=100)


class FieldSource(BaseModel):
    """Where a profile field's value came from, and which survivorship rule chose it."""

    rule: str = Field(description="manual, trust, recent or frequent")
    source: str | None = None
    source_record_id: uuid.UUID | None = None
    received_at: datetime | None = None


# A person made from one source record has each of its golden fields from that record: its
# stored `field_sources` then holds the record's entry once, under this key, with the fields'
# names in "fields" (a million-row import wrote the same entry up to nine times a person, half
# of each row). `field_sources_of` gives the per-field form the API shows.
ALL_FIELDS = "_all"


def field_sources_of(stored: dict[str, Any] | None) -> dict[str, Any]:
    """A person's stored `field_sources`, one entry per field (the `ALL_FIELDS` entry spread)."""
    if not stored or ALL_FIELDS not in stored:
        return stored or {}
    shared = dict(stored[ALL_FIELDS])
    names = shared.pop("fields", [])
    out: dict[str, Any] = {name: dict(shared) for name in names}
    out.update((name, entry) for name, entry in stored.items() if name != ALL_FIELDS)
    return out


class PersonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    given_name: str | None
    family_name: str | None
    display_name: str
    emails: list[EmailOut]
    phones: list[PhoneOut]
    primary_email: str | None
    primary_phone: str | None
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
    social_handles: list[SocialHandleOut]
    tags: list[str]
    owner_id: uuid.UUID | None
    company_id: uuid.UUID | None
    lifecycle_stage: LifecycleStage
    lead_source: str | None
    custom_fields: dict[str, Any]
    deleted_at: datetime | None
    merged_into_id: uuid.UUID | None = Field(
        default=None, description="Set when this person was merged into another (and retired)."
    )
    manual_fields: list[str] = Field(
        default_factory=list,
        description="Fields edited in Sampark: they win over every source until cleared.",
    )
    field_sources: dict[str, FieldSource] = Field(
        default_factory=dict, description="For each golden-record field, where its value came from."
    )

    @field_validator("field_sources", mode="before")
    @classmethod
    def _spread_field_sources(cls, value: Any) -> Any:
        return field_sources_of(value) if isinstance(value, dict) else value

    created_at: datetime
    updated_at: datetime
    version: int
