"""The background worker, for real: `manage.py db_worker --batch` in its own process against
the test database, running every queued task and then exiting (docs/testing.md)."""

import os
import subprocess
import sys

from django.db import connection

from tests.conftest import ROOT


def run_queued_tasks() -> str:
    """Run the tasks queued so far (the test must be transactional, so that the worker sees
    what the test committed); returns the worker's log."""
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict[
        "NAME"]
    environment = {**os.environ, "DATABASE_URL": database_url}
    environment.pop("MIGRATION_DATABASE_URL", None)
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert worker.returncode == 0, worker.stdout + worker.stderr
    return worker.stdout + worker.stderr
