"""Operations (issue 16): the derived status and the coalition admin's screens in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from referrals.models import Operation, OperationStatus


def _operation(start_hours, end_hours, closed_hours=None, name="Op"):
    now = timezone.now()
    return Operation.objects.create(
        name=name,
        starts_at=now + timedelta(hours=start_hours),
        ends_at=now + timedelta(hours=end_hours),
        closed_at=None if closed_hours is None else now + timedelta(hours=closed_hours),
    )


@pytest.mark.django_db
def test_the_status_follows_the_window_and_a_manual_close_at_once():
    planned = _operation(2, 10, name="planned")
    active = _operation(-1, 10, name="active")
    ended = _operation(-10, -1, name="ended")
    closed_early = _operation(-5, 10, closed_hours=-1, name="closed early")
    assert planned.status == OperationStatus.PLANNED
    assert active.status == OperationStatus.ACTIVE
    assert ended.status == closed_early.status == OperationStatus.CLOSED
    # The same, in the database, and at any moment (no job moves it).
    assert set(Operation.objects.planned().values_list("name", flat=True)) == {"planned"}
    assert set(Operation.objects.active().values_list("name", flat=True)) == {"active"}
    assert set(Operation.objects.closed().values_list("name", flat=True)) == {"ended", "closed early"}
    later = timezone.now() + timedelta(hours=3)
    assert planned.status_at(later) == OperationStatus.ACTIVE
    assert set(Operation.objects.active(later).values_list("name", flat=True)) == {"planned", "active"}
    statuses = dict(Operation.objects.with_status().values_list("name", "current_status"))
    assert statuses == {"planned": "planned", "active": "active", "ended": "closed", "closed early": "closed"}


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coalition_admin_creates_an_operation_in_the_admin_and_sees_its_status(ops):
    coalition = ops.coalition
    admin = _admin(coalition.admin)
    start = timezone.localtime() + timedelta(days=2)
    data = {
        "name": "Operation: Night Watch",
        "starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (start + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
        "postal_codes": "95814, 95815",
        "lead_agency": coalition.referring_org.pk,
        "organizations": [coalition.shelter_org.pk, coalition.legal_org.pk],
        "coordinator": ops.coordinator.pk,
        "on_call": [ops.on_call.pk],
        "radius_miles": "30",
        "widen_after_minutes": "15",
        "max_recipients": "6",
    }
    response = admin.post("/admin/snippets/referrals/operation/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    operation = Operation.objects.get(name="Operation: Night Watch")
    assert operation.postal_codes == ["95814", "95815"]
    assert operation.status == OperationStatus.PLANNED and operation.created_by == coalition.admin
    assert set(operation.organizations.all()) == {coalition.shelter_org, coalition.legal_org}
    assert list(operation.on_call.all()) == [ops.on_call]
    assert (operation.radius_miles, operation.widen_after_minutes, operation.max_recipients) == (30, 15, 6)
    listing = admin.get("/admin/snippets/referrals/operation/").content.decode()
    assert "Operation: Night Watch" in listing and "Planned" in listing and "Active" in listing

    # Closing by hand: the status is closed at once.
    edit = f"/admin/snippets/referrals/operation/edit/{operation.pk}/"
    assert admin.post(edit, {**data, "close_now": "on"}).status_code == 302
    operation.refresh_from_db()
    assert operation.status == OperationStatus.CLOSED and operation.closed_by == coalition.admin


def test_the_admin_form_refuses_a_bad_zip_an_inverted_window_and_a_provider_as_coordinator(ops):
    coalition = ops.coalition
    now = timezone.localtime()
    response = _admin(coalition.admin).post(
        "/admin/snippets/referrals/operation/add/",
        {
            "name": "Bad",
            "starts_at": now.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "postal_codes": "9581",
            "coordinator": coalition.provider.pk,
            "radius_miles": "25",
            "widen_after_minutes": "10",
            "max_recipients": "8",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"postal_codes", "ends_at", "coordinator"} <= set(errors)
    assert not Operation.objects.filter(name="Bad").exists()


def test_providers_and_advocates_do_not_reach_the_operations_admin(ops):
    for user in (ops.coalition.provider, ops.coalition.advocate):
        response = _admin(user).get("/admin/snippets/referrals/operation/")
        assert response.status_code in (302, 403)
