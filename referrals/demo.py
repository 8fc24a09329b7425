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


# --- Operations (issue 16): a past operation with its report, an active one with holds --------------------

JUVENILE_STEPS = [
    "Notify the county's child-welfare liaison",
    "Notify probation if the youth is on probation",
    "Call the on-call juvenile advocate",
]
# (minutes after the start, age, minutes to accept by the demo provider or "declined"/"withdrawn"/None)
PAST_PLACEMENTS = [
    (30, 16, 6),
    (75, 17, 12),
    (120, 19, 4),
    (150, 22, 18),
    (210, 24, 9),
    (260, 31, 25),
    (300, 28, "declined"),
    (340, 15, "withdrawn"),
]
ACTIVE_PLACEMENTS = [(20, 17, 7), (70, 23, None)]


@transaction.atomic
def load_demo_operations(admin, advocate, provider) -> int:
    """Two operations: "Operation: Hot Spots (October)", over, with placements (so its report shows), and
    "Operation: Hot Spots", active now, with held places and two placements. Returns how many operations were
    made (0 when they exist)."""
    from directory.models import OrganizationPage
    from directory.models import ServicePage as Service

    from .models import JuvenileCheck, JuvenileStep, Operation
    from .operations.matching import candidates
    from .operations.models import Hold

    if Operation.objects.filter(name__startswith="Operation: Hot Spots").exists():
        return 0
    for order, label in enumerate(JUVENILE_STEPS):
        JuvenileStep.objects.get_or_create(label=label, defaults={"sort_order": order})
    harbor = provider.membership.organization
    members = list(OrganizationPage.objects.live())
    now = timezone.now()
    past_start = (now - timedelta(days=30)).replace(hour=20, minute=0, second=0, microsecond=0)
    made = []
    for name, start, hours, samples in (
        ("Operation: Hot Spots (October)", past_start, 10, PAST_PLACEMENTS),
        ("Operation: Hot Spots", now - timedelta(hours=2), 10, ACTIVE_PLACEMENTS),
    ):
        operation = Operation.objects.create(
            name=name,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            postal_codes=["95811", "95815", "95823"],
            lead_agency=advocate.membership.organization,
            coordinator=advocate,
            created_by=admin,
        )
        operation.organizations.set(members)
        operation.on_call.set([advocate])
        made.append(operation)
        if operation.is_active:  # the demo provider holds beds for the night
            harbor_shelter = Service.objects.child_of(harbor).live().filter(needs__code="emergency-shelter").first()
            if harbor_shelter is not None:
                Hold.objects.create(
                    operation=operation,
                    service=harbor_shelter,
                    need_id=_need_pk("emergency-shelter"),
                    places=3,
                    held_by=provider,
                )
        for minutes, age, answer in samples:
            _demo_placement(operation, advocate, provider, start + timedelta(minutes=minutes), age, answer, candidates)
    steps = list(JuvenileStep.objects.filter(active=True))
    for placement in made[0].placements.filter(age__lt=18):
        for step in steps[:2]:
            JuvenileCheck.objects.get_or_create(
                placement=placement, step=step, defaults={"done_by": advocate, "done_at": placement.created_at}
            )
    return len(made)


def _need_pk(code):
    from directory.models import Need

    return Need.objects.get(code=code).pk


def _demo_placement(operation, advocate, provider, at, age, answer, candidates):
    facts = {"needs": ["emergency-shelter"], "age": age, "gender": "female", "languages": ["es"]}
    harbor_service = _best_match_at(provider.membership.organization, **facts)
    others = [s.hsds_id for s in candidates(operation, facts, now=at)][:4]
    service_ids = list(dict.fromkeys(([harbor_service] if harbor_service else []) + [str(s) for s in others]))
    if not service_ids:
        return None
    placement = create_referral(
        advocate,
        advocate.membership.organization,
        needs=facts["needs"],
        service_ids=service_ids,
        age=age,
        gender=facts["gender"],
        languages=facts["languages"],
        note="Sample placement for the demo.",
        urgent=True,
        now=at,
        operation=operation,
        mode="first_accept",
    )
    part = placement.recipients.filter(organization=provider.membership.organization).first()
    if part is None or answer is None:
        return placement
    if answer == "withdrawn":
        for other in placement.recipients.all():
            transition(
                other.pk, "withdrawn", actor_for(advocate), reason="placed-elsewhere", now=at + timedelta(minutes=8)
            )
    elif answer == "declined":
        transition(part.pk, "declined", actor_for(provider), reason="no_capacity", now=at + timedelta(minutes=5))
    else:
        transition(part.pk, "accepted", actor_for(provider), now=at + timedelta(minutes=answer))
    return placement
