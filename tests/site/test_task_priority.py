"""The task worker takes a mail someone is waiting for before the index updates a bulk import queued."""

import pytest
from django.core.management import call_command

from directory.editors import send_invitation
from referrals.notifications import send_pending_notifications
from search.indexing import update_page_index


@pytest.mark.django_db
def test_a_referral_notice_is_sent_before_a_backlog_of_index_updates(settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker as stock_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops "old" connections between tasks; inside this test's transaction (PostgreSQL) that
    # would close the test's own connection, so the worker keeps it here.
    monkeypatch.setattr(stock_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    for page_id in range(900_001, 900_006):  # an import's backlog, queued first
        update_page_index.enqueue(page_id)
    send_pending_notifications.enqueue()
    send_invitation.enqueue(0)

    call_command("db_worker", "--batch", "--max-tasks", "2", "--no-startup-delay", verbosity=0)

    ran = set(DBTaskResult.objects.exclude(status="READY").values_list("task_path", flat=True))
    assert ran == {
        "referrals.notifications.send_pending_notifications",
        "directory.editors.send_invitation",
    }
    assert DBTaskResult.objects.filter(status="READY", task_path="search.indexing.update_page_index").count() == 5
