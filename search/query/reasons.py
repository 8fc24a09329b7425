"""Why each result is where it is: short sentences for every signal that placed it (CONTRACT.md section 2)."""

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .facts import is_open_at, nearest_miles
from .ranking import age_fit, population_fit, trafficking_fit
from .requests import MatchRequest


def label(labels: dict, code: str) -> str:
    entry = labels.get(code) or {}
    return entry.get("es" if get_language() == "es" else "en") or code


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def round_miles(distance: float | None) -> float | None:
    return None if distance is None else round(distance, 1)


def age_range_reason(doc: dict) -> str:
    low, high = doc["minimum_age"], doc["maximum_age"]
    if low is not None and high is not None:
        return _("Serves ages %(low)s-%(high)s only") % {"low": low, "high": high}
    if low is not None:
        return _("Serves ages %(low)s and over only") % {"low": low}
    return _("Serves ages up to %(high)s only") % {"high": high}


def time_ago(seconds: int) -> str:
    """A short, rounded age: "5 min", "2 h", "3 days"."""
    seconds = max(0, seconds)
    if seconds < 3600:
        return _("%(count)s min") % {"count": max(1, seconds // 60)}
    if seconds < 48 * 3600:
        return _("%(count)s h") % {"count": seconds // 3600}
    days = seconds // 86400
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def capacity_reason(doc: dict, req: MatchRequest) -> str:
    """Free places reported in the last 72 hours, with the report's age; empty when nothing recent."""
    at, free = doc.get("capacity_at"), doc.get("places_free")
    if at is None or free is None or at < req.capacity_since:
        return ""
    ago = time_ago(req.now - at)
    if free == 0:
        return _("No places free, updated %(ago)s ago") % {"ago": ago}
    return ngettext("%(count)s place free, updated %(ago)s ago", "%(count)s places free, updated %(ago)s ago", free) % {
        "count": free,
        "ago": ago,
    }


def reasons(doc: dict, req: MatchRequest) -> list[str]:
    """Every signal that can place this result above another (CONTRACT section 2), as short sentences."""
    out = []
    matched = [code for code in doc["needs"] if code in req.needs]
    out.append(
        _("Provides %(needs)s") % {"needs": _join([_lower_first(label(doc["need_labels"], c)) for c in matched])}
    )
    spoken = [code for code in doc["languages"] if code in req.languages]
    if spoken:
        out.append(_("Speaks %(languages)s") % {"languages": _join([label(doc["language_labels"], c) for c in spoken])})
    if doc["intake_24_7"]:
        out.append(_("24/7 intake"))
    elif is_open_at(doc, req.minute):
        out.append(_("Open now"))
    elif req.urgent:
        out.append(_("Closed now"))
    if age_fit(doc, req):
        out.append(age_range_reason(doc))
    populations = population_fit(doc, req)
    if populations:
        out.append(
            _("Specialises in %(populations)s")
            % {"populations": _join([_lower_first(label(doc.get("population_labels") or {}, c)) for c in populations])}
        )
    if trafficking_fit(doc, req):
        out.append(
            _("Specialises in sex trafficking")
            if req.trafficking_type == "sex"
            else _("Specialises in labor trafficking")
        )
    capacity = capacity_reason(doc, req)
    if capacity:
        out.append(capacity)
    distance = round_miles(nearest_miles(doc, req.origin))
    if distance is not None and distance < 0.1:
        out.append(_("Less than 0.1 miles away"))
    elif distance is not None:
        out.append(_("%(miles)s miles away") % {"miles": distance})
    return out
