from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from sampark.core.fields import Strict
from sampark.core.text import clean_text


class SourceKind(StrEnum):
    crm = "crm"
    web = "web"
    app = "app"
    pos = "pos"
    support = "support"
    social = "social"
    import_ = "import"
    other = "other"


SourceName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(clean_text)
]
Priority = Annotated[int, Field(ge=0, le=100, description="0–100; higher wins when sources disagree")]


class SourceCreate(Strict):
    name: SourceName = Field(examples=["Website"])
    kind: SourceKind = Field(examples=["web"])
    trust_priority: Priority = 50


class SourceUpdate(Strict):
    name: SourceName | None = None
    kind: SourceKind | None = None
    trust_priority: Priority | None = None
    is_active: bool | None = None


class SourceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kind: SourceKind
    trust_priority: int
    is_active: bool
    write_key_prefix: str | None = Field(
        description="The first characters of the write key, to tell keys apart"
    )
    created_at: datetime
    updated_at: datetime
    version: int


class SourceWithKey(SourceOut):
    write_key: str = Field(
        description="Shown only now. Tracking libraries send it as the HTTP Basic user name "
        "(Segment and RudderStack do this when given it as their write key)."
    )
