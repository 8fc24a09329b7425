"""Anyone can report a problem with a public listing; the organization and the coalition hear of it."""

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.cache import cache

from directory.models import ProblemReport
from directory.problem_reports import issue_stamp


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def report_url(page):
    return f"/directory-members/listing/{page.pk}/report-a-problem/"


def report(client, page, message="The phone number is disconnected.", **extra):
    data = {"kind": "contact", "message": message, "homepage": "", "stamp": issue_stamp(time.time() - 30)}
    data.update(extra)
    return client.post(report_url(page), data, REMOTE_ADDR=extra.pop("ip", "203.0.113.7"))


@pytest.mark.django_db
def test_every_public_listing_has_the_form_without_javascript(client, harbor, harbor_shelter):
    for page in (harbor, harbor_shelter):
        body = client.get(page.url).content.decode()
        assert "Report a problem with this listing" in body
        assert f'action="{report_url(page)}"' in body
        assert 'name="homepage"' in body and 'name="stamp"' in body


@pytest.mark.django_db
def test_a_report_is_stored_and_reaches_editors_and_reviewers_without_the_reporters_words(
    client, harbor_shelter, harbor_editor, lifeline_editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the commit queues the notice for the worker
        response = report(client, harbor_shelter, message="Call me at 555-0100, my name is Ana")
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()

    stored = ProblemReport.objects.get()
    assert stored.page_id == harbor_shelter.pk
    assert stored.organization_id == harbor_shelter.get_parent().pk
    assert {tuple(m.to) for m in mail.outbox} == {(harbor_editor.email,), (reviewer.email,)}
    for message in mail.outbox:
        assert "Emergency Shelter" in message.subject
        assert "555-0100" not in message.body and "Ana" not in message.body
        assert "/admin/" in message.body
    # Nothing about the reporter's address is kept.
    assert "203.0.113.7" not in str(ProblemReport.objects.values().get())


@pytest.mark.django_db
def test_the_sixth_report_in_an_hour_from_one_address_is_refused_kindly(client, harbor_shelter):
    for _ in range(5):
        assert report(client, harbor_shelter).status_code == 200
    response = report(client, harbor_shelter)
    assert response.status_code == 429
    assert "try again" in response.content.decode().lower()
    assert ProblemReport.objects.count() == 5
    # Another address is not held back.
    assert report(client, harbor_shelter, ip="198.51.100.4").status_code == 200


@pytest.mark.django_db
def test_bots_filling_the_hidden_field_or_posting_at_once_are_refused(client, harbor_shelter):
    assert report(client, harbor_shelter, homepage="http://spam.example").status_code == 400
    assert report(client, harbor_shelter, stamp=issue_stamp()).status_code == 400  # posted instantly
    assert report(client, harbor_shelter, stamp="forged").status_code == 400
    assert report(client, harbor_shelter, stamp=issue_stamp(time.time() - 3 * 86400)).status_code == 400
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_reports_only_for_live_public_listings(client, site_tree, harbor):
    assert client.post(report_url(site_tree), {}).status_code == 404  # the directory index is no listing
    harbor.unpublish()
    assert report(client, harbor).status_code == 404


@pytest.mark.django_db
def test_editors_see_only_their_own_organizations_reports_in_the_admin(
    client, login, harbor_shelter, lifeline_line, harbor_editor
):
    report(client, harbor_shelter, message="Harbor report")
    report(client, lifeline_line, message="Lifeline report")
    theirs = ProblemReport.objects.get(page_id=lifeline_line.pk)
    ours = ProblemReport.objects.get(page_id=harbor_shelter.pk)

    admin = login(harbor_editor)
    listing = admin.get("/admin/snippets/directory/problemreport/")
    assert listing.status_code == 200
    assert "Emergency Shelter" in listing.content.decode()
    assert "Crisis Line" not in listing.content.decode()
    for view in ("edit", "inspect", "history"):
        assert admin.get(f"/admin/snippets/directory/problemreport/{view}/{ours.pk}/").status_code == 200
        assert admin.get(f"/admin/snippets/directory/problemreport/{view}/{theirs.pk}/").status_code == 404


@pytest.mark.django_db
def test_listing_pages_set_no_cookie_for_the_form_and_it_posts_without_one(harbor_shelter):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(harbor_shelter.url)
    assert "csrftoken" not in page.cookies
    assert report(browser, harbor_shelter).status_code == 200


@pytest.mark.django_db
def test_a_report_answers_at_once_while_smtp_hangs_and_the_worker_sends_the_notice(
    client, harbor_shelter, harbor_editor, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker as stock_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops "old" connections between tasks; inside this test's transaction (PostgreSQL) that
    # would close the test's own connection, so the worker keeps it here.
    monkeypatch.setattr(stock_worker, "close_old_connections", lambda: None)

    from tests.referrals.conftest import Collector, free_port

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    # Sending on the request would wait the whole timeout on the silent server; a long one tells the two apart
    # however loaded the machine is (no race against a tight limit).
    settings.EMAIL_TIMEOUT = 10
    with socket.socket() as hanging:  # accepts connections (the kernel's backlog) but never greets
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(8)
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", hanging.getsockname()[1]
        with django_capture_on_commit_callbacks(execute=True):
            started = time.monotonic()
            response = report(client, harbor_shelter)
            elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < settings.EMAIL_TIMEOUT, f"the visitor waited {elapsed:.1f} s on SMTP"
    assert DBTaskResult.objects.filter(task_path__endswith="send_problem_report_notice").count() == 1

    # The worker sends it, once SMTP answers.
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_PORT = controller.port
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:
        controller.stop()
    assert [m["to"] for m in collector.messages] == [[harbor_editor.email]]


def report_via_proxy(client, page, forwarded_for, proxy="127.0.0.1"):
    data = {"kind": "contact", "message": "Closed.", "homepage": "", "stamp": issue_stamp(time.time() - 30)}
    return client.post(report_url(page), data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_limit_counts_each_real_client(client, harbor_shelter, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        assert report_via_proxy(client, harbor_shelter, "203.0.113.7").status_code == 200
    assert report_via_proxy(client, harbor_shelter, "203.0.113.7").status_code == 429
    # Everyone reaches the site through the same proxy; another client behind it is not held back.
    assert report_via_proxy(client, harbor_shelter, "198.51.100.4").status_code == 200
    # A client's own forged entry at the left is not believed: nginx appends the address it saw.
    assert report_via_proxy(client, harbor_shelter, "192.0.2.99, 203.0.113.7").status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_x_forwarded_for_cannot_dodge_the_limit(client, harbor_shelter, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(5):
        assert report_via_proxy(client, harbor_shelter, f"192.0.2.{n}", proxy="203.0.113.7").status_code == 200
    assert report_via_proxy(client, harbor_shelter, "192.0.2.200", proxy="203.0.113.7").status_code == 429
