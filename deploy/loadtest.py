"""make loadtest: the served site against a plain WSGI floor, in one run, on this machine only.

Creates a scratch PostgreSQL database, loads the demo coalition, starts `make serve`'s stack
(deploy/serve.sh) on a free loopback port, and beside it deploy/floor_wsgi.py under the same gunicorn
settings (deploy/gunicorn.conf.py, same WEB_CONCURRENCY). Drives both with wrk at the same concurrency and
prints a table: req/s, p50, p99, errors and each page's ratio to the floor. Then stops everything and drops
the scratch database. Only 127.0.0.1 is used.

Environment: LOADTEST_SECONDS (10; 2-3 for a smoke run), LOADTEST_CONNECTIONS (8), WEB_CONCURRENCY (2),
LOADTEST_ADMIN_URL (a PostgreSQL URL allowed to create databases; default: DATABASE_URL's server, else
postgres://coalition:coalition@127.0.0.1:5432/postgres), LOADTEST_ELASTICSEARCH_URL (optional: search on
Elasticsearch, under a throw-away index prefix), LOADTEST_PAGES (a comma list of words: only the pages whose
name holds one, e.g. "search"; the floor is always measured).
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("BIN", ROOT / ".venv" / "bin"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "8"))
# Each page is driven this long before it is measured (compiling templates, first searches of a word...).
WARM_SECONDS = max(1, min(2, SECONDS // 5))
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def admin_url() -> str:
    if os.environ.get("LOADTEST_ADMIN_URL"):
        return os.environ["LOADTEST_ADMIN_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return "postgres://coalition:coalition@127.0.0.1:5432/postgres"


def run_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer 200 within {seconds:.0f} s")


def wait_until_quiet(base: str, seconds: float = 600) -> None:
    """Wait for the task worker to finish the background work the demo load queued (Wagtail's search and
    reference indexes, index updates, notifications): measured while it runs, the floor and the first
    pages would share the CPUs with it and every figure would be off."""
    deadline = time.monotonic() + seconds
    said = None
    waiting = None
    while time.monotonic() < deadline:
        health = json.loads(fetch(f"{base}/healthz"))
        counts = [health.get("tasks_waiting"), health.get("pending_index_updates")]
        # null: /healthz could not count (its query failed), which says nothing about the worker.
        waiting = "an unknown number of tasks" if None in counts else sum(counts)
        if waiting == 0:
            return
        if said is None or time.monotonic() - said >= 10:
            print(f"Waiting for the task worker to finish the demo's background work: {waiting} left…", flush=True)
            said = time.monotonic()
        time.sleep(1)
    raise SystemExit(
        f"The task worker still had work queued after {seconds:.0f} s ({waiting} left); the figures would not be fair."
    )


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, script: str | None = None, seconds: int = SECONDS) -> dict:
    argv = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        argv += ["-s", script]
    out = subprocess.run(argv + [url], capture_output=True, text=True, check=True, timeout=SECONDS + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


PAGE_NAMES = (
    "home (cached)",
    "directory (cached)",
    "organization (cached)",
    "service (cached)",
    "search, a new query each time (uncached)",
    "/api/hsds/services (cached until a publish)",
    "/api/hsds/services, a new query each time (uncached)",
    "/api/hsds/services?full=true (cached)",
)
# LOADTEST_PAGES: a part of the table (the floor is always measured), the pages whose name holds one of the words.
ONLY = [word.strip().lower() for word in os.environ.get("LOADTEST_PAGES", "").split(",") if word.strip()]


def wanted(name: str) -> bool:
    return not ONLY or any(word in name.lower() for word in ONLY)


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")
    if not any(wanted(name) for name in PAGE_NAMES):
        raise SystemExit(f"LOADTEST_PAGES={os.environ['LOADTEST_PAGES']!r} names no page of the table.")
    from cryptography.fernet import Fernet

    database = f"coalition_loadtest_{secrets.token_hex(4)}"
    admin = admin_url()
    scratch = urlunsplit(urlsplit(admin)._replace(path=f"/{database}"))
    site_port, floor_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": scratch,
        "SECURE_SSL_REDIRECT": "false",
        "REFERRAL_MASTER_KEYS": Fernet.generate_key().decode(),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": WORKERS,
        "BIN": str(BIN),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ELASTICSEARCH_URL": os.environ.get("LOADTEST_ELASTICSEARCH_URL", ""),
        "ELASTICSEARCH_INDEX_PREFIX": f"loadtest-{secrets.token_hex(3)}",
    }
    env.pop("REDIS_URL", None)
    if os.environ.get("LOADTEST_REDIS_URL"):
        env["REDIS_URL"] = os.environ["LOADTEST_REDIS_URL"]
    manage = [str(BIN / "python"), "manage.py"]
    site = floor = None
    run_sql(admin, f'CREATE DATABASE "{database}"')
    try:
        print(f"Scratch database {database}: migrating and loading the demo coalition…", flush=True)
        subprocess.run(manage + ["migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
        subprocess.run(manage + ["load_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        urls = subprocess.run(
            manage
            + [
                "shell",
                "-c",
                (
                    "from directory.models import OrganizationPage, ServicePage; "
                    "print(OrganizationPage.objects.live().order_by('path').first().url); "
                    "print(ServicePage.objects.live().order_by('path').first().url)"
                ),
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        organization_url, service_url = urls[-2], urls[-1]
        site = subprocess.Popen(
            ["bash", "deploy/serve.sh"],
            env={**env, "PORT": str(site_port)},
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        floor = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--pythonpath", "deploy", "floor_wsgi"],
            env={**env, "PORT": str(floor_port)},
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base, floor_base = f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{floor_port}"
        wait_for(f"{base}/healthz")
        wait_for(f"{floor_base}/")
        wait_until_quiet(base)
        paths = [
            ("/", None),
            ("/directory/", None),
            (organization_url, None),
            (service_url, None),
            ("/search/", "deploy/search.lua"),
            ("/api/hsds/services", None),
            ("/api/hsds/services", "deploy/hsds.lua"),
            ("/api/hsds/services?full=true", None),
        ]
        pages = [(name, *where) for name, where in zip(PAGE_NAMES, paths, strict=True) if wanted(name)]
        for _name, path, _script in pages:
            fetch(base + path)  # warm: fill the caches, as a visitor before would have
        backend = "elasticsearch" if env["ELASTICSEARCH_URL"] else "database"
        print(
            f"wrk: {CONNECTIONS} connections, {SECONDS} s each; gunicorn with {WORKERS} workers; "
            f"search backend: {backend}; {os.cpu_count()} CPUs.",
            flush=True,
        )
        floor_result = wrk(floor_base + "/")
        rows = [("plain WSGI floor", floor_result)]
        for name, path, script in pages:
            wrk(base + path, script, seconds=WARM_SECONDS)  # not counted: each worker's first requests of a kind
            rows.append((name, wrk(base + path, script)))
        print()
        print("| page | req/s | p50 | p99 | errors | ratio to floor |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, r in rows:
            ratio = r["rps"] / floor_result["rps"] * 100 if floor_result["rps"] else 0
            print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms | {r['errors']} | {ratio:.1f}% |")
        return 0
    finally:
        stop(site)
        stop(floor)
        if env["ELASTICSEARCH_URL"]:
            subprocess.run(
                manage
                + [
                    "shell",
                    "-c",
                    "from search.backends.elasticsearch import ElasticsearchBackend; ElasticsearchBackend().drop_all()",
                ],
                env=env,
                cwd=ROOT,
                capture_output=True,
            )
        run_sql(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
