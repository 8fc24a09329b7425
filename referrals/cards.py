"""What an advocate's match card shows beyond the matching response: places free and when that was said,
whether the listing may be out of date, the intake phone, and the release hint for a client under 18.

Matching (search.service.match) answers in the contract's shape; these facts come from the live pages of the
few services shown, so a card never shows an older capacity than the service page does.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import ServicePage
from directory.verification import is_stale

CAPACITY_FRESH_HOURS = 72


def _ago(moment, now) -> str:
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return _("%(count)s min") % {"count": max(1, seconds // 60)}
    if seconds < 48 * 3600:
        return _("%(count)s h") % {"count": seconds // 3600}
    days = seconds // 86400
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def capacity_line(service: ServicePage, now=None) -> tuple[str, bool]:
    """("3 places free, updated 2 h ago", is_fresh); ("", False) when the service never said."""
    now = now or timezone.now()
    if service.capacity_updated_at is None or (service.places_free is None and not service.capacity_note):
        return "", False
    ago = _ago(service.capacity_updated_at, now)
    fresh = (now - service.capacity_updated_at).total_seconds() <= CAPACITY_FRESH_HOURS * 3600
    if service.places_free is None:
        said = service.capacity_note
    elif service.places_free == 0:
        said = _("No places free")
    else:
        said = ngettext("%(count)s place free", "%(count)s places free", service.places_free) % {
            "count": service.places_free
        }
    return _("%(said)s, updated %(ago)s ago") % {"said": said, "ago": ago}, fresh


def match_cards(results: list[dict], *, age: int | None = None, now=None) -> list[dict]:
    """Each matching result with `card`: capacity, capacity_fresh, stale, phone, minor_release."""
    ids = [r["service_id"] for r in results]
    services = {str(s.hsds_id): s for s in ServicePage.objects.filter(hsds_id__in=ids).live()}
    cards = []
    for result in results:
        service = services.get(result["service_id"])
        card = {
            "capacity": "",
            "capacity_fresh": False,
            "stale": False,
            "phone": "",
            "minor_release": age is not None and age < 18,
        }
        if service is not None:
            organization = service.organization
            card["capacity"], card["capacity_fresh"] = capacity_line(service, now)
            card["stale"] = is_stale(organization)
            card["phone"] = service.phone or organization.phone
        cards.append({**result, "card": card})
    return cards
