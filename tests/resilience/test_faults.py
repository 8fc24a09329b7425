"""Faults a deployment meets, each under a steady load of public searches and advocate matches from a few
threads against the live site. Every case prints its figures (requests during the fault, failed, time to
recover, items lost) and appends them to var/resilience-figures.txt."""

import time
import uuid

import requests

from .harness import Load, record, wait_until


def es_title(site, service_id: str) -> str:
    alias = f"{site.env['ELASTICSEARCH_INDEX_PREFIX']}-services"
    for url in site.cluster.urls:
        try:
            return requests.get(f"{url}/{alias}/_doc/{service_id}", timeout=3).json()["_source"]["title"]
        except (requests.RequestException, KeyError):
            continue
    return ""


def send_referral(site, service_ids) -> requests.Response:
    return site.api(
        "advocate",
        "/api/referrals",
        {
            "needs": ["emergency-shelter"],
            "client": {"age": 30, "postal_code": "95814"},
            "recipients": service_ids[:1],
        },
    )


def notice_counts(site) -> tuple[int, int]:
    total, sent = site.pg.query("SELECT count(*), count(sent_at) FROM referrals_notification")[0]
    return total, sent


def test_one_elasticsearch_node_killed_of_three(site):
    cluster = site.cluster
    assert cluster.health()["status"] == "green"
    shards = cluster.health()
    assert shards["active_shards"] == 2 * shards["active_primary_shards"] > 0  # one replica each
    title = f"Shelter renamed while a node was down {uuid.uuid4().hex[:6]}"
    with Load(site) as load:
        time.sleep(3)
        cluster.kill(2)
        killed_at = time.monotonic()
        service_id = site.publish_title(title)
        time.sleep(8)
        cluster.start()  # starts the missing node and returns once all three have joined
        green = wait_until(lambda: cluster.health()["status"] == "green", 180, what="green after restart")
        recovered = time.monotonic() - killed_at
        time.sleep(2)
    found = wait_until(lambda: es_title(site, service_id) == title, 60, what="update made during the fault")
    record(
        "es-node-killed",
        requests=load.total,
        failed=load.failed,
        from_database=load.backends.get("database", 0),
        seconds_until_green_after_restart=round(green, 1),
        seconds_fault_to_green=round(recovered, 1),
        seconds_until_update_visible=round(found, 1),
        updates_lost=0,
    )
    assert load.total > 50
    assert load.failed == 0, load.failures[:10]
    assert set(load.backends) == {"elasticsearch"} and load.notices == 0


def test_all_of_elasticsearch_down(site):
    cluster = site.cluster
    title = f"Shelter renamed during the outage {uuid.uuid4().hex[:6]}"
    with Load(site) as load:
        time.sleep(2)
        for k in (1, 2, 3):
            cluster.kill(k)
        time.sleep(3)
        service_id = site.publish_title(title)
        time.sleep(5)
        assert es_title(site, service_id) != title
        during = dict(load.backends), load.notices
        cluster.start()
        back_at = time.monotonic()
        reached = wait_until(lambda: es_title(site, service_id) == title, 60, what="publish reaches the index")
        time.sleep(3)
    drained = wait_until(
        lambda: site.pg.query("SELECT count(*) FROM search_pendingindexupdate")[0][0] == 0,
        120,
        step=1,
        what="every waiting index update applied",
    )
    pending = site.pg.query("SELECT count(*) FROM search_pendingindexupdate")[0][0]
    record(
        "es-all-down",
        requests=load.total,
        server_errors=load.server_errors,
        failed=load.failed,
        answered_from_database=during[0].get("database", 0),
        pages_with_notice=during[1],
        seconds_from_return_to_index=round(reached, 1),
        seconds_to_drain_queue=round(drained, 1),
        pending_left=pending,
        updates_lost=0,
    )
    assert load.server_errors == 0 and load.failed == 0, load.failures[:10]
    assert during[0].get("database", 0) > 0 and during[1] > 0
    assert reached <= 60 and time.monotonic() - back_at < 120
    assert pending == 0


