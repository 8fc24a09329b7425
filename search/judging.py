"""Judged matching scenarios: how well the ranking agrees with an advocate's own choices.

A scenario file (tests/search/judged_scenarios.json) holds a small catalogue of services, written compactly,
and requests an advocate might make, each with graded judgements (3 = the service they would pick first).
`evaluate` runs every request through search.service.match on the configured backend and scores it:

- first-result accuracy: the share of scenarios whose first result carries the scenario's highest grade;
- NDCG@5: discounted cumulative gain of the first five results, (2^grade - 1) / log2(rank + 1), divided by
  that of the ideal order of the judged services.
"""

import json
import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from directory.geocode import geocode_zip
from directory.taxonomy import LANGUAGES, NEEDS, POPULATIONS

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "tests" / "search" / "judged_scenarios.json"
NAMESPACE = uuid.UUID("6f0d4c1e-3b7a-4f43-9d7e-0a6a4b1f2c55")
HOURS = {  # [start, end) minutes of the week, Monday 00:00 first
    "none": [],
    "weekdays": [[d * 1440 + 540, d * 1440 + 1020] for d in range(5)],  # Monday-Friday 9-17
    "extended": [[d * 1440 + 480, d * 1440 + 1200] for d in range(6)],  # Monday-Saturday 8-20
    "evenings": [[d * 1440 + 1020, d * 1440 + 1380] for d in range(7)],  # every day 17-23
}


def load(path: Path | str | None = None) -> dict:
    return json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))


def service_id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def _labels(rows, codes):
    table = {code: {"en": en, "es": es} for code, en, es in rows}
    return {code: table[code] for code in codes}


def documents(data: dict) -> list[dict]:
    """Plain search documents (search.documents.build_document's shape) for the catalogue."""
    clock = int(datetime.fromisoformat(data["capacity_clock"]).timestamp())
    organizations = sorted({spec["organization"] for spec in data["services"]})
    docs = []
    for n, spec in enumerate(data["services"]):
        place = geocode_zip(spec["zip"])
        org_index = organizations.index(spec["organization"])
        needs, languages = spec["needs"], spec.get("languages", ["en"])
        populations = sorted(spec.get("populations", []))
        hours_ago = spec.get("capacity_hours_ago")
        docs.append(
            {
                "service_id": service_id(spec["key"]),
                "page_id": 900_000 + n,
                "organization_id": str(uuid.uuid5(NAMESPACE, spec["organization"])),
                "organization_page_id": 800_000 + org_index,
                "organization_name": spec["organization"],
                "title": spec["name"],
                "name_sort": spec["name"].lower(),
                "summary": spec["name"],
                "description": "",
                "how_to_get_help": "",
                "eligibility": "",
                "path": f"directory/judged-{org_index}/{spec['key']}/",
                "status": spec.get("status", "active"),
                "accepting_referrals": spec.get("accepting_referrals", True),
                "needs": needs,
                "need_labels": _labels(NEEDS, needs),
                "languages": languages,
                "language_labels": _labels(LANGUAGES, languages),
                "populations": populations,
                "population_labels": _labels(POPULATIONS, populations),
                "genders": spec.get("genders", []),
                "trafficking_types": spec.get("trafficking_types", []),
                "minimum_age": spec.get("min_age"),
                "maximum_age": spec.get("max_age"),
                "intake_24_7": spec.get("intake_24_7", False),
                "places_free": spec.get("places_free"),
                "capacity_note": "",
                "capacity_at": clock - hours_ago * 3600 if hours_ago is not None else None,
                "phone": "916-555-0100",
                "open_ranges": sorted(HOURS[spec.get("hours", "none")]),
                "locations": [
                    {
                        "name": spec["organization"],
                        "city": place.city,
                        "postal_code": place.postal_code,
                        "lat": place.latitude,
                        "lon": place.longitude,
                    }
                ],
            }
        )
    return docs


def ndcg_at(ranked_grades: list[int], judged_grades: list[int], k: int = 5) -> float:
    def dcg(grades):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(judged_grades, reverse=True))
    return dcg(ranked_grades) / ideal if ideal else 0.0


@dataclass
class Outcome:
    name: str
    first: str  # the first result's key ("" when nothing matched)
    first_ok: bool
    ndcg: float


@dataclass
class Report:
    backend: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def first_result_accuracy(self) -> float:
        return sum(o.first_ok for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mean_ndcg(self) -> float:
        return sum(o.ndcg for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0


def evaluate(data: dict) -> Report:
    """Run every scenario on the configured backend (the catalogue must be indexed there)."""
    from . import service

    keys = {service_id(spec["key"]): spec["key"] for spec in data["services"]}
    report = None
    for scenario in data["scenarios"]:
        now = datetime.fromisoformat(data["times"][scenario["at"]])
        response = service.match(dict(scenario["request"], limit=10), now=now)
        report = report or Report(response["backend"])
        ranked = [keys.get(r["service_id"], "?") for r in response["results"]]
        grades = scenario["grades"]
        best = max(grades.values())
        first = ranked[0] if ranked else ""
        report.outcomes.append(
            Outcome(
                name=scenario["name"],
                first=first,
                first_ok=grades.get(first, 0) == best,
                ndcg=ndcg_at([grades.get(key, 0) for key in ranked], list(grades.values())),
            )
        )
    return report or Report("none")
