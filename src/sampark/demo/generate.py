"""Deterministic demo data: users and teams, pipelines, companies, people, deals, activities, tasks.

The same seed gives the same data on a fresh database (names, phones, amounts, dates relative
to today's midnight UTC, and ids). Rows are made in batches of `BATCH` people plus their
deals, activities and tasks — in worker processes for large loads — and written with each
table's compiled Core `INSERT` through the driver's executemany, committed per batch on
PostgreSQL and per 50,000 people on SQLite, so an interrupted load keeps everything committed
before it stopped. Running it again on a database that has demo data reuses the demo users,
teams and pipelines and adds more people (drawn from a seed mixed with the current count).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import time
import uuid
from bisect import bisect
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from math import exp, log
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Dialect, Table, func, insert, select
from sqlalchemy.orm import Session

from sampark.activities.models import Activity
from sampark.auth.passwords import hash_password
from sampark.companies.models import Company
from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.search import build_search_text
from sampark.db import Database
from sampark.deals.models import Deal, DealStageChange, Pipeline, Stage
from sampark.demo import pools as P
from sampark.orders.models import Order, OrderLine
from sampark.people.models import Person
from sampark.people.service import search_text_for
from sampark.settings import get_settings
from sampark.sources.models import Source
from sampark.tasks.models import Task
from sampark.users.models import Team, TeamMember, User

ADMIN_EMAIL = "admin@demo.sampark.local"
DEMO_DOMAIN = "demo.sampark.local"
T = TypeVar("T")
BATCH = 5_000
SQLITE_LOAD_CACHE_KIB = 512 * 1024
SQLITE_PEOPLE_PER_COMMIT = 50_000
HISTORY_DAYS = 3 * 365  # people were added over the last three years


CHECKIN_KEYS = (
    "checked_in_at", "checkin_latitude", "checkin_longitude", "checkin_accuracy_m", "checkin_distance_m",
    "checkin_flagged",
)  # fmt: skip


@dataclass
class DemoSummary:
    admin_email: str
    users: int
    people: int
    companies: int = 0
    deals: int = 0
    activities: int = 0
    tasks: int = 0
    social_posts: int = 0
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.people + self.companies + self.deals + self.activities + self.tasks


# --- users, teams, pipelines ---------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    local: str
    name: str
    role: str
    teams: tuple[tuple[str, bool], ...] = ()  # (team name, is lead)
    territory: str = ""  # BD, IN: whose customers they mostly own
    weight: int = 0  # share of records owned within the territory
    locale: str = "en"
    timezone: str = "Asia/Dhaka"

    @property
    def email(self) -> str:
        return f"{self.local}@{DEMO_DOMAIN}"


TEAMS = {
    "Showroom sales": "Walk-in and phone customers at the Dhaka and Kolkata showrooms",
    "Field sales": "Visits to shops, factories and tea estates",
    "Support": "After-sales service and complaints",
    "Marketing": "Campaigns, trade fairs and the newsletter",
}

USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Nusrat Jahan", "admin", territory="BD", weight=1, locale="bn"),
    DemoUser(
        "meera",
        "Meera Iyer",
        "manager",
        (("Showroom sales", True), ("Field sales", True)),
        territory="IN",
        weight=3,
        timezone="Asia/Kolkata",
    ),
    DemoUser("arif", "Arif Hossain", "sales", (("Showroom sales", False),), "BD", 30, "bn"),
    DemoUser("farhana", "Farhana Islam", "sales", (("Showroom sales", False),), "BD", 25, "bn"),
    DemoUser("sumaiya", "Sumaiya Akter", "sales", (("Field sales", False),), "BD", 25, "bn"),
    DemoUser("rahul", "Rahul Verma", "sales", (("Showroom sales", False),), "IN", 30, "hi", "Asia/Kolkata"),
    DemoUser("vikram", "Vikram Nair", "sales", (("Field sales", False),), "IN", 25, "en", "Asia/Kolkata"),
    DemoUser("anjali", "Anjali Ghosh", "sales", (("Field sales", False),), "IN", 20, "bn", "Asia/Kolkata"),
    DemoUser("priya", "Priya Das", "service", (("Support", True),), timezone="Asia/Kolkata"),
    DemoUser("tanvir", "Tanvir Ahmed", "marketing", (("Marketing", True),), locale="bn"),
    DemoUser("kabir", "Kabir Chowdhury", "analyst"),
    DemoUser("ruma", "Ruma Begum", "read-only", (("Showroom sales", False),), locale="bn"),
)

PIPELINES: tuple[tuple[str, bool, tuple[tuple[str, int, int | None], ...]], ...] = (
    (
        "Sales",
        True,
        (
            ("Qualification", 10, 14),
            ("Needs analysis", 25, 21),
            ("Proposal", 50, 21),
            ("Negotiation", 75, 30),
            ("Closing", 90, 30),
        ),
    ),
    (
        "Field sales",
        False,
        (
            ("Visit planned", 10, 7),
            ("Visited", 30, 14),
            ("Quotation sent", 60, 21),
            ("Order confirmed", 90, 14),
        ),
    ),
)


@dataclass
class _Setup:
    users: dict[str, uuid.UUID]  # e-mail -> id
    owners: dict[str, tuple[list[uuid.UUID], tuple[int, ...]]]  # territory -> owner ids, weights
    pipelines: list[tuple[uuid.UUID, list[tuple[uuid.UUID, int]]]]  # id, [(stage id, probability)]
    shop_source: uuid.UUID | None = None  # the demo shop's till, the source of demo orders


def has_users(db: Database) -> bool:
    with db.session(write=False) as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def _setup(session: Session, password_hash: str) -> _Setup:
    teams: dict[str, uuid.UUID] = {}
    for name, description in TEAMS.items():
        team = session.scalars(select(Team).where(Team.name == name)).one_or_none()
        if team is None:
            team = Team(name=name, description=description)
            session.add(team)
            session.flush()
        teams[name] = team.id
    users: dict[str, uuid.UUID] = {}
    for spec in USERS:
        user = session.scalars(select(User).where(User.email == spec.email)).one_or_none()
        if user is None:
            user = User(
                email=spec.email,
                display_name=spec.name,
                role=spec.role,
                password_hash=password_hash,
                locale=spec.locale,
                timezone=spec.timezone,
            )
            session.add(user)
            session.flush()
        else:
            user.password_hash = password_hash  # the password just printed works for every demo user
        users[spec.email] = user.id
        for team_name, is_lead in spec.teams:
            if session.get(TeamMember, (teams[team_name], user.id)) is None:
                session.add(TeamMember(team_id=teams[team_name], user_id=user.id, is_lead=is_lead))
    session.flush()

    owners: dict[str, tuple[list[uuid.UUID], tuple[int, ...]]] = {}
    for territory in ("BD", "IN"):
        specs = [u for u in USERS if u.territory == territory and u.weight]
        owners[territory] = ([users[u.email] for u in specs], tuple(u.weight for u in specs))
    everyone = [u for u in USERS if u.weight]
    owners["other"] = ([users[u.email] for u in everyone], tuple(u.weight for u in everyone))

    has_default = session.scalar(select(func.count()).select_from(Pipeline).where(Pipeline.is_default))
    pipelines = []
    for position, (name, default, stages) in enumerate(PIPELINES):
        pipeline = session.scalars(select(Pipeline).where(Pipeline.name == name)).one_or_none()
        if pipeline is None:
            pipeline = Pipeline(name=name, is_default=default and not has_default, position=position)
            session.add(pipeline)
            session.flush()
            for index, (stage_name, probability, rotting) in enumerate(stages):
                session.add(
                    Stage(
                        pipeline_id=pipeline.id,
                        name=stage_name,
                        position=index,
                        probability=probability,
                        rotting_days=rotting,
                    )
                )
            session.flush()
        rows = session.execute(
            select(Stage.id, Stage.probability)
            .where(Stage.pipeline_id == pipeline.id)
            .order_by(Stage.position)
        ).all()
        if rows:
            pipelines.append((pipeline.id, [(r[0], r[1]) for r in rows]))
    shop = session.scalars(select(Source).where(Source.name == DEMO_SHOP)).one_or_none()
    if shop is None:
        shop = Source(name=DEMO_SHOP, kind="pos", trust_priority=40, is_active=True)
        session.add(shop)
        session.flush()
    return _Setup(users, owners, pipelines, shop.id)


# --- row generation ------------------------------------------------------------------------


_CUMULATIVE: dict[tuple[int, ...], tuple[list[int], int]] = {}


def _pick(rng: random.Random, items: Sequence[T], weights: tuple[int, ...]) -> T:
    """`rng.choices(items, weights)[0]` without re-adding the weights on every call."""
    cum = _CUMULATIVE.get(weights)
    if cum is None:
        running = list(accumulate(weights))
        cum = _CUMULATIVE[weights] = (running, running[-1])
    return items[bisect(cum[0], rng.random() * cum[1])]


def _ascii(word: str) -> str:
    return "".join(ch for ch in word.lower() if "a" <= ch <= "z")


@dataclass
class _CompanyRef:
    id: uuid.UUID
    name: str
    domain: str | None
    owner_id: uuid.UUID


@dataclass
class _Batch:
    people: list[dict[str, Any]] = field(default_factory=list)
    deals: list[dict[str, Any]] = field(default_factory=list)
    stage_changes: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    order_lines: list[dict[str, Any]] = field(default_factory=list)


DEMO_SHOP = "Demo shop till"
DEMO_PRODUCTS: tuple[tuple[str, str, Decimal], ...] = (
    ("TEA-500", "Sylhet tea 500 g", Decimal(450)),
    ("TEA-250", "Darjeeling tea 250 g", Decimal(380)),
    ("MUG-1", "Clay mug", Decimal(350)),
    ("JAM-1", "Nakshi kantha cushion", Decimal(1200)),
    ("HNY-1", "Sundarbans honey 500 g", Decimal(650)),
    ("SAR-1", "Jamdani saree", Decimal(8500)),
)


def _uuid7(at: datetime, rng: random.Random) -> uuid.UUID:
    bits = rng.getrandbits(74)
    ms = int(at.timestamp() * 1000)
    return uuid.UUID(
        int=(ms << 80) | (0x7 << 76) | ((bits >> 62) << 64) | (0b10 << 62) | (bits & ((1 << 62) - 1))
    )


class _Generator:
    """Draws every value from one seeded `random.Random`; ids from a second one."""

    def __init__(self, seed: int | str, pools: P.Pools, setup: _Setup, now: datetime) -> None:
        self.seed = seed
        self.rng = random.Random(f"companies:{seed}")
        self.id_rng = random.Random(f"company-ids:{seed}")
        self.pools = pools
        self.setup = setup
        self.now = now  # the real time (reminders before it count as sent)
        # "Today" is midnight UTC, so the same seed gives the same dates all day.
        self.today = datetime(now.year, now.month, now.day, tzinfo=UTC)
        self.countries = list(P.COUNTRY_WEIGHTS)
        self.country_weights = tuple(P.COUNTRY_WEIGHTS.values())
        self.cities = {"BD": P.BD_CITIES, "IN": P.IN_CITIES, "other": P.OTHER_CITIES}
        self.city_weights = {k: tuple(c.weight for c in v) for k, v in self.cities.items()}
        self.companies: dict[str, list[_CompanyRef]] = {"BD": [], "IN": [], "other": []}
        self.company_domains: set[str] = set()

    # ids: UUIDv7 laid out from the record's creation time and seeded random bits

    def new_id(self, at: datetime) -> uuid.UUID:
        ms = int(at.timestamp() * 1000)
        bits = self.id_rng.getrandbits(74)
        rand_a, rand_b = bits >> 62, bits & ((1 << 62) - 1)
        return uuid.UUID(int=(ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b)

    def _owner(self, group: str) -> uuid.UUID:
        ids, weights = self.setup.owners[group]
        return _pick(self.rng, ids, weights)

    def _city(self, group: str) -> P.City:
        return _pick(self.rng, self.cities[group], self.city_weights[group])

    def _postcode(self, city: P.City) -> str | None:
        if not city.postcode:
            return None
        width = 6 if city.country == "IN" else (5 if city.postcode >= 10000 else 4)
        return str(city.postcode + self.rng.randrange(40)).zfill(width)

    def _checkin(
        self, kind: str, planned: bool, occurred: datetime, lat: float | None, lon: float | None
    ) -> dict[str, Any]:
        """A past visit at a located customer was checked in on the spot (mostly within 200 m;
        one in twenty a few kilometres off, so the manager's flagged list has something)."""
        rng = self.rng
        if kind != "visit" or planned or lat is None or lon is None:
            return dict.fromkeys(CHECKIN_KEYS)
        far = rng.random() < 0.05
        metres = rng.uniform(1500, 6000) if far else abs(rng.gauss(0, 80))
        bearing = rng.uniform(0, 2 * math.pi)
        dlat = metres * math.cos(bearing) / 111_320
        dlon = metres * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
        return {
            "checked_in_at": occurred + timedelta(minutes=rng.uniform(0, 10)),
            "checkin_latitude": round(lat + dlat, 6),
            "checkin_longitude": round(lon + dlon, 6),
            "checkin_accuracy_m": round(rng.uniform(5, 40), 1),
            "checkin_distance_m": round(metres, 1),
            "checkin_flagged": metres > get_settings().geo_checkin_max_distance_m,
        }

    def _coords(self, city: P.City) -> tuple[float, float]:
        rng = self.rng
        return round(city.lat + rng.gauss(0, 0.04), 5), round(city.lon + rng.gauss(0, 0.04), 5)

    # companies

    def company(self, index: int, total: int) -> dict[str, Any]:
        rng, pools = self.rng, self.pools
        group = _pick(rng, self.countries, self.country_weights)
        city = self._city(group)
        word = rng.choice(pools.company_words)
        if city.country == "BD":
            name = f"{word} {rng.choice(P.COMPANY_SUFFIX_BD)}"
            tld = rng.choice((".com.bd", ".com.bd", ".com"))
        elif city.country == "IN":
            name = f"{word} {rng.choice(P.COMPANY_SUFFIX_IN)}"
            tld = rng.choice((".in", ".co.in", ".com"))
        else:
            name = f"{word} {rng.choice(('Trading LLC', 'Pte. Ltd.', 'Ltd.', 'Inc.', 'Sdn. Bhd.'))}"
            tld = ".com"
        if rng.random() < 0.5:
            name = f"{city.name if rng.random() < 0.5 else rng.choice(P.INDUSTRIES)} {name}"
        domain = None
        if rng.random() < 0.7:
            base = "".join(_ascii(w) for w in name.split()[:2])
            domain = base + tld
            n = 2
            while domain in self.company_domains:
                domain, n = f"{base}{n}{tld}", n + 1
            self.company_domains.add(domain)
        created = self.today - timedelta(days=HISTORY_DAYS + 200) * (1 - (index + rng.random()) / total)
        created = min(created, self.today - timedelta(minutes=1))
        updated = created + (self.today - created) * rng.random()
        owner = self._owner(group)
        lat, lon = self._coords(city)
        row: dict[str, Any] = {
            "id": self.new_id(created),
            "name": name,
            "domain": domain,
            "industry": rng.choice(P.INDUSTRIES),
            "size": _pick(rng, P.COMPANY_SIZES, P.COMPANY_SIZE_WEIGHTS),
            "phone": P.phone_number(rng, city.country) if rng.random() < 0.8 else None,
            "address_line": f"{rng.randrange(1, 200)} {rng.choice(pools.en_streets if group == 'other' else P.BD_AREAS if city.country == 'BD' else P.IN_AREAS)}",
            "city": city.name,
            "region": city.region,
            "postal_code": self._postcode(city),
            "country": city.country,
            "latitude": lat,
            "longitude": lon,
            # As if a rep set it from the phone on a visit: within a few metres.
            "location_source": "gps" if lat is not None else None,
            "location_accuracy_m": round(self.rng.uniform(5, 50), 1) if lat is not None else None,
            "geocoded_at": None,
            "owner_id": owner,
            "tags": rng.sample(P.TAGS, _pick(rng, (0, 1, 2), (50, 35, 15))),
            "custom_fields": {},
            "search_text": build_search_text(name, domain),
            "deleted_at": None,
            "created_at": created,
            "updated_at": updated,
            "version": 1,
        }
        self.companies[group].append(_CompanyRef(row["id"], name, domain, owner))
        return row

    # people

    def _name(self, group: str, city: P.City) -> tuple[str, str, str, P.NamePool, P.NamePool]:
        """(given, family, gender, Latin pool for the e-mail, name pool) for someone from `city`."""
        rng, pools = self.rng, self.pools
        r = rng.random()
        if group == "BD":
            pool, latin = (pools.bengali if r < 0.6 else pools.bd_latin), pools.bd_latin
        elif group == "IN":
            if city.bengali and r < 0.5:
                pool, latin = pools.bengali, pools.bd_latin
            else:
                pool, latin = (pools.hindi if r < 0.45 else pools.in_latin), pools.in_latin
        else:
            pool = pools.english if r < 0.6 else (pools.bd_latin if r < 0.8 else pools.in_latin)
            latin = pool
        female = rng.random() < 0.5
        given = rng.choice(pool.female if female else pool.male)
        family = rng.choice(pool.family)
        if pool is pools.bd_latin:
            while (family in P.FEMALE_ONLY_FAMILY) != female and rng.random() < 0.8:
                family = rng.choice(pool.family)
            if not female and given not in ("Md.", "Mohammad") and rng.random() < 0.2:
                given = f"{rng.choice(('Md.', 'Mohammad'))} {given}"
        return given, family, ("female" if female else "male"), latin, pool

    def _email_local(self, given: str, family: str, gender: str, latin: P.NamePool) -> str:
        rng = self.rng
        g, f = _ascii(given.split()[-1]), _ascii(family)
        if not g or not f:  # a name in Bengali or Devanagari: the address uses a Latin nickname
            g = _ascii(rng.choice(latin.female if gender == "female" else latin.male).split()[-1])
            f = _ascii(rng.choice(latin.family))
        style = rng.randrange(5)
        if style == 0:
            return f"{g}.{f}"
        if style == 1:
            return f"{g}{f}{rng.randrange(1, 100)}"
        if style == 2:
            return f"{g}{rng.randrange(70, 100) if rng.random() < 0.5 else rng.randrange(1970, 2006)}"
        if style == 3:
            return f"{g[0]}{f}"
        return f"{g}_{f}"

    def person(self, index: int, total: int, group: str | None = None) -> dict[str, Any]:
        rng, pools = self.rng, self.pools
        group = group or _pick(rng, self.countries, self.country_weights)
        city = self._city(group)
        given, family, gender, latin, pool = self._name(group, city)
        display = f"{given} {family}"

        phones: list[dict[str, Any]] = [
            {"number": P.phone_number(rng, city.country), "label": "mobile", "primary": True}
        ]
        if rng.random() < 0.03:
            phones = []
        elif rng.random() < 0.12:
            region = city.country if rng.random() < 0.7 else rng.choice(("BD", "IN", "AE", "SG"))
            phones.append(
                {
                    "number": P.phone_number(rng, region),
                    "label": rng.choice(("work", "home")),
                    "primary": False,
                }
            )

        company: _CompanyRef | None = None
        if rng.random() < 0.4 and self.companies[group]:
            company = rng.choice(self.companies[group])
        emails: list[dict[str, Any]] = []
        if rng.random() < (0.85 if group == "other" else 0.45):
            local = self._email_local(given, family, gender, latin)
            if company is not None and company.domain and rng.random() < 0.5:
                emails.append({"email": f"{local}@{company.domain}", "label": "work", "primary": True})
            else:
                domain = rng.choice(
                    ("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com")
                )
                emails.append({"email": f"{local}@{domain}", "label": "personal", "primary": True})
            if rng.random() < 0.1:
                emails.append(
                    {
                        "email": f"{local}{rng.randrange(10, 99)}@gmail.com",
                        "label": "personal",
                        "primary": False,
                    }
                )

        if pool is pools.bengali and city.country == "BD":
            street = rng.choice(pools.bn_streets)
        elif city.country == "BD":
            street = f"Road {rng.randrange(1, 30)}, {rng.choice(P.BD_AREAS)}"
        elif city.country == "IN":
            street = rng.choice(pools.in_streets) + f", {rng.choice(P.IN_AREAS)}"
        else:
            street = rng.choice(pools.en_streets)
        address = f"{rng.randrange(1, 400)}, {street}" if rng.random() < 0.7 else None
        lat, lon = self._coords(city) if rng.random() < 0.85 else (None, None)

        owner = company.owner_id if company is not None and rng.random() < 0.7 else self._owner(group)
        created = self.today - timedelta(days=HISTORY_DAYS) * (1 - (index + rng.random()) / total)
        created = min(created, self.today - timedelta(seconds=1))
        updated = created + (self.today - created) * (1 - rng.random() ** 2)
        tags = rng.sample(P.TAGS, _pick(rng, (0, 1, 2, 3), (45, 30, 18, 7)))
        social = []
        if rng.random() < 0.1:
            handle = self._email_local(given, family, gender, latin)
            social.append({"network": rng.choice(("facebook", "instagram", "linkedin")), "handle": handle})
        email_list = [e["email"] for e in emails]
        phone_list = [p["number"] for p in phones]
        return {
            "id": self.new_id(created),
            "given_name": given,
            "family_name": family,
            "display_name": display,
            "emails": emails,
            "phones": phones,
            "primary_email": email_list[0] if email_list else None,
            "primary_phone": phone_list[0] if phone_list else None,
            "address_line": address,
            "city": city.name,
            "region": city.region,
            "postal_code": self._postcode(city),
            "country": city.country,
            "latitude": lat,
            "longitude": lon,
            # As if a rep set it from the phone on a visit: within a few metres.
            "location_source": "gps" if lat is not None else None,
            "location_accuracy_m": round(self.rng.uniform(5, 50), 1) if lat is not None else None,
            "geocoded_at": None,
            "social_handles": social,
            "tags": tags,
            "owner_id": owner,
            "company_id": company.id if company is not None else None,
            "lifecycle_stage": _pick(rng, P.LIFECYCLE, P.LIFECYCLE_WEIGHTS),
            "lead_source": _pick(rng, P.LEAD_SOURCES, P.LEAD_SOURCE_WEIGHTS) if rng.random() < 0.85 else None,
            "custom_fields": {},
            "search_text": search_text_for(display, given, family, email_list, phone_list),
            "deleted_at": None,
            "merged_into_id": None,
            "manual_fields": [],
            "field_sources": {},
            "created_at": created,
            "updated_at": updated,
            "version": 1,
            "_company": company,
        }

    # deals

    _DEAL_CHANCE = {
        "subscriber": 0.02, "lead": 0.08, "marketing-qualified": 0.1, "sales-qualified": 0.3,
        "opportunity": 0.7, "customer": 0.35, "evangelist": 0.3, "other": 0.05,
    }  # fmt: skip
    _STATUS = {
        "customer": (35, 55, 10),
        "opportunity": (80, 8, 12),
    }  # open, won, lost

    def deals(self, person: dict[str, Any], out: _Batch) -> list[dict[str, Any]]:
        rng = self.rng
        stage_name = person["lifecycle_stage"]
        if rng.random() >= self._DEAL_CHANCE[stage_name]:
            return []
        company: _CompanyRef | None = person["_company"]
        pipeline_id, stages = self.setup.pipelines[
            0 if rng.random() < 0.75 or len(self.setup.pipelines) == 1 else 1
        ]
        status = _pick(rng, ("open", "won", "lost"), self._STATUS.get(stage_name, (70, 10, 20)))
        if status == "open":
            index = _pick(rng, range(len(stages)), (30, 25, 20, 15, 10)[: len(stages)])
        elif status == "won":
            index = len(stages) - 1
        else:
            index = rng.randrange(len(stages))
        country = person["country"]
        currency = {"BD": "BDT", "IN": "INR"}.get(country, "USD")
        if currency != "USD" and rng.random() < 0.1:
            currency = "USD"  # export orders
        median, step = {"BDT": (300_000, 500), "INR": (150_000, 100), "USD": (8_000, 10)}[currency]
        raw = exp(rng.gauss(log(median), 1.0))
        amount = Decimal(max(step * 10, int(raw / step) * step))
        created = max(person["created_at"], self.today - timedelta(days=rng.uniform(1, 300)))
        created = min(created, self.today - timedelta(seconds=1))
        entered = created + (self.today - created) * rng.random()
        closed = entered if status != "open" else None
        if status == "open":
            expected: date | None = (self.today + timedelta(days=int(rng.triangular(-30, 120, 20)))).date()
        else:
            expected = entered.date()
        who = company.name if company is not None else person["display_name"]
        owner = person["owner_id"]
        deal = {
            "id": self.new_id(created),
            "name": f"{rng.choice(P.PRODUCTS)} — {who}",
            "pipeline_id": pipeline_id,
            "stage_id": stages[index][0],
            "status": status,
            "lost_reason": rng.choice(P.LOST_REASONS) if status == "lost" else None,
            "amount": amount,
            "currency": currency,
            "expected_close_date": expected,
            "closed_at": closed,
            "stage_entered_at": entered,
            "owner_id": owner,
            "person_id": person["id"],
            "company_id": company.id if company is not None else None,
            "tags": rng.sample(("hot", "strategic", "renewal", "upsell", "tender"), 1)
            if rng.random() < 0.2
            else [],
            "custom_fields": {},
            "search_text": "",
            "created_at": created,
            "updated_at": max(entered, created),
            "version": 1,
        }
        deal["search_text"] = build_search_text(deal["name"])
        out.deals.append(deal)
        out.stage_changes.append(
            {
                "id": self.new_id(created),
                "deal_id": deal["id"],
                "from_stage_id": None,
                "to_stage_id": stages[0][0],
                "changed_at": created,
                "changed_by_id": owner,
                "seconds_in_previous_stage": None,
            }
        )
        if index > 0:
            out.stage_changes.append(
                {
                    "id": self.new_id(entered),
                    "deal_id": deal["id"],
                    "from_stage_id": stages[index - 1][0],
                    "to_stage_id": stages[index][0],
                    "changed_at": entered,
                    "changed_by_id": owner,
                    "seconds_in_previous_stage": int((entered - created).total_seconds() / 2),
                }
            )
        return [deal]

    # activities and tasks

    def activities(self, person: dict[str, Any], deals: list[dict[str, Any]], out: _Batch) -> None:
        rng = self.rng
        count = _pick(rng, (0, 1, 2, 3), (62, 26, 9, 3))
        if deals and count == 0:
            count = 1
        for _ in range(count):
            kind = _pick(rng, P.ACTIVITY_KINDS, P.ACTIVITY_KIND_WEIGHTS)
            planned = kind in ("meeting", "visit", "call") and rng.random() < 0.15
            if planned:
                occurred = self.today + timedelta(days=rng.uniform(0, 14), hours=rng.uniform(3, 12))
            else:
                occurred = self.today - timedelta(days=180 * rng.random() ** 2, minutes=rng.uniform(5, 600))
            occurred = max(occurred, person["created_at"]) if not planned else occurred
            duration = {"call": (2, 25), "meeting": (30, 90), "visit": (20, 120)}.get(kind)
            outcome = None
            if not planned and kind == "call":
                outcome = rng.choice(P.CALL_OUTCOMES)
            elif not planned and kind in ("meeting", "visit"):
                outcome = rng.choice(P.MEETING_OUTCOMES)
            located = kind == "visit" or (kind == "meeting" and rng.random() < 0.5)
            lat, lon = (person["latitude"], person["longitude"]) if located else (None, None)
            created = min(occurred, self.today) - timedelta(minutes=rng.uniform(0, 60) if planned else 0)
            created = min(max(created, person["created_at"]), self.today - timedelta(seconds=1))
            deal = deals[0] if deals and rng.random() < 0.6 else None
            checkin = self._checkin(kind, planned, occurred, lat, lon)
            out.activities.append(
                {
                    "id": self.new_id(created),
                    "kind": kind,
                    "subject": rng.choice(P.SUBJECTS[kind]),
                    "body": (
                        f"{person['display_name']}: {rng.choice(P.SUBJECTS['note']).lower()}."
                        if kind in ("note", "meeting") and rng.random() < 0.7
                        else None
                    ),
                    "occurred_at": occurred,
                    "duration_minutes": rng.randrange(*duration) if duration else None,
                    "outcome": outcome,
                    "location_name": (person["address_line"] or person["city"]) if located else None,
                    "latitude": lat,
                    "longitude": lon,
                    "owner_id": person["owner_id"],
                    "person_id": person["id"],
                    "company_id": person["company_id"],
                    "deal_id": deal["id"] if deal else None,
                    **checkin,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )

    def tasks(self, person: dict[str, Any], deals: list[dict[str, Any]], out: _Batch) -> None:
        rng = self.rng
        r = rng.random()
        count = 2 if r < 0.02 else 1 if r < 0.14 else 0
        for _ in range(count):
            state = _pick(rng, ("done", "overdue", "today", "upcoming"), (30, 20, 12, 38))
            if state == "today":
                due = self.today + timedelta(hours=rng.randrange(3, 17), minutes=rng.choice((0, 15, 30, 45)))
            elif state == "upcoming":
                due = self.today + timedelta(days=rng.randrange(1, 30), hours=rng.randrange(3, 13))
            else:
                due = self.today - timedelta(days=rng.randrange(1, 45), hours=-rng.randrange(3, 13))
            remind = due - timedelta(minutes=rng.choice((15, 30, 60))) if rng.random() < 0.4 else None
            done = state == "done"
            created = min(due - timedelta(days=rng.uniform(1, 20)), self.today - timedelta(seconds=1))
            created = max(created, min(person["created_at"], self.today - timedelta(seconds=1)))
            done_at = min(due - timedelta(hours=rng.uniform(0, 48)), self.today) if done else None
            deal = deals[0] if deals and rng.random() < 0.5 else None
            out.tasks.append(
                {
                    "id": self.new_id(created),
                    "title": f"{rng.choice(P.TASK_TITLES)} {person['display_name']}",
                    "notes": f"Re: {deal['name']}" if deal else None,
                    "due_at": due,
                    "remind_at": remind,
                    # Past reminders count as sent, so a fresh demo does not fire hundreds at once.
                    "reminded_at": remind if remind is not None and (done or remind <= self.now) else None,
                    "priority": _pick(rng, ("low", "normal", "high"), (20, 60, 20)),
                    "done": done,
                    "done_at": max(done_at, created) if done_at else None,
                    "owner_id": person["owner_id"],
                    "person_id": person["id"],
                    "company_id": person["company_id"],
                    "deal_id": deal["id"] if deal else None,
                    "created_at": created,
                    "updated_at": done_at if done_at and done_at > created else created,
                    "version": 1,
                }
            )

    def orders(self, person: dict[str, Any], rng: random.Random, out: _Batch) -> None:
        """About one person in seven bought at the demo shop: one to four orders of one to three
        products. Drawn from their own generator, so the rest of the data is as before."""
        if self.setup.shop_source is None or rng.random() >= 0.14:
            return
        currency = "INR" if person["country"] == "IN" else "BDT"
        for n in range(_pick(rng, (1, 2, 3, 4), (55, 25, 12, 8))):
            placed = self.today - timedelta(days=365 * rng.random() ** 1.5, minutes=rng.uniform(0, 600))
            placed = min(max(placed, person["created_at"]), self.today - timedelta(seconds=1))
            order_id = _uuid7(placed, rng)
            total = Decimal(0)
            for position, (sku, name, price) in enumerate(rng.sample(DEMO_PRODUCTS, rng.randint(1, 3))):
                quantity = Decimal(rng.choice((1, 1, 1, 2, 3)))
                line_total = quantity * price
                total += line_total
                out.order_lines.append(
                    {"id": _uuid7(placed, rng), "order_id": order_id,
                     "position": position, "sku": sku, "name": name, "quantity": quantity, "unit_price": price,
                     "line_total": line_total}
                )  # fmt: skip
            out.orders.append(
                {"id": order_id, "source_id": self.setup.shop_source,
                 "source_key": f"DS-{str(person['id'])[-12:]}-{n + 1}", "person_id": person["id"],
                 "customer": {"email": person["primary_email"]} if person["primary_email"] else {},
                 "placed_at": placed, "channel": _pick(rng, ("store", "web", "app"), (60, 30, 10)),
                 "store": rng.choice(("Gulshan 2", "Dhanmondi", "Zindabazar", "Agrabad")), "currency": currency,
                 "total": total, "refunded_total": Decimal(0), "status": "paid",
                 "created_at": placed, "updated_at": placed, "version": 1}
            )  # fmt: skip

    def batch(self, index: int, start: int, count: int, total: int) -> _Batch:
        """People `start`..`start+count` of `total` with their deals, activities and tasks.

        Each batch draws from its own seeded generators, so batches can be made in any
        order, in any process, and still come out the same."""
        self.rng = random.Random(f"data:{self.seed}:{index}")
        self.id_rng = random.Random(f"ids:{self.seed}:{index}")
        order_rng = random.Random(f"orders:{self.seed}:{index}")
        out = _Batch()
        for i in range(start, start + count):
            person = self.person(i, total)
            deals = self.deals(person, out)
            self.activities(person, deals, out)
            self.tasks(person, deals, out)
            self.orders(person, order_rng, out)
            out.people.append(person)
        for person in out.people:
            del person["_company"]
        return out


# --- statements ----------------------------------------------------------------------------


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


# In the order they are written: parents first.
TABLES: tuple[tuple[str, Table], ...] = (
    ("people", _table(Person)),
    ("deals", _table(Deal)),
    ("stage_changes", _table(DealStageChange)),
    ("activities", _table(Activity)),
    ("tasks", _table(Task)),
    ("orders", _table(Order)),
    ("order_lines", _table(OrderLine)),
)


class _Insert:
    """`INSERT INTO table` compiled once for a dialect, turning row dicts into driver parameters.

    The same bind processors SQLAlchemy would run in `session.execute(insert(table), rows)`
    run here, so what is stored is identical; doing it where the rows are made (a worker
    process) leaves the writer with only the driver's executemany."""

    def __init__(self, table: Table, dialect: Dialect) -> None:
        compiled = insert(table).compile(dialect=dialect)
        self.sql = compiled.string
        self.positional = bool(compiled.positional)
        self.keys: list[str] = list(compiled.positiontup or []) if self.positional else list(compiled.binds)
        found: Mapping[str, Any] = compiled._bind_processors
        self.processors: list[tuple[str, Callable[[Any], Any] | None]] = [
            (key, found.get(key)) for key in self.keys
        ]

    def params(self, rows: list[dict[str, Any]]) -> list[Any]:
        processors = self.processors
        if self.positional:
            return [tuple(p(row[k]) if p else row[k] for k, p in processors) for row in rows]
        return [{k: (p(row[k]) if p else row[k]) for k, p in processors} for row in rows]


@dataclass
class _Prepared:
    counts: dict[str, int]
    params: dict[str, list[Any]]


def _prepare(batch: _Batch, statements: dict[str, _Insert]) -> _Prepared:
    rows = {name: getattr(batch, name) for name, _ in TABLES}
    return _Prepared(
        counts={name: len(r) for name, r in rows.items()},
        params={name: statements[name].params(r) for name, r in rows.items() if r},
    )


def _statements(dialect: Dialect) -> dict[str, _Insert]:
    return {name: _Insert(table, dialect) for name, table in TABLES}


# --- generating in worker processes ----------------------------------------------------------

_WORKER: tuple[_Generator, dict[str, _Insert]] | None = None


def _init_worker(
    seed: int | str,
    pool_seed: int,
    setup: _Setup,
    now: datetime,
    companies: Any,
    dialect_class: type[Dialect],
) -> None:
    global _WORKER
    gen = _Generator(seed, P.build_pools(pool_seed), setup, now)
    gen.companies = companies
    _WORKER = (gen, _statements(dialect_class()))


def _work(job: tuple[int, int, int, int]) -> _Prepared:
    if _WORKER is None:
        raise RuntimeError("demo worker used before it was set up")
    gen, statements = _WORKER
    return _prepare(gen.batch(*job), statements)


def _batches(
    gen: _Generator, pool_seed: int, people: int, workers: int, dialect: Dialect
) -> Iterator[_Prepared]:
    """The people batches in order; made by `workers` processes ahead of the writer when > 0."""
    jobs = [(index, start, count, people) for index, (start, count) in enumerate(_chunks(people, BATCH))]
    if workers <= 0 or len(jobs) < 4:
        statements = _statements(dialect)
        for job in jobs:
            yield _prepare(gen.batch(*job), statements)
        return
    context = multiprocessing.get_context("spawn")
    initargs = (gen.seed, pool_seed, gen.setup, gen.now, gen.companies, type(dialect))
    with context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        pending: deque[AsyncResult[_Prepared]] = deque()
        queued = iter(jobs)
        for job in queued:
            pending.append(pool.apply_async(_work, (job,)))
            if len(pending) > workers + 1:
                break
        while pending:
            batch = pending.popleft().get()
            following = next(queued, None)
            if following is not None:
                pending.append(pool.apply_async(_work, (following,)))
            yield batch


def default_workers() -> int:
    """Processes that make rows while this one writes: one per spare core, at most three."""
    return max(1, min(3, (os.cpu_count() or 1) - 1))


# --- writing -------------------------------------------------------------------------------


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(size, total - start)


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        disable=console is None,
        transient=False,
    )


def _batches_per_commit(db: Database) -> int:
    """SQLite commits every SQLITE_PEOPLE_PER_COMMIT people: each commit writes every index page
    it touched to the WAL (and the checkpoint writes it again), and a million people's random
    keys touch most leaf pages of 13 indexes per batch. Ten batches per commit wrote 4× less
    and loaded 200,000 people 24 % faster; an interrupted load still keeps what it committed."""
    return max(1, SQLITE_PEOPLE_PER_COMMIT // BATCH) if db.is_sqlite else 1


def generate(
    db: Database,
    *,
    people: int,
    seed: int,
    admin_password: str,
    console: Console | None = None,
    on_batch: Callable[[DemoSummary], None] | None = None,
    workers: int | None = None,
) -> DemoSummary:
    """Write the demo data set; see the module docstring. Returns what was written."""
    started = time.perf_counter()
    password_hash = hash_password(admin_password)  # once: argon2 is slow on purpose
    with db.session() as session:
        setup = _setup(session, password_hash)
        existing = session.scalar(select(func.count()).select_from(Person)) or 0
    # A second load on the same database draws new people rather than repeating the first.
    run_seed: int | str = seed if existing == 0 else f"{seed}+{existing}"
    gen = _Generator(run_seed, P.build_pools(seed), setup, utcnow())
    summary = DemoSummary(admin_email=ADMIN_EMAIL, users=len(setup.users), people=0)
    companies = people // 20 if people else 0
    if people and not companies:
        companies = 1

    with _progress(console) as progress, db.session() as session:
        company_task = progress.add_task("Companies", total=companies, rate="")
        for start, count in _chunks(companies, BATCH):
            rows = [gen.company(i, companies) for i in range(start, start + count)]
            session.execute(insert(_table(Company)), rows)
            session.commit()
            summary.companies += count
            progress.update(company_task, advance=count)
        people_task = progress.add_task("People", total=people, rate="")
        dialect = session.get_bind().dialect
        statements = _statements(dialect)
        processes = default_workers() if workers is None else workers
        if db.is_sqlite:  # a bigger page cache for this load: the indexes of a million rows
            session.connection().exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_LOAD_CACHE_KIB}")
        per_commit = _batches_per_commit(db)
        for number, batch in enumerate(_batches(gen, seed, people, processes, dialect), start=1):
            connection = session.connection()
            for name, _ in TABLES:  # parents first: people, then deals, then what links to both
                if batch.params.get(name):
                    connection.exec_driver_sql(statements[name].sql, batch.params[name])
            if number % per_commit == 0:
                session.commit()
            summary.people += batch.counts["people"]
            summary.deals += batch.counts["deals"]
            summary.activities += batch.counts["activities"]
            summary.tasks += batch.counts["tasks"]
            count = batch.counts["people"]
            elapsed = time.perf_counter() - started
            progress.update(
                people_task, advance=count, rate=f"{summary.records / max(elapsed, 1e-9):,.0f} records/s"
            )
            if on_batch is not None:
                on_batch(summary)

        session.commit()
        if db.is_sqlite:
            session.connection().exec_driver_sql("PRAGMA cache_size=-65536")
            session.commit()
    if people:  # the social inbox: keywords, default routing rules, posts routed like real ones
        from sampark.social import demo as social_demo

        summary.social_posts = social_demo.load(db, seed, utcnow())
    summary.seconds = time.perf_counter() - started
    with db.session() as session:
        audit.record(
            session,
            None,
            "demo_loaded",
            "demo",
            None,
            {
                "seed": seed,
                "users": summary.users,
                "companies": summary.companies,
                "people": summary.people,
                "deals": summary.deals,
                "activities": summary.activities,
                "tasks": summary.tasks,
            },
            actor_email="sampark demo",
        )
    return summary
