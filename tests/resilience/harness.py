"""The live system the resilience suite breaks: its own PostgreSQL instance, a 3-node Elasticsearch cluster,
an SMTP server, the site (gunicorn with deploy/gunicorn.conf.py, production settings, DEBUG off) and the worker, each a
real process on 127.0.0.1 that a test can stop, kill and start again. Plus the steady load and the figures.

Nothing here touches the shared services: PostgreSQL is initdb'd into a temporary folder on its own port
(RESILIENCE_PG_PORT, default 5440) and Elasticsearch runs on RESILIENCE_ES_PORT (default 9350, 9351, 9352;
transport 29350-29352), away from a shared node on 9250.
"""

import email
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import psycopg
import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
ES_SH = ROOT / "search" / "es_node" / "es.sh"
FIGURES = Path(os.environ.get("RESILIENCE_FIGURES", ROOT / "var" / "resilience-figures.txt"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, step: float = 0.25, what: str = "condition") -> float:
    """Seconds until check() is true; AssertionError after timeout."""
    start = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - start
        except (requests.RequestException, psycopg.OperationalError, OSError, KeyError, ValueError):
            pass  # not there yet (a server still down, an answer without the field); a mistake still raises
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not reached within {timeout:.0f} s")
        time.sleep(step)


def record(case: str, **figures) -> None:
    """Print the figures of one case and append them to the summary file the lead quotes."""
    line = f"{case}: " + ", ".join(f"{k}={v}" for k, v in figures.items())
    print("\nRESILIENCE " + line)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as out:
        out.write(time.strftime("%Y-%m-%d %H:%M:%SZ ", time.gmtime()) + line + "\n")  # UTC: Django sets TZ


# --- PostgreSQL: an instance of our own -------------------------------------------------------------------


def pg_bin() -> Path | None:
    roots = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for root in reversed(roots):
        if (root / "initdb").exists() and (root / "pg_ctl").exists():
            return root
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


class Postgres:
    def __init__(self, port: int):
        self.bin = pg_bin()
        self.port = port
        self.migrated = False
        self.dir = Path(f"/var/tmp/coalition-resilience-pg-{port}")
        self.user = "postgres" if os.getuid() == 0 else None

    def _run(self, *args, check=True):
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def start_fresh(self):
        self.stop(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        if self.user:
            shutil.chown(self.dir, self.user, self.user)
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self.migrated = False

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.dir / "data"),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, missing_ok=False):
        if not (self.dir / "data" / "postmaster.pid").exists():
            return
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop", check=not missing_ok)

    def create_migrated(self, name: str, env: dict) -> None:
        """Database `name` with every migration applied. The migrations run once, into a template; each
        database after that is a copy of it (the site's and the backup drill's)."""
        if not self.migrated:
            self.psql("CREATE DATABASE migrated_template")
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput"],
                cwd=ROOT,
                env={**env, "DATABASE_URL": self.url("migrated_template")},
                check=True,
                capture_output=True,
                timeout=900,
            )
            self.migrated = True
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE migrated_template')

    def psql(self, sql: str):
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def url(self, name: str = "resilience") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def query(self, sql: str, *params):
        with psycopg.connect(self.url(), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def tasks_waiting(self) -> int:
        """Tasks queued or running (django-tasks-db's table)."""
        return self.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        )[0][0]


# --- Elasticsearch: a 3-node cluster ----------------------------------------------------------------------


