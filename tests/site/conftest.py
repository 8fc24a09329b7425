import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    """A request under /es/ leaves Spanish active in this thread; start every test from the default language."""
    translation.activate("en")
    yield
    translation.activate("en")


class RedisServer:
    """Debian's redis-server on a free loopback port, in memory only. `pause()` freezes it (SIGSTOP): it then
    accepts nothing and answers nothing, as a Redis on a dead host would; `resume()` brings it back with its
    data."""

    def __init__(self, folder):
        binary = shutil.which("redis-server")
        if binary is None:
            message = "redis-server is not installed (Debian: apt-get install redis-server)."
            if os.environ.get("REQUIRE_REDIS"):
                pytest.fail(f"REQUIRE_REDIS is set but {message}")
            pytest.skip(message)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
            + ["--dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()
