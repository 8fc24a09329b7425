"""Concurrency on PostgreSQL: 50 clients at once for RESILIENCE_CONCURRENCY_SECONDS (default 60; CI runs it
shorter) mixing public pages, searches, matches, referral creation and provider transitions. No 5xx; every
referral and transition a client was told succeeded is in the database; no recipient ends twice."""

import json
import os
import random
import threading
import time
from collections import Counter

import requests

from .harness import record

CLIENTS = int(os.environ.get("RESILIENCE_CONCURRENCY_CLIENTS", "50"))
SECONDS = float(os.environ.get("RESILIENCE_CONCURRENCY_SECONDS", "60"))
TERMINAL = ("declined", "completed", "withdrawn", "expired")
PUBLIC = ["/", "/directory/", "/es/search/?q=refugio", "/search/?q=legal&language=es"]


def test_fifty_clients_at_once(site):
    services = site.service_ids_of_provider()
    headers = {
        who: {"Authorization": f"Bearer {site.tokens[who]}", "Content-Type": "application/json"}
        for who in ("advocate", "provider")
    }
    lock = threading.Lock()
    statuses, kinds = Counter(), Counter()
    errors, referrals, recipients, transitions = [], [], [], []
    deadline = time.monotonic() + SECONDS

    def client(seed: int):
        rng = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < deadline:
            roll = rng.random()
            try:
                if roll < 0.3:
                    kind = "page"
                    response = session.get(site.base + rng.choice(PUBLIC), timeout=60)
                elif roll < 0.5:
                    kind = "search"
                    response = session.get(
                        site.base + "/search/", timeout=60, params={"q": rng.choice(["shelter", "legal", "clinic"])}
                    )
                elif roll < 0.65:
                    kind = "match"
                    response = session.post(
                        site.base + "/api/referrals/match",
                        headers=headers["advocate"],
                        data=json.dumps({"needs": ["emergency-shelter"]}),
                        timeout=60,
                    )
                elif roll < 0.8 or not recipients:
                    kind = "create"
                    body = {
                        "needs": ["emergency-shelter"],
                        "client": {"age": 25},
                        "recipients": rng.sample(services, min(2, len(services))),
                    }
                    response = session.post(
                        site.base + "/api/referrals", headers=headers["advocate"], data=json.dumps(body), timeout=60
                    )
                    if response.status_code == 201:
                        made = response.json()
                        with lock:
                            referrals.append(made["id"])
                            recipients.extend((made["id"], r["id"]) for r in made["recipients"])
                else:
                    kind = "transition"
                    with lock:
                        referral_id, recipient_id = rng.choice(recipients[-40:])
                    to = rng.choice(["viewed", "accepted", "declined", "completed"])
                    response = session.post(
                        f"{site.base}/api/referrals/{referral_id}/recipients/{recipient_id}/transition",
                        headers=headers["provider"],
                        timeout=60,
                        data=json.dumps({"to": to, "reason": "no_capacity", "outcome": "engaged"}),
                    )
                    if response.status_code == 200:
                        with lock:
                            transitions.append((recipient_id, to))
            except requests.RequestException as error:
                with lock:
                    errors.append(f"{kind} at {time.monotonic() - started:.1f} s: {error!r}")
                continue
            with lock:
                statuses[response.status_code] += 1
                kinds[kind] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SECONDS + 120)
    elapsed = time.monotonic() - started

    stored = {str(r[0]) for r in site.pg.query("SELECT id FROM referrals_referral")}
    events = Counter(
        (str(r[0]), r[1]) for r in site.pg.query("SELECT recipient_id, to_status FROM referrals_recipientevent")
    )
    wanted = Counter(transitions)
    missing_events = [pair for pair, n in wanted.items() if events[pair] < n]
    twice_ended = site.pg.query(
        "SELECT recipient_id FROM referrals_recipientevent WHERE to_status = ANY(%s) "
        "GROUP BY recipient_id HAVING count(*) > 1",
        list(TERMINAL),
    )
    server_errors = sum(n for code, n in statuses.items() if code >= 500)
    lost = [i for i in referrals if i not in stored]
    record(
        "concurrency",
        clients=CLIENTS,
        web_workers=site.env["WEB_CONCURRENCY"],
        seconds=round(elapsed, 1),
        requests=sum(statuses.values()),
        per_second=round(sum(statuses.values()) / elapsed, 1),
        by_kind=dict(kinds),
        statuses=dict(statuses),
        connection_errors=len(errors),
        referrals_acknowledged=len(referrals),
        referrals_lost=len(lost),
        transitions_acknowledged=len(transitions),
        events_missing=len(missing_events),
        recipients_ended_twice=len(twice_ended),
    )
    assert server_errors == 0 and not errors, (statuses, errors[:5])
    assert referrals and transitions
    assert not lost and not missing_events and not twice_ended
