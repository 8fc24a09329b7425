"""The coordinator's board rows and the anonymous after-action report (issue 16 §5 and §6).

The report counts placements only; every count from 1 to 4 is given as "<5" (small numbers could point at
someone), 0 stays 0. Each placement counts once, by its outcome:
- accepted: a service accepted it;
- declined: not accepted, nothing still waiting, and at least one service declined it (the reasons are
  counted in `declined_for`: capacity, eligibility, other);
- withdrawn: not accepted, the advocate withdrew it (no decline);
- unanswered: still waiting for an answer, or every part expired unanswered.
So placements = accepted + declined + withdrawn + unanswered (before suppression).
The minutes to acceptance (median, 90th percentile) are given only from 5 accepted placements on.
"""

import csv
import io
import math
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from ..lifecycle import FILLED
from ..models import DeclineReason, RecipientStatus, Referral
from .models import JuvenileStep, Operation, OperationStatus

S = RecipientStatus
TAKEN = {S.ACCEPTED, S.COMPLETED}
WAITING = {S.SENT, S.VIEWED, S.INFO_REQUESTED}
AGE_BANDS = ("minors", "18-24", "25+")
SMALL = "<5"


def suppress(count: int):
    """Counts from 1 to 4 become "<5"; 0 and 5 or more stay as they are."""
    return SMALL if 1 <= count <= 4 else count


def age_band(age) -> str | None:
    if age is None:
        return None
    return "minors" if age < 18 else "18-24" if age <= 24 else "25+"


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _placements(operation: Operation):
    return (
        Referral.objects.filter(operation=operation)
        .select_related("advocate")
        .prefetch_related("needs", "recipients__events", "recipients__organization", "recipients__service__languages")
        .order_by("-created_at")
    )


def _accepted_part(placement):
    return next((r for r in placement.recipients.all() if r.status in TAKEN), None)


def _accepted_at(part):
    moments = [e.at for e in part.events.all() if e.to_status == S.ACCEPTED]
    return min(moments) if moments else part.first_response_at


def outcome(placement) -> str:
    parts = list(placement.recipients.all())
    if any(p.status in TAKEN for p in parts):
        return "accepted"
    if any(p.status in WAITING for p in parts):
        return "unanswered"
    if any(p.status == S.DECLINED for p in parts):
        return "declined"
    if any(p.status == S.WITHDRAWN and p.withdraw_reason != FILLED for p in parts):
        return "withdrawn"
    return "unanswered"


def _minutes(delta) -> float:
    return round(delta.total_seconds() / 60, 1)


def board_rows(operation: Operation, now=None) -> list[dict]:
    now = now or timezone.now()
    steps = JuvenileStep.objects.filter(active=True).count()
    rows = []
    for placement in _placements(operation).prefetch_related("juvenile_checks"):
        part = _accepted_part(placement)
        state = outcome(placement)
        accepted_at = _accepted_at(part) if part else None
        juvenile = placement.age is not None and placement.age < 18
        rows.append(
            {
                "id": placement.pk,
                "client_code": placement.client_code,
                "age_band": age_band(placement.age),
                "needs": sorted(n.code for n in placement.needs.all()),
                "status": state,
                "minutes_waiting": _minutes((accepted_at or placement.closed_at or now) - placement.created_at),
                "accepted_by": part.organization.title if part else None,
                "services_sent": len(placement.recipients.all()),
                "widen_rounds": placement.widen_rounds,
                "juvenile": juvenile,
                "juvenile_steps_done": len(placement.juvenile_checks.all()) if juvenile else None,
                "juvenile_steps_total": steps if juvenile else None,
                "filed_by": placement.advocate.get_username(),
                "created_at": placement.created_at,
            }
        )
    return rows


