"""The referral JSON API as a client program sees it."""

import json

import pytest
from django.test import Client

from referrals.access import issue_token, revoke_tokens
from referrals.members import add_member
from referrals.models import ApiToken, AuditEvent, Recipient, Referral

from .conftest import bearer_client, make_referral


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def referral_body(coalition, **changes):
    body = {
        "client": {
            "age": 17,
            "gender": "female",
            "languages": ["es"],
            "trafficking_type": "sex",
            "postal_code": "95814",
        },
        "needs": ["emergency-shelter", "legal-immigration"],
        "urgent": True,
        "note": "Can talk after 6pm.",
        "recipients": [str(coalition.shelter.hsds_id), str(coalition.legal.hsds_id)],
    }
    body.update(changes)
    return body


def test_an_advocate_sends_a_referral_and_gets_its_code_and_recipients(coalition):
    response = post(bearer_client(coalition.advocate), "/api/referrals", referral_body(coalition))
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"id", "client_code", "status", "recipients"}
    assert data["status"] == "open"
    assert {(r["service_id"], r["organization_id"], r["status"]) for r in data["recipients"]} == {
        (str(coalition.shelter.hsds_id), str(coalition.shelter_org.hsds_id), "sent"),
        (str(coalition.legal.hsds_id), str(coalition.legal_org.hsds_id), "sent"),
    }
    referral = Referral.objects.get(pk=data["id"])
    assert (referral.age, referral.gender, referral.languages, referral.postal_code) == (17, "female", ["es"], "95814")
    assert referral.organization == coalition.referring_org and referral.advocate == coalition.advocate
    assert AuditEvent.objects.filter(action="referral.create", referral_id=referral.pk, username="ava").exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"needs": []}, "needs"),
        ({"needs": ["flying-lessons"]}, "needs"),
        ({"client": {"age": -3}}, "age"),
        ({"client": {"gender": "unknown"}}, "gender"),
        ({"client": {"postal_code": "9581"}}, "postal_code"),
        ({"client": {"trafficking_type": "organ"}}, "trafficking_type"),
        ({"recipients": []}, "recipients"),
        ({"recipients": ["not-a-uuid"]}, "recipients"),
        ({"note": "x" * 1001}, "note"),
    ],
)
def test_bad_referrals_are_refused_naming_the_field(coalition, changes, field):
    response = post(bearer_client(coalition.advocate), "/api/referrals", referral_body(coalition, **changes))
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Referral.objects.exists()


def test_services_not_accepting_referrals_cannot_be_recipients(coalition):
    body = referral_body(coalition, recipients=[str(coalition.closed.hsds_id)])
    response = post(bearer_client(coalition.advocate), "/api/referrals", body)
    assert response.status_code == 400
    assert "recipients" in response.json()["error"]["fields"]
    assert not Referral.objects.exists()


def test_a_provider_sees_only_its_own_part_and_opening_marks_it_viewed(coalition, referral):
    data = bearer_client(coalition.provider).get(f"/api/referrals/{referral.pk}").json()
    assert [r["service_id"] for r in data["recipients"]] == [str(coalition.shelter.hsds_id)]
    assert data["recipients"][0]["status"] == "viewed"
    assert data["client"]["age"] == 19 and data["needs"] == ["emergency-shelter"]
    legal = referral.recipients.get(service=coalition.legal)
    assert legal.status == "sent"  # the other organization's part is untouched and unseen
    whole = bearer_client(coalition.advocate).get(f"/api/referrals/{referral.pk}").json()
    assert len(whole["recipients"]) == 2
    assert {r["status"] for r in whole["recipients"]} == {"viewed", "sent"}  # the advocate's look changes nothing


def test_the_list_holds_the_callers_referrals_and_filters_by_status(coalition, referral):
    other = make_referral(coalition, services=[coalition.legal])
    provider = bearer_client(coalition.provider)
    assert [r["id"] for r in provider.get("/api/referrals").json()["results"]] == [str(referral.pk)]
    advocate = bearer_client(coalition.advocate)
    assert {r["id"] for r in advocate.get("/api/referrals").json()["results"]} == {str(referral.pk), str(other.pk)}
    assert bearer_client(coalition.other_advocate).get("/api/referrals").json()["results"] == []

    recipient = referral.recipients.get(service=coalition.shelter)
    post(provider, f"/api/referrals/{referral.pk}/recipients/{recipient.pk}/transition", {"to": "accepted"})
    accepted = advocate.get("/api/referrals?status=accepted").json()["results"]
    assert [r["id"] for r in accepted] == [str(referral.pk)]
    assert advocate.get("/api/referrals?status=closed").json()["results"] == []
    assert advocate.get("/api/referrals?status=bogus").status_code == 400


