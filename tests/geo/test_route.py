"""The tour improvement: nearest neighbour, then 2-opt removes crossings."""

from __future__ import annotations

import math
import random

from sampark.geo import route
from sampark.geo.distance import bounding_box, haversine_m


def flat(a: route.Point, b: route.Point) -> float:
    return math.dist(a, b)


def test_two_opt_uncrosses_a_crossing_tour() -> None:
    # A square visited corner to opposite corner: the path 0→2→1→3 crosses itself.
    points = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)]
    crossing = [0, 2, 1, 3]
    before = route.tour_length(None, points, crossing, flat)
    better = route.two_opt(None, points, crossing, flat)
    after = route.tour_length(None, points, better, flat)
    assert better[0] == 0  # with no start point the first stop stays first
    assert after < before
    assert math.isclose(after, 3.0)


def test_nearest_neighbour_from_a_start_point() -> None:
    points = [(0.0, 5.0), (0.0, 1.0), (0.0, 3.0)]
    assert route.nearest_neighbour((0.0, 0.0), points, flat) == [1, 2, 0]


def test_two_opt_never_lengthens_and_keeps_every_stop() -> None:
    rng = random.Random(7)
    for _ in range(30):
        points = [(rng.random(), rng.random()) for _ in range(rng.randint(0, 12))]
        start = (rng.random(), rng.random())
        greedy = route.nearest_neighbour(start, points, flat)
        improved = route.two_opt(start, points, greedy, flat)
        assert sorted(improved) == list(range(len(points)))
        assert (
            route.tour_length(start, points, improved, flat)
            <= route.tour_length(start, points, greedy, flat) + 1e-9
        )


def test_two_opt_beats_a_greedy_tour_that_crosses() -> None:
    # Greedy from the start goes along the bottom and must come back across the square.
    points = [(0.0, 1.0), (0.0, 2.0), (0.0, 3.0), (3.0, 3.2), (3.0, 0.0), (2.9, 1.6)]
    start = (0.0, 0.0)
    greedy = route.nearest_neighbour(start, points, flat)
    improved = route.two_opt(start, points, greedy, flat)
    assert route.tour_length(start, points, improved, flat) <= route.tour_length(start, points, greedy, flat)


def test_haversine_and_box() -> None:
    # Sylhet to Moulvibazar: about 46 km.
    d = haversine_m(24.89904, 91.87198, 24.48888, 91.77075)
    assert 44_000 < d < 48_000
    box = bounding_box(24.9, 91.87, 10_000)
    assert box.south < 24.9 < box.north and box.west < 91.87 < box.east
    # A point 10 km due east lies inside the box.
    assert haversine_m(24.9, 91.87, 24.9, box.east) >= 9_999
    across = bounding_box(0.0, 179.99, 5_000)
    assert across.west > across.east  # crosses the antimeridian
