"""The after-action report (issue 16 §6): outcomes, minutes to acceptance, by need and age band, languages,
every count from 1 to 4 as "<5"; the CSV download and "Draft a news item"."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from content.models import NewsArticlePage
from referrals.access import actor_for
from referrals.lifecycle import create_referral, transition
from referrals.models import AuditEvent
from referrals.operations import actions as ops_actions
from referrals.operations.reporting import percentile, report_rows, suppress


def _placements(ops, ages, accept_after=(), decline=0):
    """One placement per age, to the coalition's shelter; the first len(accept_after) are accepted after that many
    minutes, the next `decline` declined for capacity."""
    coalition, start = ops.coalition, timezone.now() - timedelta(hours=3)
    provider = actor_for(coalition.provider)
    made = []
    for i, age in enumerate(ages):
        at = start + timedelta(minutes=i)
        placement = create_referral(
            coalition.advocate,
            coalition.referring_org,
            needs=["emergency-shelter"],
            service_ids=[coalition.shelter.hsds_id],
            age=age,
            languages=["es"],
            operation=ops.operation,
            mode="first_accept",
            now=at,
        )
        part = placement.recipients.get()
        if i < len(accept_after):
            transition(part.pk, "accepted", provider, now=at + timedelta(minutes=accept_after[i]))
        elif i < len(accept_after) + decline:
            transition(part.pk, "declined", provider, reason="no_capacity", now=at + timedelta(minutes=5))
        made.append(placement)
    return made


def test_suppression_keeps_zero_and_five_and_hides_one_to_four():
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5)])
def test_the_placement_count_is_suppressed(ops, count, shown):
    _placements(ops, [30] * count)
    data = ops_actions.report(ops.operation)
    assert data["placements"] == shown and data["unanswered"] == shown
    assert data["by_age_band"] == {"minors": 0, "18-24": 0, "25+": shown}
    assert data["accepted"] == 0 and data["median_minutes_to_accept"] is None


@pytest.mark.parametrize("accepted", [1, 4])
def test_the_minutes_to_acceptance_of_fewer_than_five_are_not_given(ops, accepted):
    """The median and 90th percentile of one to four times give those times away (with one: that survivor's)."""
    _placements(ops, [16] * 6, accept_after=[7] * accepted)
    data = ops_actions.report(ops.operation)
    assert data["accepted"] == "<5"
    assert data["median_minutes_to_accept"] is None and data["p90_minutes_to_accept"] is None
    assert ("minutes_to_accept", "median", None) in report_rows(data)


def test_the_report_counts_outcomes_times_needs_ages_and_unmet_languages(ops):
    _placements(ops, [16, 16, 16, 16, 16, 30], accept_after=[10, 20, 30, 40, 50], decline=1)
    data = ops_actions.report(ops.operation)
    assert data["status"] == "active" and data["final"] is False
    assert (data["placements"], data["accepted"], data["declined"], data["withdrawn"], data["unanswered"]) == (
        6,
        5,
        "<5",
        0,
        0,
    )
    assert data["declined_for"] == {"capacity": "<5", "eligibility": 0, "other": 0}
    assert data["median_minutes_to_accept"] == 30.0 and data["p90_minutes_to_accept"] == 46.0
    assert data["by_need"] == {"emergency-shelter": 6}
    assert data["by_age_band"] == {"minors": 5, "18-24": 0, "25+": "<5"}
    # The shelter speaks English only: Spanish was needed six times and met none.
    assert data["languages_needed"] == {"es": 6} and data["languages_not_met"] == {"es": 6}
    assert percentile([1.0], 0.9) == 1.0 and percentile([], 0.5) is None


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_csv_download_for_admins_and_the_coordinator(ops):
    _placements(ops, [16] * 5, accept_after=[5, 5, 5, 5, 5])
    url = f"/referrals/operations/{ops.operation.pk}/report.csv"
    for user in (ops.coalition.admin, ops.coordinator):
        response = _signed_in(user).get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode()
        assert "placements,accepted,5" in text and "by_age_band,minors,5" in text and "by_age_band,25+,0" in text
        for placement in ops.operation.placements.all():
            assert placement.client_code not in text
    assert _signed_in(ops.coalition.advocate).get(url).status_code == 404
    assert _signed_in(ops.coalition.provider).get(url).status_code == 403
    assert AuditEvent.objects.filter(action="operation.report").count() == 2


def test_drafting_a_news_item_makes_an_unpublished_page_with_suppressed_figures(ops):
    placements = _placements(ops, [16, 16, 30], accept_after=[5])
    url = f"/referrals/operations/{ops.operation.pk}/draft-news/"
    assert _signed_in(ops.coordinator).post(url).status_code == 403
    response = _signed_in(ops.coalition.admin).post(url)
    page = NewsArticlePage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.get_parent().specific_class.__name__ == "NewsIndexPage"
    assert "Operation: Hot Spots" in page.title
    text = " ".join(block.value.source for block in page.body)
    assert "Placements filed: fewer than 5" in text and "Accepted: fewer than 5" in text
    assert not any(p.client_code in text for p in placements)
