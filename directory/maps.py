"""Points for the public maps (search results, organization pages), as JSON for the map include's
data-points attribute. A confidential location is never given more precisely than its ZIP code's centre
(Location.public_coordinates), and is marked `approx`."""

import json


def location_points(name: str, url: str, locations) -> list[dict]:
    points = []
    for location in locations:
        point = location.public_coordinates()
        if point is None:
            continue
        points.append(
            {
                "name": name,
                "url": url,
                "lat": round(point[0], 5),
                "lon": round(point[1], 5),
                "approx": bool(location.confidential_address),
            }
        )
    return points


def points_json(points: list[dict]) -> str:
    """The points for the map include ("" when there is nothing to draw, so no map is shown)."""
    return json.dumps(points, separators=(",", ":")) if points else ""
