"""Members confirm their listing; reminders at 150, 170 and 180 days; stale listings are marked."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.models import OrganizationPage, VerificationReminder
from directory.verification import confirmation_url, send_verification_reminders
from tests.factories import make_organization


def last_confirmed_days_ago(org, days):
    day = timezone.localdate() - timedelta(days=days)
    OrganizationPage.objects.filter(pk=org.pk).update(last_verified=day)


def reminders_sent():
    return [m for m in mail.outbox if "confirm" in m.subject.lower()]


@pytest.mark.django_db
@pytest.mark.parametrize("age, expected", [(149, None), (150, 150), (169, 150), (170, 170), (179, 170), (180, 180)])
def test_reminder_thresholds(harbor, harbor_editor, age, expected):
    last_confirmed_days_ago(harbor, age)
    send_verification_reminders()
    if expected is None:
        assert reminders_sent() == []
    else:
        assert [m.to for m in reminders_sent()] == [[harbor_editor.email]]
        assert VerificationReminder.objects.get(organization=harbor).threshold_days == expected


@pytest.mark.django_db
def test_the_daily_command_sends_each_reminder_once(harbor, harbor_editor):
    last_confirmed_days_ago(harbor, 150)
    call_command("send_verification_reminders")
    call_command("send_verification_reminders")
    assert len(reminders_sent()) == 1

    today = timezone.localdate()
    send_verification_reminders(today=today + timedelta(days=19))  # 169 days: nothing new
    assert len(reminders_sent()) == 1
    send_verification_reminders(today=today + timedelta(days=20))  # 170 days
    send_verification_reminders(today=today + timedelta(days=20))
    assert len(reminders_sent()) == 2
    send_verification_reminders(today=today + timedelta(days=30))  # 180 days
    send_verification_reminders(today=today + timedelta(days=31))
    assert len(reminders_sent()) == 3


@pytest.mark.django_db
def test_a_confirmation_starts_a_new_series(harbor, harbor_editor):
    last_confirmed_days_ago(harbor, 150)
    send_verification_reminders()
    last_confirmed_days_ago(harbor, 0)
    send_verification_reminders(today=timezone.localdate() + timedelta(days=150))
    assert len(reminders_sent()) == 2


@pytest.mark.django_db
def test_reminders_go_only_to_that_organizations_editors(harbor, harbor_editor, lifeline_editor):
    last_confirmed_days_ago(harbor, 150)
    send_verification_reminders()
    assert [m.to for m in reminders_sent()] == [[harbor_editor.email]]
    assert reminders_sent()[0].subject == "Please confirm the listing of Harbor House (Sample)"


@pytest.mark.django_db
def test_reminder_subjects_are_plain_text(harbor_editor, harbor):
    OrganizationPage.objects.filter(pk=harbor.pk).update(title="Women's Refuge & Shelter (Sample)")
    last_confirmed_days_ago(harbor, 150)
    send_verification_reminders()
    assert reminders_sent()[0].subject == "Please confirm the listing of Women's Refuge & Shelter (Sample)"


@pytest.mark.django_db
def test_the_link_in_the_reminder_confirms_the_listing_for_its_editor(client, harbor, harbor_editor):
    last_confirmed_days_ago(harbor, 170)
    send_verification_reminders()
    body = reminders_sent()[0].body
    link = next(line for line in body.splitlines() if "/listing/confirm/" in line).strip()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # Signed out: the link asks for a sign-in first and changes nothing.
    response = client.get(path)
    assert response.status_code == 302 and "login" in response["Location"]

    client.force_login(harbor_editor)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert OrganizationPage.objects.get(pk=harbor.pk).last_verified == timezone.localdate()


@pytest.mark.django_db
def test_the_link_does_not_work_for_anyone_else(client, harbor, harbor_editor, lifeline_editor):
    last_confirmed_days_ago(harbor, 170)
    path = "/" + confirmation_url(harbor, harbor_editor).split("://", 1)[1].split("/", 1)[1]
    client.force_login(lifeline_editor)
    assert client.post(path).status_code == 404
    assert client.post(path.replace("/confirm/", "/confirm/x")).status_code == 404
    assert OrganizationPage.objects.get(pk=harbor.pk).last_verified == timezone.localdate() - timedelta(days=170)


@pytest.mark.django_db
def test_confirming_in_the_admin_takes_effect_at_once_without_review(login, harbor, harbor_editor, lifeline):
    last_confirmed_days_ago(harbor, 200)
    client = login(harbor_editor)
    assert client.post(f"/admin/directory/organizations/{harbor.pk}/confirm/").status_code == 302
    assert OrganizationPage.objects.get(pk=harbor.pk).last_verified == timezone.localdate()
    assert client.post(f"/admin/directory/organizations/{lifeline.pk}/confirm/").status_code in (302, 403)
    assert OrganizationPage.objects.get(pk=lifeline.pk).last_verified is None


@pytest.mark.django_db
def test_a_listing_not_confirmed_for_180_days_is_marked_on_the_public_site(client, harbor, harbor_shelter):
    last_confirmed_days_ago(harbor, 180)
    assert "may be out of date" not in client.get(harbor.url).content.decode()
    last_confirmed_days_ago(harbor, 181)
    for page in (harbor, harbor_shelter):
        assert "may be out of date" in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_a_never_confirmed_listing_counts_from_its_first_publication(site_tree):
    org = make_organization(title="Old Listing (Sample)")
    # Noon, 150 local calendar days ago. (Not now() minus 150 days: across a change of daylight saving time
    # that lands on the next local day during the last hour before midnight, 149 days ago.)
    published = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=150), time(12)))
    OrganizationPage.objects.filter(pk=org.pk).update(first_published_at=published)
    from referrals.members import add_member

    add_member("old-editor", "old@example.org", "provider", org, password="long-password-1")
    assert len(send_verification_reminders()) == 1


@pytest.mark.django_db
def test_a_reminder_that_could_not_be_mailed_is_tried_again_next_run(harbor, harbor_editor, settings):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    last_confirmed_days_ago(harbor, 150)
    assert send_verification_reminders() == []
    assert not VerificationReminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(send_verification_reminders()) == 1
    assert len(reminders_sent()) == 1
