from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from sampark.core.fields import Strict, Tags
from sampark.core.text import clean_text

# --- pipelines ------------------------------------------------------------------------------


def _required_text(value: str) -> str:
    text = clean_text(value)
    if not text:
        raise ValueError("may not be empty")
    return text


StageName = Annotated[str, StringConstraints(max_length=120), AfterValidator(_required_text)]
PipelineName = Annotated[str, StringConstraints(max_length=120), AfterValidator(_required_text)]


class StageCreate(Strict):
    name: StageName
    probability: int = Field(default=0, ge=0, le=100, description="Chance to win, in percent")
    rotting_days: int | None = Field(
        default=None, ge=1, le=3650, description="An open deal idle this long in the stage is rotting"
    )


class StageIn(StageCreate):
    id: uuid.UUID | None = Field(default=None, description="An existing stage to keep; omit to add one")


class PipelineCreate(Strict):
    name: PipelineName
    is_default: bool = Field(default=False, description="The first pipeline is always the default")
    stages: list[StageCreate] = Field(min_length=1, max_length=50)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Sales",
                    "stages": [
                        {"name": "Lead", "probability": 10},
                        {"name": "Proposal", "probability": 50, "rotting_days": 14},
                        {"name": "Negotiation", "probability": 80},
                    ],
                }
            ]
        }
    )


class PipelineUpdate(Strict):
    name: PipelineName | None = None
    is_default: bool | None = Field(
        default=None, description="true makes this the default; to move the default, set it on another"
    )
    position: int | None = Field(default=None, ge=0, le=10_000)


class StagesReplace(Strict):
    """The pipeline's stages in order. Stages with an id are kept (and updated), stages
    without one are added, and stages left out are deleted (refused while deals use them)."""

    stages: list[StageIn] = Field(min_length=1, max_length=50)


class StageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    pipeline_id: uuid.UUID
    name: str
    position: int
    probability: int
    rotting_days: int | None


class PipelineOut(BaseModel):
    id: uuid.UUID
    name: str
    is_default: bool
    position: int
    stages: list[StageOut]
    created_at: datetime
    updated_at: datetime
    version: int


# --- deals ----------------------------------------------------------------------------------


class DealStatus(StrEnum):
    open = "open"
    won = "won"
    lost = "lost"


_DECIMAL = re.compile(r"\d{1,14}(\.\d{1,20})?")


def _amount_text(value: Any) -> Any:
    """Amounts travel as text so no digit is lost to floating point; whole numbers may be numbers."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError('send the amount as text, e.g. "1500.50"')
    text = value.strip()
    if not _DECIMAL.fullmatch(text):
        raise ValueError('expected a non-negative decimal number below 10^14, e.g. "1500.50"')
    return text


def _currency(value: str) -> str:
    from babel.numbers import list_currencies

    code = value.strip().upper()
    if code not in list_currencies():
        raise ValueError("expected an ISO 4217 currency code, e.g. BDT or INR")
    return code


Amount = Annotated[str, BeforeValidator(_amount_text)]
Currency = Annotated[str, StringConstraints(max_length=3), AfterValidator(_currency)]
DealName = Annotated[str, StringConstraints(max_length=300), AfterValidator(_required_text)]
LostReason = Annotated[str, StringConstraints(max_length=500), AfterValidator(clean_text)]


class DealFields(Strict):
    name: DealName
    pipeline_id: uuid.UUID | None = Field(default=None, description="Defaults to the default pipeline")
    stage_id: uuid.UUID | None = Field(default=None, description="Defaults to the pipeline's first stage")
    status: DealStatus = DealStatus.open
    lost_reason: LostReason | None = Field(default=None, description="Required when status is lost")
    amount: Amount | None = Field(default=None, description="Decimal text, at most the currency's places")
    currency: Currency | None = Field(default=None, description="ISO 4217; defaults to the region's")
    expected_close_date: date | None = None
    owner_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    tags: Tags = Field(default_factory=list)
    custom_fields: dict[str, Any] = Field(default_factory=dict, max_length=100)


class DealCreate(DealFields):
    id: uuid.UUID | None = Field(
        default=None, description="A client-minted UUIDv7 (offline creation); optional"
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "চা বাগান — ৫০০ কেজি",
                    "amount": "125000.00",
                    "currency": "BDT",
                    "expected_close_date": "2025-03-31",
                    "tags": ["tea"],
                }
            ]
        }
    )


class DealUpdate(Strict):
    """Only the fields sent change. A new `stage_id` moves the deal (recorded in its stage
    history); a new `pipeline_id` without `stage_id` moves it to that pipeline's first stage."""

    name: DealName | None = None
    pipeline_id: uuid.UUID | None = None
    stage_id: uuid.UUID | None = None
    status: DealStatus | None = None
    lost_reason: LostReason | None = None
    amount: Amount | None = None
    currency: Currency | None = None
    expected_close_date: date | None = None
    owner_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    tags: Tags | None = None
    custom_fields: dict[str, Any] | None = Field(default=None, max_length=100)


class DealMove(Strict):
    stage_id: uuid.UUID = Field(description="A stage of the deal's pipeline")


class DealOut(BaseModel):
    id: uuid.UUID
    name: str
    pipeline_id: uuid.UUID
    stage_id: uuid.UUID
    status: DealStatus
    lost_reason: str | None
    amount: str | None = Field(description="Decimal text with the currency's places")
    currency: str
    expected_close_date: date | None
    closed_at: datetime | None
    stage_entered_at: datetime
    is_rotting: bool = Field(description="Open and idle in its stage longer than the stage's rotting days")
    owner_id: uuid.UUID | None
    person_id: uuid.UUID | None
    company_id: uuid.UUID | None
    tags: list[str]
    custom_fields: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    version: int


class StageChangeOut(BaseModel):
    id: uuid.UUID
    deal_id: uuid.UUID
    from_stage_id: uuid.UUID | None
    from_stage_name: str | None
    to_stage_id: uuid.UUID | None
    to_stage_name: str | None
    changed_at: datetime
    changed_by_id: uuid.UUID | None
    seconds_in_previous_stage: int | None


class CurrencyTotal(BaseModel):
    currency: str
    count: int = Field(description="Deals in this currency that have an amount")
    amount: str = Field(description="Sum of the amounts in this currency, as decimal text")


class StageSummary(BaseModel):
    stage_id: uuid.UUID
    name: str
    position: int
    probability: int
    count: int
    totals: list[CurrencyTotal]


class PipelineSummary(BaseModel):
    pipeline_id: uuid.UUID
    stages: list[StageSummary]
