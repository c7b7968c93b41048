from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/deals", tags=["deals"])
pipelines_router = APIRouter(prefix="/pipelines", tags=["pipelines"])