def test_transitions_through_the_api_and_clear_errors_when_illegal(coalition, referral):
    recipient = referral.recipients.get(service=coalition.shelter)
    url = f"/api/referrals/{referral.pk}/recipients/{recipient.pk}/transition"
    provider = bearer_client(coalition.provider)
    response = post(provider, url, {"to": "declined", "reason": "no_capacity"})
    assert response.status_code == 200
    assert response.json()["status"] == "declined" and response.json()["decline_reason"] == "no_capacity"
    again = post(provider, url, {"to": "accepted"})
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "illegal_transition"
    assert "Declined" in again.json()["error"]["message"]
    assert post(provider, url, {"to": "flying"}).status_code == 400
    assert Recipient.objects.get(pk=recipient.pk).status == "declined"


def test_a_recipient_of_another_referral_is_not_found(coalition, referral):
    other = make_referral(coalition, services=[coalition.shelter])
    foreign = other.recipients.get()
    url = f"/api/referrals/{referral.pk}/recipients/{foreign.pk}/transition"
    assert post(bearer_client(coalition.provider), url, {"to": "accepted"}).status_code == 404


def test_unknown_revoked_and_outdated_tokens_get_401(coalition, referral):
    assert Client(HTTP_AUTHORIZATION="Bearer rt_nonsense").get("/api/referrals").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Basic abc").get("/api/referrals").status_code == 401
    token = issue_token(coalition.provider)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/referrals").status_code == 200
    revoke_tokens(coalition.provider)
    assert client.get("/api/referrals").status_code == 401

    token = issue_token(coalition.other_provider)
    add_member("lee", "lee@justice.example", "advocate", coalition.legal_org)  # the role changed
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/referrals").status_code == 401


def test_tokens_are_stored_hashed_and_carry_the_role(coalition):
    token = issue_token(coalition.advocate)
    stored = ApiToken.objects.get(user=coalition.advocate)
    assert token not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
    assert stored.role == "advocate"


def test_session_posts_need_csrf_but_bearer_posts_do_not(coalition):
    session = Client(enforce_csrf_checks=True)
    session.force_login(coalition.advocate)
    response = post(session, "/api/referrals", referral_body(coalition))
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    session.get("/referrals/new/")  # a page with a form sets the CSRF cookie
    token = session.cookies["csrftoken"].value
    response = session.post(
        "/api/referrals",
        data=json.dumps(referral_body(coalition)),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201
    bearer = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {issue_token(coalition.advocate)}")
    assert post(bearer, "/api/referrals", referral_body(coalition)).status_code == 201


def test_match_returns_ranked_services_with_reasons(coalition):
    response = post(
        bearer_client(coalition.advocate), "/api/referrals/match", {"needs": ["emergency-shelter"], "age": 30}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["service_id"] for r in results] == [str(coalition.shelter.hsds_id)]
    assert response.json()["backend"] in {"database", "elasticsearch"}
    bad = post(bearer_client(coalition.advocate), "/api/referrals/match", {"age": 30})
    assert bad.status_code == 400 and "needs" in bad.json()["error"]["fields"]


def test_every_read_and_write_is_audited_without_the_data(coalition, referral):
    client = bearer_client(coalition.provider)
    client.get(f"/api/referrals/{referral.pk}", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="referral.read")
    assert (event.username, event.role, event.referral_id, event.ip) == ("pat", "provider", referral.pk, "10.1.2.3")
    client.get("/api/referrals")
    assert AuditEvent.objects.filter(action="referral.list", referral_id=referral.pk).count() == 1
    texts = " ".join(str(v) for v in AuditEvent.objects.values_list("action", "detail", "username"))
    assert referral.client_code not in texts and referral.note not in texts
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        event.save()


def test_the_api_re_checks_chosen_services_and_records_an_override(coalition):
    client = bearer_client(coalition.advocate)
    body = referral_body(coalition, needs=["emergency-shelter"], recipients=[str(coalition.legal.hsds_id)])

    refused = post(client, "/api/referrals", body)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid"
    assert "provides none of the needs" in refused.json()["error"]["fields"]["recipients"]
    assert Referral.objects.count() == 0

    bad_reason = post(client, "/api/referrals", {**body, "overrides": {str(coalition.legal.hsds_id): "because"}})
    assert bad_reason.status_code == 400

    sent = post(client, "/api/referrals", {**body, "overrides": {str(coalition.legal.hsds_id): "no-other-service"}})
    assert sent.status_code == 201
    event = AuditEvent.objects.get(action="recipient.override")
    assert event.referral_id == Referral.objects.get().pk
    assert (event.detail, event.channel) == ("no-other-service:needs", "api")