def raw_counts(operation: Operation) -> dict:
    """The report's figures before suppression."""
    outcomes: Counter = Counter()
    declined_for: Counter = Counter()
    by_need: Counter = Counter()
    by_band: Counter = Counter({band: 0 for band in AGE_BANDS})
    needed: Counter = Counter()
    not_met: Counter = Counter()
    minutes = []
    age_not_given = 0
    total = 0
    for placement in _placements(operation):
        total += 1
        state = outcome(placement)
        outcomes[state] += 1
        for part in placement.recipients.all():
            if part.status == S.DECLINED:
                reason = part.decline_reason
                declined_for[
                    {DeclineReason.NO_CAPACITY: "capacity", DeclineReason.NOT_ELIGIBLE: "eligibility"}.get(
                        reason, "other"
                    )
                ] += 1
        for need in placement.needs.all():
            by_need[need.code] += 1
        band = age_band(placement.age)
        if band:
            by_band[band] += 1
        else:
            age_not_given += 1
        part = _accepted_part(placement)
        if part:
            at = _accepted_at(part)
            if at:
                minutes.append((at - placement.created_at).total_seconds() / 60)
        spoken = {lang.code for lang in part.service.languages.all()} if part else set()
        for code in placement.languages or []:
            needed[code] += 1
        if placement.languages and not spoken & set(placement.languages):
            for code in placement.languages:
                not_met[code] += 1
    median = percentile(minutes, 0.5)
    p90 = percentile(minutes, 0.9)
    return {
        "placements": total,
        "accepted": outcomes["accepted"],
        "declined": outcomes["declined"],
        "withdrawn": outcomes["withdrawn"],
        "unanswered": outcomes["unanswered"],
        "declined_for": {key: declined_for[key] for key in ("capacity", "eligibility", "other")},
        "median_minutes_to_accept": None if median is None else round(median, 1),
        "p90_minutes_to_accept": None if p90 is None else round(p90, 1),
        "by_need": dict(sorted(by_need.items())),
        "by_age_band": {band: by_band[band] for band in AGE_BANDS},
        "age_not_given": age_not_given,
        "languages_needed": dict(sorted(needed.items())),
        "languages_not_met": dict(sorted(not_met.items())),
    }


OUTCOMES = ("placements", "accepted", "declined", "withdrawn", "unanswered")
COUNTS = (*OUTCOMES, "age_not_given")
COUNT_MAPS = ("declined_for", "by_need", "by_age_band", "languages_needed", "languages_not_met")


def report(operation: Operation, now=None) -> dict:
    """The report as the API returns it: figures suppressed, plus the operation's id, name, status, whether the
    report is final (the operation closed) and when it was made."""
    now = now or timezone.now()
    raw = raw_counts(operation)
    out = {
        "operation_id": operation.pk,
        "name": operation.name,
        "status": operation.status_at(now),
        "final": operation.status_at(now) == OperationStatus.CLOSED,
        "generated_at": now.isoformat(),
    }
    for key, value in raw.items():
        if key in COUNTS:
            out[key] = suppress(value)
        elif key in COUNT_MAPS:
            out[key] = {k: suppress(v) for k, v in value.items()}
        else:
            out[key] = value
    if out["accepted"] == SMALL:
        # The median and 90th percentile of one to four times are those times: one survivor's, with one.
        out["median_minutes_to_accept"] = out["p90_minutes_to_accept"] = None
    return out


def report_rows(data: dict) -> list[tuple[str, str, object]]:
    """The report as (section, item, value) rows, for the CSV and the printable page."""
    rows = [("operation", "name", data["name"]), ("operation", "status", data["status"])]
    rows += [("placements", key, data[key]) for key in OUTCOMES]
    rows += [("declined_for", k, v) for k, v in data["declined_for"].items()]
    rows += [("minutes_to_accept", "median", data["median_minutes_to_accept"])]
    rows += [("minutes_to_accept", "p90", data["p90_minutes_to_accept"])]
    rows += [("by_need", k, v) for k, v in data["by_need"].items()]
    rows += [("by_age_band", k, v) for k, v in data["by_age_band"].items()]
    rows += [("by_age_band", "not_given", data["age_not_given"])]
    rows += [("languages_needed", k, v) for k, v in data["languages_needed"].items()]
    rows += [("languages_not_met", k, v) for k, v in data["languages_not_met"].items()]
    return rows


def report_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("section"), _("item"), _("value")])
    for section, item, value in report_rows(data):
        writer.writerow([section, item, "" if value is None else value])
    return out.getvalue()
