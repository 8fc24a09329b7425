"""The juvenile protocol (issue 16 §4): a placement for a client under 18 shows the coalition's configured steps
as a checklist and records who ticked each and when; no client facts. And closing an operation by hand."""

import pytest

from referrals.errors import ReferralError
from referrals.models import AuditEvent, JuvenileCheck, JuvenileStep, OperationStatus
from referrals.operations import actions as ops_actions

from .conftest import caller


def _steps():
    return [
        JuvenileStep.objects.create(label="Notify the child-welfare liaison", sort_order=1),
        JuvenileStep.objects.create(label="Call the on-call juvenile advocate", sort_order=2),
        JuvenileStep.objects.create(label="Retired step", sort_order=3, active=False),
    ]


def test_a_minors_placement_records_each_step_with_who_and_when(ops):
    liaison, on_call_step, retired = _steps()
    placement = ops_actions.file_placement(
        caller(ops.coalition.advocate), ops.operation.pk, {"needs": ["emergency-shelter"], "age": 15}
    )
    checklist = ops_actions.juvenile_checklist(caller(ops.coalition.advocate), placement.pk)
    assert [(step.label, check) for step, check in checklist] == [
        ("Notify the child-welfare liaison", None),
        ("Call the on-call juvenile advocate", None),
    ]
    check = ops_actions.complete_juvenile_step(caller(ops.on_call), placement.pk, liaison.pk)
    assert check.done_by == ops.on_call and check.done_at is not None
    again = ops_actions.complete_juvenile_step(caller(ops.coordinator), placement.pk, liaison.pk)
    assert again.pk == check.pk and JuvenileCheck.objects.count() == 1  # the first tick stands
    assert AuditEvent.objects.filter(action="placement.juvenile_step", referral_id=placement.pk).count() == 1
    row = next(r for r in ops_actions.board(ops.operation) if r["id"] == placement.pk)
    assert (row["juvenile"], row["juvenile_steps_done"], row["juvenile_steps_total"]) == (True, 1, 2)

    with pytest.raises(ReferralError) as retired_step:
        ops_actions.complete_juvenile_step(caller(ops.coalition.advocate), placement.pk, retired.pk)
    assert retired_step.value.code == "invalid"
    for outsider in (ops.coalition.other_advocate, ops.coalition.provider):  # neither filer, on call nor coordinator
        with pytest.raises(ReferralError) as hidden:
            ops_actions.complete_juvenile_step(caller(outsider), placement.pk, on_call_step.pk)
        assert hidden.value.code == "not_found"


def test_the_protocol_is_for_minors_only(ops):
    _steps()
    adult = ops_actions.file_placement(
        caller(ops.coalition.advocate), ops.operation.pk, {"needs": ["emergency-shelter"], "age": 30}
    )
    with pytest.raises(ReferralError) as refused:
        ops_actions.juvenile_checklist(caller(ops.coalition.advocate), adult.pk)
    assert refused.value.code == "invalid"


def test_closing_an_operation_by_hand(ops):
    with pytest.raises(ReferralError) as not_admin:
        ops_actions.close_operation(caller(ops.coordinator), ops.operation.pk)
    assert not_admin.value.code == "forbidden"
    closed = ops_actions.close_operation(caller(ops.coalition.admin), ops.operation.pk)
    assert closed.status == OperationStatus.CLOSED and closed.closed_by == ops.coalition.admin
    assert ops_actions.report(closed)["final"] is True
    with pytest.raises(ReferralError) as twice:
        ops_actions.close_operation(caller(ops.coalition.admin), ops.operation.pk)
    assert twice.value.code == "invalid"
