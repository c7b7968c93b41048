"""Deterministic demo data. `generate` is the entry point used by the CLI and `make run`."""

from __future__ import annotations

from sampark.demo.generate import DemoSummary, generate, has_users

__all__ = ["DemoSummary", "generate", "has_users"]
