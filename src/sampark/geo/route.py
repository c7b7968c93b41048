"""Ordering a day's stops into a short tour: nearest neighbour from the start, then 2-opt.

The tour is open (it starts at the start point and ends at the last stop; nobody drives back to
the first visit). A few dozen stops take milliseconds, so no solver library is needed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sampark.geo.distance import haversine_m

Point = tuple[float, float]  # (latitude, longitude)
Metric = Callable[[Point, Point], float]


def _metres(a: Point, b: Point) -> float:
    return haversine_m(a[0], a[1], b[0], b[1])


def tour_length(
    start: Point | None, points: Sequence[Point], order: Sequence[int], metric: Metric = _metres
) -> float:
    """Length of the open path start → points[order[0]] → … (no start: from the first stop)."""
    path = ([start] if start is not None else []) + [points[i] for i in order]
    return sum(metric(path[i], path[i + 1]) for i in range(len(path) - 1))


def nearest_neighbour(start: Point | None, points: Sequence[Point], metric: Metric = _metres) -> list[int]:
    """Greedy tour: always go to the closest stop not yet visited (from the start, or stop 0)."""
    if not points:
        return []
    left = set(range(len(points)))
    order: list[int] = []
    here = start
    if here is None:
        order.append(0)
        left.discard(0)
        here = points[0]
    while left:
        nxt = min(left, key=lambda i: (metric(here, points[i]), i))  # type: ignore[arg-type]
        order.append(nxt)
        left.discard(nxt)
        here = points[nxt]
    return order


def two_opt(
    start: Point | None,
    points: Sequence[Point],
    order: Sequence[int],
    metric: Metric = _metres,
    max_rounds: int = 50,
) -> list[int]:
    """Reverse stretches of the tour while that shortens it (removes every crossing). With no
    start point the first stop stays first, like a fixed start."""
    tour = list(order)
    if len(tour) < 2:
        return tour
    # Node sequence with the anchor first: the start point, or the fixed first stop.
    anchor: Point = start if start is not None else points[tour[0]]
    body = tour if start is not None else tour[1:]
    # Work on node numbers with the distances computed once (0 is the anchor).
    coords: list[Point] = [anchor] + [points[i] for i in body]
    n = len(coords)
    dist = [[metric(p, q) for q in coords] for p in coords]
    nodes = list(range(n))
    for _ in range(max_rounds):
        improved = False
        for i in range(0, n - 2):
            for j in range(i + 2, n):
                a, b, c = nodes[i], nodes[i + 1], nodes[j]
                d = nodes[j + 1] if j + 1 < n else None  # open tour: the last edge has no end
                before = dist[a][b] + (dist[c][d] if d is not None else 0.0)
                after = dist[a][c] + (dist[b][d] if d is not None else 0.0)
                if after < before - 1e-9:
                    nodes[i + 1 : j + 1] = reversed(nodes[i + 1 : j + 1])
                    body[i:j] = reversed(body[i:j])
                    improved = True
        if not improved:
            break
    return body if start is not None else [tour[0], *body]


def plan(start: Point | None, points: Sequence[Point], metric: Metric = _metres) -> tuple[list[int], float]:
    """The improved order of `points` and its length in metres."""
    order = two_opt(start, points, nearest_neighbour(start, points, metric), metric)
    return order, tour_length(start, points, order, metric)
