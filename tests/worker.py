"""The background worker, for real: `manage.py db_worker --batch` in its own process against
the test database, running every queued task and then exiting (docs/testing.md)."""

import os
import subprocess
import sys

from django.db import connection

from tests.conftest import ROOT


def worker_environment(**extra: str) -> dict[str, str]:
    """The environment of a worker process on the test database (`extra`: e.g. EMAIL_URL of
    the test's mail server)."""
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict[
        "NAME"]
    environment = {**os.environ, "DATABASE_URL": database_url, **extra}
    environment.pop("MIGRATION_DATABASE_URL", None)
    return environment


def run_queued_tasks(**extra: str) -> str:
    """Run the tasks queued so far (the test must be transactional, so that the worker sees
    what the test committed); returns the worker's log."""
    return run_command("db_worker", "--batch", "--no-startup-delay", **extra)


def run_command(*arguments: str, **extra: str) -> str:
    """A manage.py command in its own process on the test database."""
    worker = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT,
        env=worker_environment(**extra), capture_output=True, text=True, timeout=300,
        check=False)
    assert worker.returncode == 0, worker.stdout + worker.stderr
    return worker.stdout + worker.stderr


def start_worker(**extra: str) -> subprocess.Popen:
    """A long-running worker (`db_worker` without --batch), to be killed by the test."""
    return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
                            cwd=ROOT, env=worker_environment(**extra),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
