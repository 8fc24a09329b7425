"""The demo's sample referrals: made through the lifecycle, eligible for the services they went to, added once."""

import io

from django.core.management import call_command

from directory.demo import load_demo
from directory.models import OrganizationPage
from referrals.demo import load_demo_referrals
from referrals.members import add_member
from referrals.models import Recipient


def test_sample_referrals_are_eligible_varied_and_added_once(db):
    load_demo()
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    harbor = OrganizationPage.objects.get(slug="harbor-house-womens-refuge")
    lifeline = OrganizationPage.objects.get(slug="lifeline-sacramento-crisis-line")
    advocate, _ = add_member("advocate", "advocate@example.org", "advocate", lifeline)
    provider, _ = add_member("provider", "provider@example.org", "provider", harbor)

    assert load_demo_referrals(advocate, provider) == 6
    assert load_demo_referrals(advocate, provider) == 0

    recipients = list(Recipient.objects.select_related("service", "referral"))
    assert len(recipients) == 6
    assert {r.status for r in recipients} >= {"sent", "viewed", "accepted", "declined", "completed"}
    for recipient in recipients:
        service, client = recipient.service, recipient.referral
        assert recipient.organization_id == harbor.pk
        assert service.minimum_age is None or client.age >= service.minimum_age
        assert service.maximum_age is None or client.age <= service.maximum_age
        assert not service.genders or client.gender in service.genders
        assert client.note == "Sample referral for the demo."
