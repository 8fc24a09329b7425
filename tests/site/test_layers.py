"""Dependencies point one way: directory <- search <- referrals <- site (config, home, accounts, lists, serving).

The contract is `.importlinter` at the repository root (run by `make lint`); these tests run it here too and
show that it refuses an upward import, even one hidden inside a function.
"""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint_imports(where: Path, pythonpath: list[Path]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in pythonpath)}
    return subprocess.run([sys.executable, "-c", RUN], cwd=where, env=env, capture_output=True, text=True, timeout=120)


def test_the_project_keeps_its_layers():
    result = lint_imports(ROOT, [ROOT, ROOT / "site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_refuses_an_upward_import_inside_a_function(tmp_path):
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    contract = configparser.ConfigParser()
    contract.read(ROOT / ".importlinter")
    for package in contract["importlinter"]["root_packages"].split():  # every root package the contract names
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "search" / "service.py").write_text("from directory import listing  # downward: allowed\n")
    (tmp_path / "directory" / "listing.py").write_text("")
    (tmp_path / "directory" / "hours.py").write_text("def later():\n    from search import service\n")

    result = lint_imports(tmp_path, [tmp_path])

    assert result.returncode != 0
    assert "directory.hours -> search.service" in result.stdout
    assert "search.service -> directory.listing" not in result.stdout
