"""Two people answering the same referral at the same moment: exactly one wins, the other is told why.

Runs on the real database in separate threads and connections (SQLite here, PostgreSQL in CI). Two more tests
take the two guards one at a time, deterministically: the compare-and-set (any database) and the row lock
(PostgreSQL). Run this file on PostgreSQL with DATABASE_URL=postgres://… as well.
"""

import threading

import pytest
from django.db import connection

from referrals import lifecycle
from referrals.access import actor_for
from referrals.api import STATUS_FOR_CODE
from referrals.lifecycle import TransitionError, transition
from referrals.members import add_member
from referrals.models import Notification, Recipient, RecipientEvent, RecipientStatus
from referrals.notifications import send_pending

from .conftest import make_referral

# serialized_rollback: the vocabularies and root collection made by data migrations survive the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*moves):
    """Run each (recipient_id, to, actor, reason) in its own thread, all released at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(i, recipient_id, to, actor, reason):
        try:
            barrier.wait()
            outcomes[i] = transition(recipient_id, to, actor, reason=reason).status
        except TransitionError as refused:
            outcomes[i] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_a_concurrent_accept_and_decline_leave_exactly_one_winner(coalition, attempt):
    colleague, _ = add_member(f"pia{attempt}", f"pia{attempt}@harbor.example", "provider", coalition.shelter_org)
    recipient = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    outcomes = race(
        (recipient.pk, RecipientStatus.ACCEPTED, actor_for(coalition.provider), ""),
        (recipient.pk, RecipientStatus.DECLINED, actor_for(colleague), "no_capacity"),
    )
    winners = [o for o in outcomes if isinstance(o, str)]
    losers = [o for o in outcomes if isinstance(o, TransitionError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code in {"illegal_transition", "conflict", "busy"}
    recipient.refresh_from_db()
    assert recipient.status == winners[0]
    answers = RecipientEvent.objects.filter(recipient=recipient, to_status__in=["accepted", "declined"])
    assert answers.count() == 1 and answers.get().to_status == winners[0]


def test_two_concurrent_accepts_record_one_acceptance(coalition):
    recipient = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    provider = actor_for(coalition.provider)
    outcomes = race((recipient.pk, "accepted", provider, ""), (recipient.pk, "accepted", provider, ""))
    assert sum(isinstance(o, str) for o in outcomes) == 1, outcomes
    assert RecipientEvent.objects.filter(recipient=recipient, to_status="accepted").count() == 1


def test_two_workers_sending_at_once_deliver_each_notice_once(coalition, smtp):
    make_referral(coalition, services=[coalition.shelter, coalition.legal])
    # Outside a test transaction the commit already ran the (immediate) task: put the notices back in waiting.
    assert len(smtp.messages) == 2
    Notification.objects.update(sent_at=None, claimed_at=None, attempts=0)
    smtp.messages.clear()
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        try:
            barrier.wait()
            counts.append(send_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # On SQLite a worker that meets the other's write lock leaves that notice to the next run: run it.
    counts.append(send_pending())
    assert sum(counts) == 2
    assert send_pending() == 0
    assert sorted(m["to"][0] for m in smtp.messages) == ["lee@justice.example", "pat@harbor.example"]


# --- The two guards one at a time: the compare-and-set, then the row lock ------------------------------------


@pytest.mark.django_db(transaction=False)
def test_a_status_changed_between_the_read_and_the_update_is_a_conflict(coalition, monkeypatch):
    """Someone else moves the recipient after this transition read it: the update must refuse, not overwrite."""
    recipient = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    events_before = RecipientEvent.objects.filter(recipient=recipient).count()
    notices_before = Notification.objects.count()

    def someone_else_declines(read):
        assert read.status == RecipientStatus.SENT  # the transition read the old status…
        # …and then another answer lands before its update.
        Recipient.objects.filter(pk=read.pk).update(status=RecipientStatus.DECLINED, decline_reason="no_capacity")

    monkeypatch.setattr(lifecycle, "_status_read", someone_else_declines)
    with pytest.raises(TransitionError) as refused:
        transition(recipient.pk, RecipientStatus.ACCEPTED, actor_for(coalition.provider))
    assert refused.value.code == "conflict"
    assert STATUS_FOR_CODE[refused.value.code] == 409  # the API adapter's one mapping
    recipient.refresh_from_db()
    # The whole change rolled back: not accepted, no acceptance time, no event, no notice to the advocate.
    assert recipient.status == RecipientStatus.SENT
    assert recipient.first_response_at is None
    assert RecipientEvent.objects.filter(recipient=recipient).count() == events_before
    assert Notification.objects.count() == notices_before


def test_the_row_lock_makes_a_second_answer_wait_for_the_first(coalition, monkeypatch):
    """While one answer sits between its read and its update, another cannot read the row: it waits, then loses.

    Needs row locks (PostgreSQL); SQLite has none and relies on its single writer and the compare-and-set.
    """
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) exist on PostgreSQL only; CI runs this test there")
    colleague, _ = add_member("pia-lock", "pia-lock@harbor.example", "provider", coalition.shelter_org)
    recipient = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    first_has_read, let_first_write = threading.Event(), threading.Event()
    first_thread = []

    def hold_the_first(read):
        if threading.current_thread() in first_thread:
            first_has_read.set()
            let_first_write.wait(timeout=20)

    monkeypatch.setattr(lifecycle, "_status_read", hold_the_first)
    outcomes = [None, None]

    def run(i, to, actor, reason):
        try:
            outcomes[i] = transition(recipient.pk, to, actor, reason=reason).status
        except TransitionError as refused:
            outcomes[i] = refused
        finally:
            connection.close()

    first = threading.Thread(target=run, args=(0, RecipientStatus.ACCEPTED, actor_for(coalition.provider), ""))
    second = threading.Thread(target=run, args=(1, RecipientStatus.DECLINED, actor_for(colleague), "no_capacity"))
    first_thread.append(first)
    first.start()
    assert first_has_read.wait(timeout=20)
    second.start()
    second.join(timeout=1.5)
    second_finished_while_first_held_the_row = not second.is_alive()
    let_first_write.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert not second_finished_while_first_held_the_row, outcomes
    assert outcomes[0] == RecipientStatus.ACCEPTED
    assert isinstance(outcomes[1], TransitionError) and outcomes[1].code == "illegal_transition"
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.ACCEPTED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's re-check after a row lock")
def test_a_notice_claimed_while_this_worker_waited_on_its_row_is_not_claimed_again(coalition, smtp):
    """Worker A claims a notice and holds the row until it commits; worker B's claim waits on that row. After A
    commits, B must see the claim and give up (a claim written as UPDATE … WHERE pk IN (subquery) did not re-check
    the subquery after the wait, so B claimed and sent the notice a second time)."""
    from django.utils import timezone

    from referrals import notifications

    make_referral(coalition, services=[coalition.shelter])
    notice = Notification.objects.get()
    Notification.objects.update(sent_at=None, claimed_at=None, attempts=0)
    a_holds_the_row, b_is_waiting = threading.Event(), threading.Event()
    outcome = {}

    def worker_a():
        from django.db import transaction

        try:
            with transaction.atomic():
                outcome["a"] = notifications._claim(notice.pk, timezone.now())
                a_holds_the_row.set()
                b_is_waiting.wait(timeout=10)
                threading.Event().wait(0.5)  # B is now blocked on the row lock
        finally:
            connection.close()

    def worker_b():
        try:
            a_holds_the_row.wait(timeout=10)
            b_is_waiting.set()
            outcome["b"] = notifications._claim(notice.pk, timezone.now())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == {"a": True, "b": False}