def test_smtp_down_for_a_while(site):
    services = site.service_ids_of_provider()
    before_total, before_sent = notice_counts(site)
    before_messages = len(site.mailbox.messages)
    with Load(site) as load:
        site.mailbox.down()
        acknowledged = [send_referral(site, services) for _ in range(5)]
        time.sleep(6)  # several sweeps meet the closed port
        assert notice_counts(site)[1] == before_sent
        site.mailbox.up()
        back = time.monotonic()
        wait_until(lambda: notice_counts(site)[0] == notice_counts(site)[1], 60, what="every notice sent")
        delivered_in = time.monotonic() - back
        time.sleep(6)  # more sweeps: nothing is sent twice
    total, sent = notice_counts(site)
    new_notices = total - before_total
    delivered = len(site.mailbox.messages) - before_messages
    failed = site.pg.query("SELECT count(*) FROM referrals_notification WHERE failed")[0][0]
    record(
        "smtp-down",
        requests=load.total,
        failed=load.failed,
        referrals_saved=len(acknowledged),
        notices=new_notices,
        delivered=delivered,
        duplicates=delivered - new_notices,
        seconds_to_deliver_after_return=round(delivered_in, 1),
        notices_lost=failed,
    )
    assert all(r.status_code == 201 for r in acknowledged)
    assert new_notices >= 5 and sent == total and failed == 0
    assert delivered == new_notices
    assert load.failed == 0, load.failures[:10]


def test_postgresql_restarted(site):
    services = site.service_ids_of_provider()
    acknowledged, unclean = [], []

    def referrals_during():
        while not stop:
            try:
                response = send_referral(site, services)
            except requests.RequestException:
                continue
            if response.status_code == 201:
                acknowledged.append(response.json()["id"])
            elif response.status_code != 503 or "Traceback" in response.text:
                unclean.append(response.status_code)
            time.sleep(0.1)

    import threading

    stop = False
    writer = threading.Thread(target=referrals_during, daemon=True)
    with Load(site) as load:
        writer.start()
        time.sleep(3)
        site.pg.stop()
        time.sleep(3)
        site.pg.start()

        def serving():
            return (
                requests.get(site.base + "/search/?q=shelter", timeout=5).status_code == 200
                and send_referral(site, services).status_code == 201
            )

        recovered = wait_until(serving, 30, what="site serving again")
        time.sleep(3)
        stop = True
        writer.join(30)
    ids = {str(r[0]) for r in site.pg.query("SELECT id FROM referrals_referral")}
    lost = [i for i in acknowledged if i not in ids]
    statuses = {k: v for k, v in load.statuses.items() if k != 200}
    record(
        "postgresql-restart",
        requests=load.total,
        failed=load.failed,
        answers_other_than_200=statuses,
        tracebacks=load.tracebacks,
        referrals_acknowledged=len(acknowledged),
        seconds_to_recover_after_start=round(recovered, 1),
        referrals_lost=len(lost),
    )
    assert set(statuses) <= {503}, load.failures[:10]
    assert not [f for f in load.failures if f[0] == "connection"]
    assert load.tracebacks == 0 and not unclean
    assert recovered <= 10
    assert not lost
    assert site.worker.poll() is None  # the worker waited for the database instead of exiting


def test_worker_killed_mid_task(site):
    services = site.service_ids_of_provider()
    before_total, _ = notice_counts(site)
    before_messages = len(site.mailbox.messages)
    site.mailbox.rcpt_delay = 6  # the worker will be inside the SMTP conversation when it dies
    with Load(site) as load:
        assert send_referral(site, services).status_code == 201
        wait_until(
            lambda: (
                site.pg.query(
                    "SELECT count(*) FROM referrals_notification WHERE claimed_at IS NOT NULL AND sent_at IS NULL"
                )[0][0]
                > 0
            ),
            30,
            what="a notice being sent",
        )
        site.kill_worker()
        killed = time.monotonic()
        site.mailbox.rcpt_delay = 0
        title = f"Published while the worker was dead {uuid.uuid4().hex[:6]}"
        service_id = site.publish_title(title)  # its index task waits in the queue
        site.start_worker()
        wait_until(lambda: notice_counts(site)[0] == notice_counts(site)[1], 60, what="the notice sent")
        wait_until(lambda: es_title(site, service_id) == title, 60, what="the index task run")
        recovered = time.monotonic() - killed
        wait_until(lambda: site.pg.tasks_waiting() == 0, 90, what="no task left behind")
        time.sleep(5)
    total, sent = notice_counts(site)
    delivered = len(site.mailbox.messages) - before_messages
    record(
        "worker-killed",
        requests=load.total,
        failed=load.failed,
        notices=total - before_total,
        delivered=delivered,
        seconds_to_recover=round(recovered, 1),
        tasks_lost=0,
    )
    assert sent == total and delivered == total - before_total
    assert load.failed == 0, load.failures[:10]
