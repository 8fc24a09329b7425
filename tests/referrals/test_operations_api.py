"""The operations API (issue 16 §7, CONTRACT §6): bearer tokens, the error envelope and the access matrix."""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from referrals.members import add_member
from referrals.models import Operation, Referral

from .conftest import bearer_client

PLACEMENT = {"client": {"age": 16, "languages": ["es"]}, "needs": ["emergency-shelter"], "urgent": True}


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_creating_an_operation_coalition_admins_only(ops):
    coalition = ops.coalition
    start = timezone.now() + timedelta(days=1)
    body = {
        "name": "Operation: Hot Spots II",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(days=3)).isoformat(),
        "postal_codes": ["95814", "95815"],
        "organization_ids": [str(coalition.shelter_org.hsds_id), str(coalition.legal_org.hsds_id)],
    }
    assert post(Client(), "/api/operations", body).status_code == 401
    for user in (coalition.advocate, coalition.provider):
        refused = post(bearer_client(user), "/api/operations", body)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    created = post(bearer_client(coalition.admin), "/api/operations", body)
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "planned" and data["postal_codes"] == ["95814", "95815"]
    assert data["organization_ids"] == sorted(body["organization_ids"])
    operation = Operation.objects.get(pk=data["id"])
    assert operation.max_recipients == 8 and operation.widen_after_minutes == 10 and operation.radius_miles == 25

    bad = post(
        bearer_client(coalition.admin), "/api/operations", {**body, "ends_at": body["starts_at"], "postal_codes": ["x"]}
    )
    assert bad.status_code == 400 and {"ends_at", "postal_codes"} <= set(bad.json()["error"]["fields"])


def test_filing_a_placement_and_the_first_accept_through_the_api(ops):
    coalition = ops.coalition
    url = f"/api/operations/{ops.operation.pk}/placements"
    assert post(Client(), url, PLACEMENT).status_code == 401
    for user in (coalition.provider, coalition.admin):
        assert post(bearer_client(user), url, PLACEMENT).status_code == 403
    advocate = bearer_client(ops.on_call)
    assert post(advocate, "/api/operations/999999/placements", PLACEMENT).status_code == 404
    assert post(advocate, "/api/operations/nope/placements", PLACEMENT).status_code == 404
    chosen = post(advocate, url, {**PLACEMENT, "recipients": [str(coalition.shelter.hsds_id)]})
    assert chosen.status_code == 400 and "recipients" in chosen.json()["error"]["fields"]

    filed = post(advocate, url, {**PLACEMENT, "max_recipients": 3, "idempotency_key": "form-7"})
    assert filed.status_code == 201, filed.json()
    placement = filed.json()
    assert placement["operation_id"] == ops.operation.pk and placement["mode"] == "first_accept"
    assert len(placement["recipients"]) == 3 and placement["client"]["age"] == 16
    # The same shape as GET /api/referrals/{id}, plus the two fields.
    read = advocate.get(f"/api/referrals/{placement['id']}").json()
    assert set(read) | {"operation_id", "mode"} == set(placement)
    again = post(advocate, url, {**PLACEMENT, "max_recipients": 3, "idempotency_key": "form-7"})
    assert again.status_code == 201 and again.json()["id"] == placement["id"]
    assert Referral.objects.filter(operation=ops.operation).count() == 1

    first, second = placement["recipients"][0], placement["recipients"][1]
    winner, _ = add_member("wyn", "wyn@example.org", "provider", _org(first))
    loser, _ = add_member("lou", "lou@example.org", "provider", _org(second))
    transition = "/api/referrals/{}/recipients/{}/transition"
    accepted = post(bearer_client(winner), transition.format(placement["id"], first["id"]), {"to": "accepted"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    late = post(bearer_client(loser), transition.format(placement["id"], second["id"]), {"to": "accepted"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "filled"
    parts = {r["id"]: r for r in advocate.get(f"/api/referrals/{placement['id']}").json()["recipients"]}
    for part in placement["recipients"][1:]:
        assert parts[part["id"]]["status"] == "withdrawn" and parts[part["id"]]["reason"] == "filled"


def _org(recipient):
    from directory.models import OrganizationPage

    return OrganizationPage.objects.get(hsds_id=recipient["organization_id"])


def test_outside_the_window_a_placement_is_refused_with_400(ops):
    Operation.objects.filter(pk=ops.operation.pk).update(closed_at=timezone.now())
    refused = post(bearer_client(ops.coalition.advocate), f"/api/operations/{ops.operation.pk}/placements", PLACEMENT)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "outside_window"
    assert set(refused.json()["error"]) == {"code", "message", "fields"}


def test_the_report_for_coalition_admins_and_the_coordinator_only(ops):
    coalition = ops.coalition
    url = f"/api/operations/{ops.operation.pk}/report"
    assert Client().get(url).status_code == 401
    assert bearer_client(coalition.provider).get(url).status_code == 403
    assert bearer_client(coalition.advocate).get(url).status_code == 404  # not its coordinator
    assert bearer_client(coalition.admin).get("/api/operations/999999/report").status_code == 404
    for user in (coalition.admin, ops.coordinator):
        response = bearer_client(user).get(url)
        assert (
            response.status_code == 200
            and response["Cache-Control"].startswith("max-age=0")
            or "no-store" in (response["Cache-Control"])
        )
        assert response.json()["placements"] == 0 and response.json()["by_age_band"] == {
            "minors": 0,
            "18-24": 0,
            "25+": 0,
        }
