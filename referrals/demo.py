"""Sample referrals for the demo, made through the real lifecycle so every screen has something to show.

They carry no client details and a neutral note. Loading is idempotent: nothing is added when the demo
advocate already has referrals.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from search.service import match

from .access import actor_for
from .lifecycle import create_referral, transition
from .models import Referral

# (hours ago, needs, age, gender, languages, trafficking type, ZIP, urgent, what the provider did)
SAMPLES = [
    (2, ["emergency-shelter"], 16, "female", ["es"], "sex", "95823", True, []),
    (5, ["emergency-shelter", "case-management"], 24, "female", ["en"], "sex", "95815", True, ["viewed"]),
    (30, ["emergency-shelter"], 31, "female", ["ru", "en"], "labor", "95610", False, ["accepted"]),
    (52, ["emergency-shelter"], 19, "transgender-nonbinary", ["en"], "", "95814", False, [("declined", "no_capacity")]),
    (80, ["emergency-shelter"], 45, "male", ["es"], "labor", "95624", False, ["accepted", ("completed", "engaged")]),
    (100, ["emergency-shelter", "basic-needs"], 22, "female", ["hmn", "en"], "sex", "95817", False, ["info_requested"]),
]


@transaction.atomic
def load_demo_referrals(advocate, provider) -> int:
    """Create the sample referrals from `advocate` to `provider`'s organization. Returns how many were made."""
    if Referral.objects.filter(advocate=advocate).exists():
        return 0
    provider_actor = actor_for(provider)
    organization = provider.membership.organization
    made = 0
    now = timezone.now()
    for hours_ago, needs, age, gender, languages, kind, zip_code, urgent, moves in SAMPLES:
        service_id = _best_match_at(
            organization, needs=needs, age=age, gender=gender, languages=languages, trafficking_type=kind, urgent=urgent
        )
        if service_id is None:
            continue
        sent_at = now - timedelta(hours=hours_ago)
        referral = create_referral(
            advocate,
            advocate.membership.organization,
            needs=needs,
            service_ids=[service_id],
            age=age,
            gender=gender,
            languages=languages,
            trafficking_type=kind,
            postal_code=zip_code,
            urgent=urgent,
            note="Sample referral for the demo.",
            now=sent_at,
        )
        recipient = referral.recipients.get()
        for step, move in enumerate(moves, start=1):
            to, detail = (move, "") if isinstance(move, str) else move
            transition(
                recipient.pk,
                to,
                provider_actor,
                reason=detail if to == "declined" else "",
                outcome=detail if to == "completed" else "",
                now=sent_at + timedelta(minutes=40 * step),
            )
        made += 1
    return made


def _best_match_at(organization, **facts) -> str | None:
    """The organization's best-ranked service for these facts, from the matching engine (so it is eligible)."""
    request = {key: value for key, value in facts.items() if value not in ("", None, [])}
    for result in match({**request, "limit": 100})["results"]:
        if result["organization_id"] == str(organization.hsds_id):
            return result["service_id"]
    return None
