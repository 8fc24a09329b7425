"""Points for the public maps (search results, organization pages), as JSON for the map include's
data-points attribute. A confidential location is never given more precisely than its ZIP code's centre
(directory.models.location.public_point), and is marked `approx`."""

import json

from directory.models.location import Location, public_point


def location_points(name: str, url: str, locations) -> list[dict]:
    """The points of these Location objects."""
    return row_points(name, url, [[getattr(loc, f) for f in Location.PUBLIC_POINT_FIELDS] for loc in locations])


def row_points(name: str, url: str, rows) -> list[dict]:
    """The points of locations read as rows of their PUBLIC_POINT_FIELDS' values, in that order (no Location
    built). Each value is bound by its field's name, so the confidential flag is never read from another column."""
    points = []
    for row in rows:
        fields = dict(zip(Location.PUBLIC_POINT_FIELDS, row, strict=True))
        point = public_point(**fields)
        if point is None:
            continue
        points.append(
            {
                "name": name,
                "url": url,
                "lat": round(point[0], 5),
                "lon": round(point[1], 5),
                "approx": bool(fields["confidential_address"]),
            }
        )
    return points


def points_json(points: list[dict]) -> str:
    """The points for the map include ("" when there is nothing to draw, so no map is shown)."""
    return json.dumps(points, separators=(",", ":")) if points else ""
