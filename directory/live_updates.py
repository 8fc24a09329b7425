"""Changes a member makes at once, without review: a service's availability and "this listing is correct".

Both write the LIVE page row directly and patch the newest draft revision (and the live revision) too, so a
later publish of an older draft does not quietly undo them.
"""

from django.db import transaction
from django.utils import timezone

from .hooks import listing_changed
from .models import CapacityChange, OrganizationPage, ServicePage


def _patch_revisions(page, fields: dict) -> None:
    """Write `fields` into the page's latest and live revisions' stored content."""
    from wagtail.models import Revision

    revision_ids = {page.latest_revision_id, page.live_revision_id} - {None}
    for revision in Revision.objects.filter(pk__in=revision_ids):
        revision.content.update(fields)
        revision.save(update_fields=["content"])


def _serialise(fields: dict) -> dict:
    """Revision content is JSON: the same shapes Wagtail stores (ISO strings for dates and times)."""
    out = {}
    for key, value in fields.items():
        out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def update_availability(
    service: ServicePage, user, accepting: bool, note: str = "", places_free: int | None = None
) -> CapacityChange:
    """Say whether `service` accepts referrals now, and its capacity; logged and reindexed at once.

    `places_free` (beds or places free now; None = not said) is what matching ranks on for 72 hours.

    Every statement is logged, even a repeat: "2 beds free" said again today is news (its time renews).
    """
    note = (note or "").strip()[:120]
    now = timezone.now()
    with transaction.atomic():
        service = ServicePage.objects.select_for_update().get(pk=service.pk)
        change = CapacityChange.objects.create(
            service=service,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
            changed_at=now,
            old_accepting=service.accepting_referrals,
            new_accepting=accepting,
            old_note=service.capacity_note,
            new_note=note,
            old_places_free=service.places_free,
            new_places_free=places_free,
        )
        fields = {
            "accepting_referrals": accepting,
            "capacity_note": note,
            "places_free": places_free,
            "capacity_updated_at": now,
        }
        ServicePage.objects.filter(pk=service.pk).update(**fields)
        _patch_revisions(service, _serialise(fields))
        from wagtail.log_actions import log

        # The page's history (and the coalition's "recent changes" report) shows it beside reviewed edits.
        log(instance=service, action="directory.availability_updated", user=change.changed_by)
        # Inside the transaction: the receivers act when it commits, never for a change rolled back.
        listing_changed.send(sender=ServicePage, page_id=service.pk)
    return change


@transaction.atomic
def confirm_listing(organization: OrganizationPage, user=None, today=None) -> OrganizationPage:
    """Record that `organization`'s listing is still correct (sets last_verified on the live page)."""
    today = today or timezone.localdate()
    OrganizationPage.objects.filter(pk=organization.pk).update(last_verified=today)
    _patch_revisions(organization, _serialise({"last_verified": today}))
    from wagtail.log_actions import log

    log(instance=organization, action="directory.listing_verified", user=user)
    organization.last_verified = today
    return organization
