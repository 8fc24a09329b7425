"""make loadtest measures only once the task worker has nothing queued (deploy/loadtest.py, wait_until_quiet)."""

import json
from types import SimpleNamespace

import pytest

from deploy import loadtest


@pytest.fixture
def healthz(monkeypatch):
    """Feed wait_until_quiet a sequence of /healthz answers, on a clock that moves a second per sleep."""
    answers = []
    clock = [0.0]
    monkeypatch.setattr(loadtest, "fetch", lambda url: json.dumps(answers.pop(0) if len(answers) > 1 else answers[0]))
    fake_time = SimpleNamespace(
        monotonic=lambda: clock[0], sleep=lambda seconds: clock.__setitem__(0, clock[0] + seconds)
    )
    monkeypatch.setattr(loadtest, "time", fake_time)
    return answers


def test_it_waits_until_both_queues_are_empty(healthz):
    healthz += [
        {"tasks_waiting": 2300, "pending_index_updates": 0},
        {"tasks_waiting": 0, "pending_index_updates": 4},
        {"tasks_waiting": 0, "pending_index_updates": 0},
    ]
    loadtest.wait_until_quiet("http://127.0.0.1:1", seconds=60)
    assert len(healthz) == 1  # every answer was read


def test_an_unknown_count_is_not_taken_for_an_empty_queue(healthz):
    # /healthz reports null when it could not count (its query failed): that says nothing about the worker.
    healthz += [
        {"tasks_waiting": None, "pending_index_updates": 0},
        {"tasks_waiting": 0, "pending_index_updates": None},
        {"tasks_waiting": 0, "pending_index_updates": 0},
    ]
    loadtest.wait_until_quiet("http://127.0.0.1:1", seconds=60)
    assert len(healthz) == 1


def test_it_gives_up_when_the_counts_stay_unknown(healthz):
    healthz.append({"tasks_waiting": None, "pending_index_updates": None})
    with pytest.raises(SystemExit, match="unknown"):
        loadtest.wait_until_quiet("http://127.0.0.1:1", seconds=5)
