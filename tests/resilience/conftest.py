"""Fixtures of the resilience suite (tests/resilience, marker `resilience`).

Needs PostgreSQL's server binaries (initdb, pg_ctl), Java 17+ and Maven for the Elasticsearch cluster. Where
they are missing the suite is skipped with a message; with REQUIRE_RESILIENCE=1 (CI) that is a failure.
The system under test is started once per session (see harness.py); each test breaks one part of it and
leaves it whole again.
"""

import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests

from .harness import Cluster, Mailbox, Postgres, Site, pg_bin, wait_until

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line at INFO
REQUIRED = os.environ.get("REQUIRE_RESILIENCE") == "1"
WANTED = REQUIRED or os.environ.get("RESILIENCE") == "1"


def _unavailable(message: str):
    if REQUIRED:
        pytest.fail(message + " REQUIRE_RESILIENCE=1 is set, so this is a failure.")
    pytest.skip(message)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.resilience)


@pytest.fixture(scope="session")
def postgres():
    if not WANTED:
        pytest.skip("The resilience suite runs with RESILIENCE=1 (make resilience); CI requires it.")
    if pg_bin() is None:
        _unavailable("The resilience suite needs PostgreSQL's server binaries (initdb, pg_ctl).")
    instance = Postgres(int(os.environ.get("RESILIENCE_PG_PORT", "5440")))
    instance.start_fresh()
    yield instance
    instance.stop(missing_ok=True)
    shutil.rmtree(instance.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster():
    if not (shutil.which("java") and shutil.which("mvn")):
        _unavailable("The resilience suite needs Java 17+ and Maven for its Elasticsearch cluster.")
    nodes = Cluster(
        int(os.environ.get("RESILIENCE_ES_PORT", "9350")),
        os.environ.get("RESILIENCE_ES_DATA_DIR", "/var/tmp/coalition-resilience-es"),
    )
    try:
        nodes.start()
        yield nodes
    finally:  # also after a failed start: no node of ours is left running
        if os.environ.get("RESILIENCE_KEEP_CLUSTER") != "1":
            nodes.stop()


@pytest.fixture(scope="session")
def mailbox():
    box = Mailbox()
    box.up()
    yield box
    box.down()


@pytest.fixture(scope="session")
def site(postgres, cluster, mailbox):
    workdir = Path(tempfile.mkdtemp(prefix="coalition-resilience-"))
    live = Site(postgres, cluster, mailbox, workdir)
    try:
        live.prepare()
        live.start_server()
        live.start_worker()
        # The demo loader queued an index task per published page: let the worker finish them first, so a
        # fault meets a quiet queue and each case counts only its own work.
        wait_until(lambda: postgres.tasks_waiting() == 0, 900, step=2, what="the demo's index tasks done")
        yield live
    finally:
        live.stop()
        logs = Path(os.environ.get("RESILIENCE_LOGS", Path(__file__).parents[2] / "var" / "resilience-logs"))
        logs.mkdir(parents=True, exist_ok=True)
        for log in workdir.glob("*.log"):  # the site's and the worker's output, for a failed run
            shutil.copy(log, logs / log.name)
        for url in cluster.urls:
            try:
                requests.delete(f"{url}/{live.env['ELASTICSEARCH_INDEX_PREFIX']}-services-*", timeout=30)
                break
            except requests.RequestException:
                continue
        shutil.rmtree(workdir, ignore_errors=True)
