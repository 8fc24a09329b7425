"""Widening (issue 16 §3): a placement unanswered for the operation's widen_after_minutes goes to the next
services and the coordinator is alerted (a board entry and a content-free email); run by the periodic jobs."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from referrals.access import actor_for
from referrals.lifecycle import transition
from referrals.members import add_member
from referrals.models import Notification, Operation, OperationAlert, Referral
from referrals.operations import actions as ops_actions
from serving.worker import sweep

from .conftest import caller

SHELTER = {"needs": ["emergency-shelter"], "age": 20}


def _file(ops, max_recipients=2):
    Operation.objects.filter(pk=ops.operation.pk).update(max_recipients=max_recipients)
    ops.operation.refresh_from_db()
    return ops_actions.file_placement(caller(ops.coalition.advocate), ops.operation.pk, SHELTER)


def test_an_unanswered_placement_widens_after_the_operations_minutes_and_alerts_the_coordinator(ops):
    placement = _file(ops)
    start = placement.created_at
    first_services = set(placement.recipients.values_list("service_id", flat=True))
    assert len(first_services) == 2
    assert ops_actions.widen_unanswered(now=start + timedelta(minutes=9)) == 0
    Notification.objects.all().delete()

    assert ops_actions.widen_unanswered(now=start + timedelta(minutes=11)) == 1
    placement.refresh_from_db()
    assert placement.widen_rounds == 1 and placement.widened_at == start + timedelta(minutes=11)
    widened = placement.recipients.filter(widen_round=1)
    assert widened.count() == 2 and not first_services & set(widened.values_list("service_id", flat=True))
    assert list(OperationAlert.objects.values_list("kind", "placement_id")) == [("widened", placement.pk)]
    alert = Notification.objects.get(kind="operation_alert")
    assert alert.to == ["cody@referring.example"]
    assert placement.client_code not in alert.body and "shelter" not in alert.body.lower()
    assert f"/referrals/operations/{placement.operation_id}/board/" in alert.body  # straight to the board
    assert Notification.objects.filter(kind="new_referral").count() == 2

    # The clock restarts at the widening; then the next round; then nothing is left to add.
    assert ops_actions.widen_unanswered(now=start + timedelta(minutes=15)) == 0
    assert ops_actions.widen_unanswered(now=start + timedelta(minutes=22)) == 1
    assert placement.recipients.count() == 6
    assert ops_actions.widen_unanswered(now=start + timedelta(minutes=33)) == 0
    assert OperationAlert.objects.filter(kind="no_more_services").count() == 1


def test_an_accepted_placement_or_one_of_a_closed_operation_does_not_widen(ops):
    accepted = _file(ops)
    first = accepted.recipients.first()
    provider, _ = add_member("pia", "pia@example.org", "provider", first.organization)
    transition(first.pk, "accepted", actor_for(provider))
    later = timezone.now() + timedelta(minutes=30)
    assert ops_actions.widen_unanswered(now=later) == 0
    waiting = _file(ops)
    Operation.objects.filter(pk=ops.operation.pk).update(closed_at=timezone.now())
    assert ops_actions.widen_unanswered(now=later) == 0
    assert waiting.recipients.count() == 2 and not OperationAlert.objects.exists()


def test_the_worker_sweep_and_expire_referrals_widen(ops, capsys):
    placement = _file(ops)
    Referral.objects.filter(pk=placement.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert sweep()["widened"] == 1
    assert placement.recipients.count() == 4
    Referral.objects.filter(pk=placement.pk).update(widened_at=timezone.now() - timedelta(minutes=11))
    call_command("expire_referrals")
    assert "widened 1 placement(s)" in capsys.readouterr().out
    assert placement.recipients.count() == 6
