"""Distances on the Earth's surface, and the bounding box that prefilters a radius search."""

from __future__ import annotations

import math

from sampark.core.location import Box

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (within 0.5% of the ellipsoid: fine for field work)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_m: float) -> Box:
    """The smallest latitude/longitude rectangle holding every point within `radius_m` of the
    centre: rows outside it cannot be within the radius, so the index skips them."""
    angular = radius_m / EARTH_RADIUS_M
    south, north = lat - math.degrees(angular), lat + math.degrees(angular)
    if south <= -90 or north >= 90:  # a pole inside the circle: every longitude
        return Box(max(south, -90.0), min(north, 90.0), -180.0, 180.0)
    # Widest longitude span of the circle (not at the centre's latitude: nearer the pole).
    dl = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat)))))
    west, east = lng - dl, lng + dl
    if west < -180:
        west += 360
    if east > 180:
        east -= 360
    if dl >= 180:
        west, east = -180.0, 180.0
    return Box(south, north, west, east)
