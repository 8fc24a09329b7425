"""deploy/gunicorn.conf.py, the settings `make serve`, the web unit and `make loadtest` share."""

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_application_is_loaded_once_and_hidden_from_the_collector_before_each_fork():
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert config["max_requests"] > 0  # workers are recycled: each new one is a fork of the master
    gc.unfreeze()
    try:
        config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0  # the collector of a forked worker never walks what it inherits
    finally:
        gc.unfreeze()
