"""Field placements of an operation (issue 16 §3): sent at once, held places first, the first yes wins."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals.access import actor_for
from referrals.actions import transition
from referrals.errors import ReferralError
from referrals.members import add_member
from referrals.models import Notification, Operation, Recipient, RecipientStatus, Referral
from referrals.operations import actions as ops_actions

from .conftest import caller

SHELTER = {"needs": ["emergency-shelter"], "age": 22, "languages": ["es"]}


def _services(placement):
    return {r.service for r in placement.recipients.all()}


def test_a_placement_goes_at_once_to_every_fitting_service_in_the_operations_radius(ops):
    coalition = ops.coalition
    placement = ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER)
    assert placement.operation == ops.operation and placement.mode == "first_accept"
    # Every accepting emergency shelter within 25 miles of the operation's ZIP, and not the one 80 miles away.
    assert _services(placement) == {coalition.shelter, *ops.shelters}
    assert all(r.status == RecipientStatus.SENT for r in placement.recipients.all())
    assert Notification.objects.filter(kind="new_referral").count() == 6

    # The request's radius (from the client's ZIP) widens the reach; max_recipients caps it.
    wide = ops_actions.file_placement(
        caller(coalition.advocate), ops.operation.pk, {**SHELTER, "postal_code": "95814", "radius_miles": 200}
    )
    assert ops.far in _services(wide) and len(_services(wide)) == 7
    capped = ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER, max_recipients=2)
    assert len(_services(capped)) == 2
    # Without a radius or a client ZIP, the operation's own radius applies from the operation's ZIP codes.
    ops.operation.radius_miles = 200
    ops.operation.save()
    assert ops.far in _services(ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER))


def test_services_with_free_held_places_come_first(ops):
    coalition = ops.coalition
    holder, _ = add_member("hana", "hana@shelter4.example", "provider", ops.shelters[4].organization)
    hold = ops_actions.hold_places(
        caller(holder), ops.operation.pk, str(ops.shelters[4].hsds_id), "emergency-shelter", 1
    )
    first = ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER, max_recipients=1)
    assert _services(first) == {ops.shelters[4]}
    # Once the held place is used, the hold no longer ranks that service first.
    transition(caller(holder), first.recipients.get().pk, "accepted")
    ready = ops_actions.readiness(ops.operation)["emergency-shelter"]
    assert (ready["held"], ready["used"], ready["free"]) == (1, 1, 0)
    second = ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER, max_recipients=1)
    assert _services(second) != {ops.shelters[4]}
    # A released hold counts no more.
    ops_actions.release_hold(caller(holder), hold.pk)
    assert ops_actions.readiness(ops.operation) == {}


def test_a_double_submitted_placement_makes_one(ops):
    advocate = caller(ops.coalition.advocate)
    first = ops_actions.file_placement(advocate, ops.operation.pk, SHELTER, idempotency_key="tap-1")
    again = ops_actions.file_placement(advocate, ops.operation.pk, SHELTER, idempotency_key="tap-1")
    assert again.pk == first.pk and again.replayed and not first.replayed
    assert Referral.objects.filter(operation=ops.operation).count() == 1
    other = ops_actions.file_placement(advocate, ops.operation.pk, SHELTER, idempotency_key="tap-2")
    assert other.pk != first.pk


def test_placements_are_filed_only_while_the_operation_is_active_and_only_by_advocates(ops):
    coalition = ops.coalition
    now = timezone.now()
    Operation.objects.filter(pk=ops.operation.pk).update(starts_at=now + timedelta(hours=1))
    with pytest.raises(ReferralError) as planned:
        ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER)
    assert planned.value.code == "outside_window"
    Operation.objects.filter(pk=ops.operation.pk).update(starts_at=now - timedelta(hours=2), closed_at=now)
    with pytest.raises(ReferralError) as closed:
        ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER)
    assert closed.value.code == "outside_window"
    for user in (coalition.provider, coalition.admin):
        with pytest.raises(ReferralError) as refused:
            ops_actions.file_placement(caller(user), ops.operation.pk, SHELTER)
        assert refused.value.code == "forbidden"
    with pytest.raises(ReferralError) as unknown:
        ops_actions.file_placement(caller(coalition.advocate), 999999, SHELTER)
    assert unknown.value.code == "not_found"
    assert not Referral.objects.filter(operation=ops.operation).exists()


def test_the_first_accept_wins_and_the_others_are_withdrawn_as_filled(ops):
    coalition = ops.coalition
    placement = ops_actions.file_placement(caller(coalition.advocate), ops.operation.pk, SHELTER)
    winner = placement.recipients.get(service=ops.shelters[0])
    winner_provider, _ = add_member("wes", "wes@shelter0.example", "provider", ops.shelters[0].organization)
    Notification.objects.all().delete()
    transition(caller(winner_provider), winner.pk, "accepted")

    others = placement.recipients.exclude(pk=winner.pk)
    assert others.count() == 5
    for part in others:
        assert part.status == RecipientStatus.WITHDRAWN and part.withdraw_reason == "filled"
        event = part.events.last()
        assert (event.to_status, event.reason, event.actor_id) == ("withdrawn", "filled", None)
    filled = Notification.objects.filter(kind="filled")
    expected = ["pat@harbor.example"] + [f"desk{n}@shelter{n}.example" for n in range(1, 5)]
    assert sorted(a for n in filled for a in n.to) == sorted(expected)
    for notice in filled:  # content-free: no client code, need or service name
        assert placement.client_code not in notice.body and "Night Beds" not in notice.body
        assert "emergency" not in notice.body.lower() and placement.client_code not in notice.subject

    # A later accept is refused as filled, whoever tries it.
    with pytest.raises(ReferralError) as late:
        transition(caller(coalition.provider), placement.recipients.get(service=coalition.shelter).pk, "accepted")
    assert late.value.code == "filled"
    assert Recipient.objects.filter(referral=placement, status="accepted").count() == 1


def test_an_ordinary_referral_is_not_first_accept(coalition):
    from .conftest import make_referral

    referral = make_referral(coalition)
    transition(caller(coalition.provider), referral.recipients.get(service=coalition.shelter).pk, "accepted")
    legal = referral.recipients.get(service=coalition.legal)
    assert legal.status == RecipientStatus.SENT
    assert transition(caller(coalition.other_provider), legal.pk, "accepted").status == "accepted"


def test_only_on_the_operations_own_services_the_providers_hold_places(ops):
    coalition = ops.coalition
    with pytest.raises(ReferralError) as not_ours:
        ops_actions.hold_places(
            caller(coalition.provider), ops.operation.pk, str(ops.shelters[0].hsds_id), "emergency-shelter", 2
        )
    assert not_ours.value.code == "invalid" and "service_id" in not_ours.value.fields
    with pytest.raises(ReferralError) as not_participating:
        ops_actions.hold_places(
            caller(coalition.other_provider), ops.operation.pk, str(coalition.legal.hsds_id), "legal-immigration", 2
        )
    assert not_participating.value.code == "not_found"
    hold = ops_actions.hold_places(
        caller(coalition.provider), ops.operation.pk, str(coalition.shelter.hsds_id), "emergency-shelter", 2
    )
    assert hold.window == (ops.operation.starts_at, ops.operation.ends_at)
    assert ops_actions.readiness(ops.operation)["emergency-shelter"]["held"] == 2
    assert list(ops_actions.standby(caller(coalition.provider))) == [ops.operation]
    assert actor_for(coalition.provider).organization_id == coalition.shelter_org.pk
