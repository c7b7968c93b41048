"""The golden record: each profile field chosen from the person's source records.

Rules, per field (`RULES`): `trust` — the value from the most trusted source, the newest among
equals; `recent` — the newest value; `frequent` — the value most sources agree on (trust, then
recency, break ties). A field edited in Sampark (`manual_fields`) wins over every source until
the user clears it. Each choice is written to `field_sources` so the app can show where a value
came from. A field no source gives keeps whatever was typed into Sampark."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from sampark.identity import records as identity
from sampark.identity.records import Candidate
from sampark.people import service as people
from sampark.people.models import Person

RULES: dict[str, str] = {
    "given_name": "trust",
    "family_name": "trust",
    "display_name": "trust",
    "address_line": "recent",
    "city": "recent",
    "region": "recent",
    "postal_code": "recent",
    "country": "frequent",
    "lead_source": "trust",
}


def _stamp(c: Candidate) -> datetime:
    return c.received_at


def choose(rule: str, options: list[tuple[Candidate, Any]]) -> tuple[Candidate, Any]:
    if rule == "recent":
        return max(options, key=lambda o: (_stamp(o[0]), o[0].trust))
    if rule == "frequent":
        counts = Counter(str(v).casefold() for _, v in options)
        return max(options, key=lambda o: (counts[str(o[1]).casefold()], o[0].trust, _stamp(o[0])))
    return max(options, key=lambda o: (o[0].trust, _stamp(o[0])))


def recompute(session: Session, person: Person, candidates: list[Candidate] | None = None) -> None:
    """Choose every golden field of `person` again from its source records."""
    if candidates is None:
        candidates = identity.candidates_of(session, [person.id]).get(person.id, [])
    manual = set(person.manual_fields or [])
    provenance: dict[str, Any] = {}
    chosen_name = False
    for field, rule in RULES.items():
        if field in manual:
            provenance[field] = {"rule": "manual"}
            continue
        options = [(c, c.fields[field]) for c in candidates if c.fields.get(field) not in (None, "")]
        if not options:
            continue
        winner, value = choose(rule, options)
        setattr(person, field, value)
        chosen_name = chosen_name or field in ("given_name", "family_name", "display_name")
        provenance[field] = {
            "rule": rule,
            "source": winner.source_name,
            "source_record_id": str(winner.record_id),
            "received_at": winner.received_at.isoformat(),
        }
    if chosen_name and "display_name" not in provenance:
        # Names came from sources but no source named the person as a whole: build it.
        person.display_name = ""
    person.field_sources = provenance
    people.rederive(person)
