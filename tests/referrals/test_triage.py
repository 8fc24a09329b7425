"""The provider's inbox puts what needs an answer first: overdue, then due within the hour, then by deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals.models import Recipient

from .conftest import make_referral
from .test_screens import signed_in

pytestmark = pytest.mark.django_db


def test_the_inbox_flags_overdue_and_due_within_the_hour_and_sorts_them_first(coalition):
    now = timezone.now()
    calm = make_referral(coalition, services=[coalition.shelter], now=now)  # 3 days to answer
    soon = make_referral(coalition, services=[coalition.shelter], urgent=True, now=now - timedelta(hours=3, minutes=30))
    late = make_referral(coalition, services=[coalition.shelter], urgent=True, now=now - timedelta(hours=5))
    accepted = make_referral(coalition, services=[coalition.shelter], now=now)
    Recipient.objects.filter(referral=accepted).update(status="accepted")

    page = signed_in(coalition.provider).get("/referrals/inbox/").content.decode()

    order = [page.index(r.client_code) for r in (late, soon, calm, accepted)]
    assert order == sorted(order)
    late_card = page[order[0] : order[1]]
    soon_card = page[order[1] : order[2]]
    assert "Overdue" in late_card and "Due within the hour" not in late_card
    assert "Due within the hour" in soon_card and "Overdue" not in soon_card
    assert "Answer due by" in page[order[2] : order[3]]
    assert "Safe Harbor" in late_card  # the organization is named beside the service