class Cluster:
    def __init__(self, port: int, data: str, nodes: int = 3):
        self.port, self.data, self.nodes = port, data, nodes
        self.env = {
            **os.environ,
            "ES_PORT": str(port),
            "ES_DATA_DIR": data,
            "ES_HEAP": os.environ.get("RESILIENCE_ES_HEAP", "-Xms256m -Xmx512m"),
        }
        self.urls = [f"http://127.0.0.1:{port + k}" for k in range(nodes)]

    def es(self, *args, timeout=600):
        return subprocess.run(
            ["bash", str(ES_SH), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def start(self):
        done = self.es("start", "--nodes", str(self.nodes))
        if done.returncode != 0:
            raise RuntimeError("es.sh start --nodes failed:\n" + done.stderr[-3000:])

    def stop(self):
        self.es("stop", "--nodes", str(self.nodes), timeout=180)

    def pid(self, k: int) -> int:
        return int((Path(self.data) / f"node-{self.port + k - 1}" / "es.pid").read_text().strip())

    def kill(self, k: int):
        os.kill(self.pid(k), signal.SIGKILL)

    def health(self, via: int | None = None) -> dict:
        urls = [self.urls[via - 1]] if via else self.urls
        for url in urls:
            try:
                return requests.get(f"{url}/_cluster/health", timeout=3).json()
            except requests.RequestException:
                continue
        return {}


# --- SMTP: a server that can go away and come back on the same port --------------------------------------


class Mailbox:
    def __init__(self):
        self.port = free_port()
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.controller = None
        self.rcpt_delay = 0.0  # seconds to stall in RCPT (a worker can be killed mid-send)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            import asyncio

            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(
                {
                    "to": sorted(envelope.rcpt_tos),
                    "subject": str(message["Subject"]),
                    "body": message.get_body().get_content(),
                }
            )
        return "250 OK"

    def up(self):
        if self.controller is None:
            self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def down(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- The site and the worker -------------------------------------------------------------------------------


class Site:
    def __init__(self, pg: Postgres, cluster: Cluster | None, mailbox: Mailbox, workdir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workdir = workdir
        self.pg, self.cluster, self.mailbox = pg, cluster, mailbox
        from cryptography.fernet import Fernet

        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ELASTICSEARCH_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": pg.url(),
            "REQUIRE_MFA": "false",
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mailbox.port),
            "REFERRAL_MASTER_KEYS": Fernet.generate_key().decode(),
            "ELASTICSEARCH_URL": ",".join(cluster.urls) if cluster else "",
            "ELASTICSEARCH_INDEX_PREFIX": f"resilience-{secrets.token_hex(3)}",
            "WORKER_SWEEP_SECONDS": "2",
            "TASK_STALE_SECONDS": "60",
            "NOTIFICATION_CLAIM_TIMEOUT_SECONDS": "5",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            # More workers than `make serve`'s 2 (forks of the preloaded app, cheap): the concurrency run wants
            # many requests, and their transactions, in flight at once, and one slow search not to hold half
            # the site. runserver gave every connection a thread.
            "WEB_CONCURRENCY": os.environ.get("RESILIENCE_WEB_CONCURRENCY", "6"),
        }
        self.server = None
        self.worker = None
        self.tokens = {}

    def manage(self, *args, timeout=600) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def prepare(self):
        self.pg.create_migrated("resilience", self.env)
        # Production settings serve hashed static files from STATIC_ROOT's manifest: a fresh clone has none yet.
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        # The demo data, with the follow-up work its publishes queue (Wagtail's reference and admin-search
        # index, our index task per page: ~1000 tasks) run inline, so the worker starts on an empty queue and
        # each case counts only its own work. load_demo also rebuilds the index, on the cluster if there is one.
        self.shell(
            "from django.core.management import call_command\n"
            "from django.test.utils import override_settings\n"
            "inline = {'default': {'BACKEND': 'django_tasks.backends.immediate.ImmediateBackend'}}\n"
            "with override_settings(TASKS=inline):\n"
            "    call_command('load_demo')\n"
        )
        for name in ("advocate", "provider"):
            self.tokens[name] = self.manage("issue_api_token", name).strip().splitlines()[-1].split()[-1]

    def _spawn(self, *args, log: str):
        out = open(self.workdir / log, "ab")  # noqa: SIM115 — closed with the process
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_server(self):
        # The production server, as `make serve` runs it. Not Django's runserver: it listens with a backlog of
        # 10, and 50 clients connecting at once overflowed it; the kernel answered with SYN cookies and now and
        # then a reset, a ConnectionError the site never saw (test_concurrency, 1 run in 3 on this machine).
        self.server = self._spawn(
            "-m",
            "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            "--pythonpath",
            "site,.",
            "config.wsgi:application",
            log="server.log",
        )
        wait_until(lambda: requests.get(self.base + "/search/", timeout=5).status_code == 200, 60, what="site up")

    def start_worker(self):
        self.worker = self._spawn("manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay", log="worker.log")

    def kill_worker(self):
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(10)

    def stop(self):
        for process in (self.server, self.worker):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    def api(self, who: str, path: str, body=None, timeout=15):
        return requests.post(
            self.base + path,
            data=json.dumps(body or {}),
            timeout=timeout,
            headers={"Authorization": f"Bearer {self.tokens[who]}", "Content-Type": "application/json"},
        )

    def service_ids_of_provider(self) -> list[str]:
        """HSDS ids of the demo provider's services that take referrals."""
        out = self.shell(
            "from referrals.models import Membership\n"
            "from directory.models import ServicePage\n"
            "org = Membership.objects.get(user__username='provider').organization\n"
            "print(','.join(str(s.hsds_id) for s in ServicePage.objects.live().descendant_of(org)"
            " if s.accepting_referrals))"
        )
        return out.strip().splitlines()[-1].split(",")

    def publish_title(self, title: str) -> str:
        """Rename one live service of the demo coalition and publish it (the signal queues the index task);
        returns its HSDS id."""
        out = self.shell(
            "from directory.models import ServicePage\n"
            "page = ServicePage.objects.live().order_by('path').first()\n"
            f"page.title = {title!r}\n"
            "page.save_revision().publish()\n"
            "print(page.hsds_id)"
        )
        return out.strip().splitlines()[-1]


# --- Steady load ----------------------------------------------------------------------------------------


@dataclass
class Load:
    site: Site
    threads: int = 4
    total: int = 0
    failed: int = 0
    server_errors: int = 0
    tracebacks: int = 0
    backends: dict = field(default_factory=dict)
    notices: int = 0
    statuses: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    NOTICE = "simpler mode"

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers = []

    def _one(self, session: requests.Session, n: int):
        if n % 2:
            response = session.get(
                self.site.base + "/search/", params={"q": "shelter", "need": "emergency-shelter"}, timeout=20
            )
            kind = "search"
        else:
            response = session.post(
                self.site.base + "/api/referrals/match",
                timeout=20,
                data=json.dumps({"needs": ["emergency-shelter"], "postal_code": "95814"}),
                headers={"Authorization": f"Bearer {self.site.tokens['advocate']}", "Content-Type": "application/json"},
            )
            kind = "match"
        with self._lock:
            self.total += 1
            self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                self.server_errors += 1
            if "Traceback" in response.text:
                self.tracebacks += 1
            if response.status_code != 200:
                self.failed += 1
                self.failures.append((kind, response.status_code))
                return
            if kind == "match":
                backend = response.json()["backend"]
                self.backends[backend] = self.backends.get(backend, 0) + 1
            elif self.NOTICE in response.text:
                self.notices += 1

    def _run(self, offset: int):
        session = requests.Session()
        n = offset
        while not self._stop.is_set():
            try:
                self._one(session, n)
            except requests.RequestException as error:
                with self._lock:
                    self.total += 1
                    self.failed += 1
                    self.failures.append(("connection", type(error).__name__))
            n += 1
            time.sleep(0.05)

    def __enter__(self):
        for i in range(self.threads):
            thread = threading.Thread(target=self._run, args=(i,), daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._workers:
            thread.join(30)
