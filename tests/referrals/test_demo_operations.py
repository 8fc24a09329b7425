"""The demo's operations (issue 16 §8): one over with its report, one active with holds; added once."""

import io

from django.core.management import call_command

from directory.demo import load_demo
from directory.models import OrganizationPage
from referrals.demo import load_demo_operations
from referrals.members import add_member
from referrals.models import Operation
from referrals.operations import actions as ops_actions


def test_the_demo_has_a_past_operation_with_a_report_and_an_active_one_with_holds(db):
    load_demo()
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    harbor = OrganizationPage.objects.get(slug="harbor-house-womens-refuge")
    lifeline = OrganizationPage.objects.get(slug="lifeline-sacramento-crisis-line")
    admin, _ = add_member("admin", "admin@example.org", "coalition-admin")
    advocate, _ = add_member("advocate", "advocate@example.org", "advocate", lifeline)
    provider, _ = add_member("provider", "provider@example.org", "provider", harbor)

    assert load_demo_operations(admin, advocate, provider) == 2
    assert load_demo_operations(admin, advocate, provider) == 0

    past = Operation.objects.get(name="Operation: Hot Spots (October)")
    active = Operation.objects.get(name="Operation: Hot Spots")
    assert (past.status, active.status) == ("closed", "active")
    report = ops_actions.report(past)
    assert report["final"] and report["placements"] == 8 and report["accepted"] == 6
    assert report["median_minutes_to_accept"] is not None and report["by_age_band"]["minors"] == "<5"
    assert ops_actions.readiness(active)["emergency-shelter"]["held"] == 3
    rows = ops_actions.board(active)
    assert len(rows) == 2 and {r["status"] for r in rows} == {"accepted", "unanswered"}
    assert active.coordinator == advocate and list(active.on_call.all()) == [advocate]
