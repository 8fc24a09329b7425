"""The scheduled jobs the README lists are the ones deploy/ schedules: a timer each, the same arguments, a real
command, and every timer in the README's `systemctl enable` line. (purge_shared_lists was listed and never run.)"""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
SYSTEMD = ROOT / "deploy" / "systemd"


def listed_jobs() -> dict[str, str]:
    """{command: its arguments} from the README's table of scheduled jobs."""
    table = README.split("these daily or frequent jobs from the scheduler:", 1)[1].split("\n\n", 2)[1]
    jobs = {}
    for line in table.splitlines()[2:]:
        command, *args = re.match(r"\| `([^`]+)` \|", line).group(1).split()
        jobs[command] = " ".join(args)
    return jobs


def test_every_listed_job_has_a_timer_with_its_arguments():
    jobs = listed_jobs()
    assert "purge_shared_lists" in jobs and "prune_db_task_results" in jobs
    for command, args in jobs.items():
        timer = (SYSTEMD / f"coalition-{command}.timer").read_text()
        assert f"Unit=coalition-job@{command}.service" in timer
        job_file = ROOT / "deploy" / "jobs" / command
        assert (job_file.read_text().strip() if job_file.exists() else "JOB_ARGS=") == f"JOB_ARGS={args}".strip()


def test_every_timer_runs_a_listed_command_and_is_enabled_in_the_readme():
    jobs = listed_jobs()
    commands = get_commands()
    enable = re.search(r"`systemctl enable --now ([^`]+)`", README).group(1).split()
    for timer in SYSTEMD.glob("*.timer"):
        command = re.search(r"Unit=coalition-job@(\w+)\.service", timer.read_text()).group(1)
        assert command in jobs and command in commands, timer.name
        assert timer.name in enable, timer.name
