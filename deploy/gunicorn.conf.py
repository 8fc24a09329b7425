"""Gunicorn settings shared by `make serve`, the systemd web unit and `make loadtest` (floor and site alike).

HOST, PORT and WEB_CONCURRENCY come from the environment. No access log: request lines carry search terms.
"""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound; the application is loaded once in
# the master (preload), so a recycled worker is a fork that answers at once instead of a second of imports.
max_requests = 50_000
max_requests_jitter = 5_000
preload_app = True
accesslog = None
errorlog = "-"
loglevel = "warning"
# Only a proxy on this machine may say the request came over https (nginx example in deploy/nginx.conf).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27's control socket lives at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn): two servers of one
# user (make loadtest's floor and site, the resilience suite beside make serve) would replace each other's.
# Nothing here uses gunicornc; systemd and signals manage the server.
control_socket_disable = True


def pre_fork(server, worker):
    """Before each fork, move everything the master holds (the whole loaded application) out of reach of the
    garbage collector (gc.freeze). Otherwise a new worker's first full collections walk those inherited
    objects and write to them, copying the shared pages: each worker recycled after max_requests stalled
    requests by hundreds of milliseconds (p99 427 ms against 16 ms with this, home page, a recycle every 5,000
    requests), and the workers shared less memory."""
    gc.freeze()
