"""`make mutation`: mutmut over the modules that guard survivors, each with its own narrow test selection.

Each module runs in a throw-away copy of the project (so no `mutants/` folder or setup.cfg lands in the
worktree), on SQLite, and prints the share of mutants the tests kill. A benchmark, not part of CI.

    .venv/bin/python tests/mutation/run.py [module ...]      # default: every module below
    MUTATION_MINUTES=20 make mutation                          # a time budget per module (default 60)
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Module → the tests that guard it. mutmut runs, for each mutant, only the tests of this selection that call the
# mutated function, so a wider selection costs little beyond its first (coverage) run.
# search/query.py became the search/query/ package (requests, facts, filters, ranking, reasons, results).
SEARCH_RULES_TESTS = [
    "tests/search/test_query_rules.py",
    "tests/search/test_requests.py",
    "tests/search/test_behaviour.py",
    "tests/search/test_ranking_interactions.py",
]
MODULES = {
    "referrals/lifecycle.py": [
        "tests/referrals/test_lifecycle.py",
        # The deterministic compare-and-set test only: the module's other tests are transactional (they flush the
        # reused SQLite test database, content types included, under the next test) and the row lock is PostgreSQL's.
        "tests/referrals/test_concurrency.py::test_a_status_changed_between_the_read_and_the_update_is_a_conflict",
        "tests/referrals/test_release_rules.py",
    ],
    "referrals/access.py": [
        "tests/referrals/test_access_matrix.py",
        "tests/referrals/test_keys_and_tokens.py",
        "tests/referrals/test_triage.py",
        "tests/referrals/test_screens.py",
        "tests/referrals/test_api.py",
        "tests/referrals/test_commands.py",
    ],
    "referrals/privacy.py": ["tests/referrals/test_privacy.py", "tests/referrals/test_release_rules.py"],
    "referrals/crypto.py": ["tests/referrals/test_privacy.py", "tests/referrals/test_keys_and_tokens.py"],
    "referrals/notifications.py": ["tests/referrals/test_notifications.py"],
    "search/query/requests.py": SEARCH_RULES_TESTS,
    "search/query/facts.py": SEARCH_RULES_TESTS,
    "search/query/filters.py": SEARCH_RULES_TESTS,
    "search/query/ranking.py": SEARCH_RULES_TESTS,
    "search/query/reasons.py": SEARCH_RULES_TESTS,
    "search/query/results.py": SEARCH_RULES_TESTS,
    # The session and second-factor policy: the rules (referrals/policy.py) and the gate that applies them.
    "referrals/policy.py": [
        "tests/security/test_sessions.py",
        "tests/security/test_second_factor.py",
        "tests/security/test_api_sign_in_policy.py",
    ],
    "site/accounts/middleware.py": [
        "tests/security/test_sessions.py",
        "tests/security/test_second_factor.py",
        "tests/security/test_api_sign_in_policy.py",
    ],
}
# Each surviving mutant's diff is written here (one file per module), to read and to write the test that kills it.
SURVIVORS = ROOT / "var" / "mutation"
COPY = ["manage.py", "pytest.ini", "site", "directory", "search", "referrals", "templates", "locale", "tests"]
# mutmut's exit codes per mutant (its meta files): the tests failed, passed, found nothing to run, or timed out.
KILLED, SURVIVED, NO_TESTS, TIMED_OUT = {1, 3}, {0}, {5, 33}, {36, 24, -24, 152, 255}


def setup_cfg(module: str, tests: list[str]) -> str:
    package = module.split("/")[0] if not module.startswith("site/") else "site"
    also = [p for p in COPY if p != package]
    return "\n".join(
        [
            "[mutmut]",
            f"source_paths={package}",
            f"only_mutate={module}",
            "also_copy=",
            *(f"    {p}" for p in also),
            "pytest_add_cli_args_test_selection=",
            *(f"    {t}" for t in tests),
            "pytest_add_cli_args=",
            "    -p",
            "    no:cacheprovider",
            "    -q",
            "    --ds=tests.mutation.settings",
            "    --reuse-db",
            # A fork reruns pytest's set-up: give each mutant that much more CPU time before calling it a timeout.
            "timeout_constant=30",
            "",
        ]
    )


def tally(work: Path) -> dict[str, int]:
    """Count the mutants mutmut has finished so far, from its meta files (so a run cut short still reports)."""
    counts = {"killed": 0, "survived": 0, "no tests": 0, "timed out": 0, "other": 0, "not run": 0}
    for meta in (work / "mutants").rglob("*.meta"):
        for code in json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).values():
            if code is None:
                counts["not run"] += 1
            elif code in KILLED:
                counts["killed"] += 1
            elif code in SURVIVED:
                counts["survived"] += 1
            elif code in NO_TESTS:
                counts["no tests"] += 1
            elif code in TIMED_OUT:
                counts["timed out"] += 1
            else:
                counts["other"] += 1
    return counts


def survivors(work: Path) -> list[str]:
    names = []
    for meta in (work / "mutants").rglob("*.meta"):
        for name, code in json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).items():
            if code in SURVIVED or code in NO_TESTS:
                names.append(name)
    return sorted(names)


def write_survivors(module: str, work: Path, env: dict) -> Path:
    """`mutmut show` for every mutant that survived (or that no test ran), into var/mutation/<module>.txt."""
    SURVIVORS.mkdir(parents=True, exist_ok=True)
    out = SURVIVORS / (module.replace("/", "_").removesuffix(".py") + ".txt")
    parts = []
    for name in survivors(work):
        shown = subprocess.run(
            [str(ROOT / ".venv/bin/mutmut"), "show", name], cwd=work, env=env, capture_output=True, text=True
        )
        parts.append(shown.stdout or f"# {name}: {shown.stderr.strip()[-200:]}\n")
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def run(module: str, tests: list[str], budget_minutes: float) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        work = Path(tmp)
        for name in COPY:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
            else:
                shutil.copy2(source, work / name)
        (work / "setup.cfg").write_text(setup_cfg(module, tests), encoding="utf-8")
        # SQLite and no Elasticsearch: its tests skip (search/query.py's shared rules run on the database backend).
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "ELASTICSEARCH_URL", "TEST_ELASTICSEARCH_URL", "REQUIRE_ELASTICSEARCH"}
        }
        SURVIVORS.mkdir(parents=True, exist_ok=True)
        log = (SURVIVORS / (module.replace("/", "_").removesuffix(".py") + ".log")).open("w")  # mutmut's own output
        process = subprocess.Popen(
            [str(ROOT / ".venv/bin/mutmut"), "run"],
            cwd=work,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            process.wait(timeout=budget_minutes * 60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)  # the whole run (mutmut forks a child per mutant)
            process.wait(timeout=60)
        log.close()
        write_survivors(module, work, env)
        return tally(work)


def main(argv):
    budget = float(os.environ.get("MUTATION_MINUTES", "60"))  # per module; what is unfinished is shown as not run
    chosen = argv or list(MODULES)
    for module in chosen:
        started = time.monotonic()
        counts = run(module, MODULES[module], budget)
        caught = counts["killed"] + counts["timed out"]  # a mutant that hangs the tests is caught too
        tested = caught + counts["survived"] + counts["no tests"] + counts["other"]
        share = 100.0 * caught / tested if tested else 0.0
        minutes = (time.monotonic() - started) / 60
        print(
            f"{module:30} killed {caught:4}/{tested:<4} = {share:5.1f} %  survived {counts['survived']}, "
            f"no tests {counts['no tests']}, not run {counts['not run']}  ({minutes:.1f} min)",
            flush=True,
        )
    print("goal: >= 90 % killed in each module")


if __name__ == "__main__":
    main(sys.argv[1:])
