"""The first-accept race of an operation's placement (issue 16 §3): N providers accept their parts at the same
moment, in N threads and connections; exactly one acceptance stands, every other part reads withdrawn with
reason "filled", and every loser is told "filled". PostgreSQL only (the referral row lock is what serialises
them; SQLite has no row locks and is covered by the compare-and-set tests of test_concurrency.py)."""

import threading

import pytest
from django.db import connection

from referrals.access import actor_for
from referrals.errors import ReferralError
from referrals.lifecycle import transition
from referrals.members import add_member
from referrals.models import Recipient, RecipientStatus
from referrals.operations import actions as ops_actions

from .conftest import caller

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


@pytest.mark.parametrize("attempt", range(2))
def test_exactly_one_of_many_concurrent_accepts_wins(ops, attempt):
    placement = ops_actions.file_placement(
        caller(ops.coalition.advocate), ops.operation.pk, {"needs": ["emergency-shelter"]}
    )
    parts = list(placement.recipients.select_related("organization"))
    assert len(parts) == 6
    actors = []
    for n, part in enumerate(parts):
        user, _ = add_member(f"racer{attempt}-{n}", f"racer{n}@example.org", "provider", part.organization)
        actors.append(actor_for(user))
    barrier = threading.Barrier(len(parts))
    outcomes = [None] * len(parts)

    def accept(i):
        try:
            barrier.wait()
            outcomes[i] = transition(parts[i].pk, RecipientStatus.ACCEPTED, actors[i]).status
        except ReferralError as refused:
            outcomes[i] = refused.code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(parts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("accepted") == 1, outcomes
    assert sorted(o for o in outcomes if o != "accepted") == ["filled"] * 5
    statuses = list(Recipient.objects.filter(referral=placement).values_list("status", "withdraw_reason"))
    assert statuses.count(("accepted", "")) == 1
    assert statuses.count(("withdrawn", "filled")) == 5
