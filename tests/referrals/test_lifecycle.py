"""A recipient's statuses move only along the allowed paths, each change recorded with who and when."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from referrals.access import actor_for
from referrals.lifecycle import TransitionError, expire_overdue, transition
from referrals.models import Notification, RecipientStatus, Referral

from .conftest import make_referral

S = RecipientStatus


def shelter_recipient(referral, coalition):
    return referral.recipients.get(service=coalition.shelter)


def test_a_referral_gets_a_random_code_and_one_recipient_per_service(coalition):
    first, second = make_referral(coalition), make_referral(coalition)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", first.client_code)
    assert first.client_code != second.client_code
    assert [r.status for r in first.recipients.all()] == [S.SENT, S.SENT]
    assert {r.organization for r in first.recipients.all()} == {coalition.shelter_org, coalition.legal_org}
    assert first.status == "open"


def test_the_client_code_is_not_derived_from_the_facts(coalition):
    codes = {make_referral(coalition, age=30, postal_code="95814").client_code for _ in range(5)}
    assert len(codes) == 5


def test_provider_walks_a_referral_from_sent_to_completed_and_each_step_is_recorded(coalition, referral):
    provider = actor_for(coalition.provider)
    recipient = shelter_recipient(referral, coalition)
    for to in (S.VIEWED, S.INFO_REQUESTED, S.ACCEPTED):
        recipient = transition(recipient.pk, to, provider)
    recipient = transition(recipient.pk, S.COMPLETED, provider, outcome="engaged")
    assert recipient.status == S.COMPLETED and recipient.outcome == "engaged"
    events = list(recipient.events.values_list("from_status", "to_status", "actor__username"))
    assert events == [
        ("", S.SENT, "ava"),
        (S.SENT, S.VIEWED, "pat"),
        (S.VIEWED, S.INFO_REQUESTED, "pat"),
        (S.INFO_REQUESTED, S.ACCEPTED, "pat"),
        (S.ACCEPTED, S.COMPLETED, "pat"),
    ]
    assert all(e.at is not None for e in recipient.events.all())
    assert recipient.first_response_at is not None


def test_answering_an_unopened_referral_records_that_it_was_viewed_first(coalition, referral):
    recipient = transition(shelter_recipient(referral, coalition).pk, S.ACCEPTED, actor_for(coalition.provider))
    assert list(recipient.events.values_list("to_status", flat=True)) == [S.SENT, S.VIEWED, S.ACCEPTED]


@pytest.mark.parametrize(
    "path, illegal",
    [
        ([], S.COMPLETED),  # cannot complete what was never accepted
        ([S.ACCEPTED, S.COMPLETED], S.DECLINED),  # completed is final
        ([("declined", "no_capacity")], S.ACCEPTED),  # declined is final
        ([S.ACCEPTED], S.INFO_REQUESTED),  # after accepting, only completion remains
        ([S.VIEWED], S.VIEWED),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(coalition, referral, path, illegal):
    provider = actor_for(coalition.provider)
    recipient = shelter_recipient(referral, coalition)
    for step in path:
        to, reason = step if isinstance(step, tuple) else (step, "")
        transition(recipient.pk, to, provider, reason=reason, outcome="engaged")
    before = recipient.events.count()
    with pytest.raises(TransitionError) as refused:
        transition(recipient.pk, illegal, provider, reason="other", outcome="engaged")
    assert refused.value.code == "illegal_transition"
    assert "cannot become" in refused.value.message
    assert recipient.events.count() == before


def test_a_decline_needs_one_of_the_known_reasons(coalition, referral):
    recipient = shelter_recipient(referral, coalition)
    with pytest.raises(TransitionError) as refused:
        transition(recipient.pk, S.DECLINED, actor_for(coalition.provider), reason="because")
    assert "reason" in refused.value.fields
    recipient = transition(recipient.pk, S.DECLINED, actor_for(coalition.provider), reason="no_capacity")
    assert recipient.decline_reason == "no_capacity"


def test_only_the_receiving_organization_answers_and_only_the_advocate_withdraws(coalition, referral):
    recipient = shelter_recipient(referral, coalition)
    with pytest.raises(TransitionError) as refused:
        transition(recipient.pk, S.ACCEPTED, actor_for(coalition.advocate))
    assert refused.value.code == "forbidden"
    with pytest.raises(TransitionError):
        transition(recipient.pk, S.WITHDRAWN, actor_for(coalition.provider))
    with pytest.raises(TransitionError):
        transition(recipient.pk, S.EXPIRED, actor_for(coalition.provider))


def test_the_advocate_may_withdraw_until_completion(coalition, referral):
    advocate, provider = actor_for(coalition.advocate), actor_for(coalition.provider)
    recipient = shelter_recipient(referral, coalition)
    transition(recipient.pk, S.ACCEPTED, provider)
    assert transition(recipient.pk, S.WITHDRAWN, advocate).status == S.WITHDRAWN

    other = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    transition(other.pk, S.ACCEPTED, provider)
    transition(other.pk, S.COMPLETED, provider, outcome="not_engaged")
    with pytest.raises(TransitionError):
        transition(other.pk, S.WITHDRAWN, advocate)


def test_a_referral_closes_when_no_recipient_is_still_in_play(coalition, referral):
    provider, other = actor_for(coalition.provider), actor_for(coalition.other_provider)
    transition(shelter_recipient(referral, coalition).pk, S.DECLINED, provider, reason="not_eligible")
    assert Referral.objects.get(pk=referral.pk).status == "open"
    transition(referral.recipients.get(service=coalition.legal).pk, S.DECLINED, other, reason="no_capacity")
    closed = Referral.objects.get(pk=referral.pk)
    assert closed.status == "closed" and closed.closed_at is not None


def test_unanswered_urgent_referrals_expire_after_four_hours_and_the_advocate_is_told(coalition):
    sent = timezone.now() - timedelta(days=10)
    referral = make_referral(coalition, urgent=True, now=sent)
    assert expire_overdue(now=sent + timedelta(hours=3, minutes=59)) == 0
    assert expire_overdue(now=sent + timedelta(hours=4)) == 2
    assert set(referral.recipients.values_list("status", flat=True)) == {S.EXPIRED}
    notices = Notification.objects.filter(kind="expired")
    assert notices.count() == 2 and all(n.to == ["ava@referring.example"] for n in notices)
    assert Referral.objects.get(pk=referral.pk).status == "closed"


def test_ordinary_referrals_get_three_days_and_answered_ones_never_expire(coalition, settings):
    sent = timezone.now() - timedelta(days=10)
    referral = make_referral(coalition, now=sent)
    transition(shelter_recipient(referral, coalition).pk, S.INFO_REQUESTED, actor_for(coalition.provider))
    assert expire_overdue(now=sent + timedelta(days=2, hours=23)) == 0
    assert expire_overdue(now=sent + timedelta(days=3)) == 1
    statuses = dict(referral.recipients.values_list("service_id", "status"))
    assert statuses == {coalition.shelter.pk: S.INFO_REQUESTED, coalition.legal.pk: S.EXPIRED}


def test_the_deadlines_come_from_settings(coalition, settings):
    settings.REFERRAL_URGENT_RESPONSE_HOURS = 1
    sent = timezone.now()
    recipient = make_referral(coalition, services=[coalition.shelter], urgent=True, now=sent).recipients.get()
    assert recipient.respond_by == sent + timedelta(hours=1)


def test_services_that_do_not_accept_referrals_cannot_receive_one(coalition):
    with pytest.raises(TransitionError) as refused:
        make_referral(coalition, services=[coalition.shelter, coalition.closed])
    assert "recipients" in refused.value.fields
    assert not Referral.objects.exists()
