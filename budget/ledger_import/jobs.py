"""The ledger import from the page: a finance officer uploads a file, the background worker
checks it (nothing written), the officer confirms what it will post, and the worker imports
it with the same `import_ledger` as the command (docs/ledger-rules.md#imports).

The acts (`upload_ledger_file`, `confirm_ledger_import`) are quick and run in the request;
the tasks run in `manage.py db_worker`, queued in the database only once the act's
transaction commits. While a task runs, its progress is written through a database
connection of its own, so that the page sees it although the import's transaction is still
open."""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# Django 6: `from django.tasks import task` (the backport has the same API).
from django_tasks import task

from audit.actions import record_event
from budget.import_files import ImportRefused
from budget.models import Fund, LedgerImport, LedgerImportJob

from . import check_ledger_file, import_ledger

Stage = LedgerImportJob.Stage
logger = logging.getLogger(__name__)
# A refused file lists at most this many errors on its page (the rest are counted).
ERRORS_SHOWN = 1000


def upload_ledger_file(*, fund: Fund, content: bytes, file_name: str,
                       acting_user: AbstractBaseUser) -> LedgerImportJob:
    """Keep the uploaded file and queue its check."""
    with transaction.atomic():
        job = LedgerImportJob.objects.create(
            fund=fund, file_name=file_name[:200], content=content,
            sha256=hashlib.sha256(content).hexdigest(), uploaded_by=acting_user)
        record_event(action="ledger.import_uploaded", acting_user=acting_user,
                     agreement=fund.agreement,
                     summary=f"{job.file_name}: uploaded for a check ({len(content)} bytes)",
                     details={"job": job.pk, "sha256": job.sha256})
        transaction.on_commit(lambda: check_uploaded_file.enqueue(job.pk))
    return job


def confirm_ledger_import(*, job: LedgerImportJob,
                          acting_user: AbstractBaseUser) -> LedgerImportJob:
    """Queue the import of a checked file, attributed to the officer who confirms it."""
    with transaction.atomic():
        job = LedgerImportJob.objects.select_for_update().get(pk=job.pk)
        if job.stage != Stage.CHECKED:
            raise ValidationError(_("This file is not waiting for confirmation (%(stage)s).")
                                  % {"stage": job.get_stage_display()})
        job.stage, job.step, job.done, job.of = Stage.IMPORTING, "", 0, 0
        job.confirmed_by, job.confirmed_at = acting_user, timezone.now()
        job.save(update_fields=["stage", "step", "done", "of", "confirmed_by",
                                "confirmed_at"])
        record_event(action="ledger.import_confirmed", acting_user=acting_user,
                     agreement=job.fund.agreement,
                     summary=f"{job.file_name}: {job.rows} row(s) confirmed for import",
                     details={"job": job.pk, "sha256": job.sha256})
        transaction.on_commit(lambda: import_confirmed_file.enqueue(job.pk))
    return job


class JobProgress:
    """Writes a job's progress, at most twice a second, through a connection of its own
    (committed at once, so visible while the import's transaction is open). SQLite (the
    demo) allows one writer at a time, so there the progress is not written."""

    INTERVAL = 0.5

    def __init__(self, job: LedgerImportJob) -> None:
        self.job_id = job.pk
        self.last = 0.0
        self.connection = None
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, step: str, done: int, of: int) -> None:
        now = time.monotonic()
        if self.connection is None or (now - self.last < self.INTERVAL and done < of):
            return
        self.last = now
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {LedgerImportJob._meta.db_table} "  # noqa: S608
                           "SET step = %s, done = %s, of = %s WHERE id = %s",
                           [step, done, of, self.job_id])

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def _run(job_id: int, work) -> None:
    job = LedgerImportJob.objects.select_related(
        "fund__agreement", "uploaded_by", "confirmed_by").get(pk=job_id)
    progress = JobProgress(job)
    try:
        # Refusals in the language of the officer who uploaded the file.
        with translation.override(job.uploaded_by.preferred_language or settings.LANGUAGE_CODE):
            work(job, progress)
    except ImportRefused as refusal:
        job.stage = Stage.REFUSED
        job.errors = refusal.errors[:ERRORS_SHOWN]
        if len(refusal.errors) > ERRORS_SHOWN:
            job.errors.append(_("… and %(n)s more.") % {"n": len(refusal.errors)
                                                          - ERRORS_SHOWN})
    except BaseException:
        # Also when the worker is stopped mid-task: the page must not wait for ever. Nothing
        # was written (the import is one transaction); the details go to the worker's log,
        # not to the page.
        logger.exception("ledger import job %s stopped", job_id)
        job.stage = Stage.FAILED
        job.errors = [_("The import stopped on an error; nothing was imported. Try again, "
                        "or ask an administrator to look at the worker's log.")]
        _finish(job)
        raise
    finally:
        progress.close()
    _finish(job)


def _finish(job: LedgerImportJob) -> None:
    job.finished_at = timezone.now()
    fields = ["stage", "rows", "entries", "totals", "errors", "finished_at"]
    if job.stage != Stage.CHECKED:
        job.content = b""  # kept only while it waits for confirmation
        fields.append("content")
    # Not step, done and of: the progress connection wrote them.
    job.save(update_fields=fields)


@task()
def check_uploaded_file(job_id: int) -> None:
    """Check every row as the import would (all errors listed); writes no entry."""
    def check(job: LedgerImportJob, progress: JobProgress) -> None:
        if LedgerImport.objects.filter(fund=job.fund, sha256=job.sha256).exists():
            raise ImportRefused([_("This file was already imported into the fund.")])
        result = check_ledger_file(fund=job.fund, content=bytes(job.content),
                                   file_name=job.file_name, progress=progress)
        job.stage, job.rows, job.entries = Stage.CHECKED, result.rows, result.entries
        job.totals = result.totals or {}
    _run(job_id, check)


@task()
def import_confirmed_file(job_id: int) -> None:
    """Import the confirmed file (checked again: the ledger may have moved since)."""
    def run(job: LedgerImportJob, progress: JobProgress) -> None:
        result = import_ledger(fund=job.fund, content=bytes(job.content),
                               file_name=job.file_name, acting_user=job.confirmed_by,
                               progress=progress)
        job.stage = Stage.IMPORTED
        if result.already_imported:
            job.errors = [_("This file was already imported into the fund; nothing changed.")]
        else:
            # What was posted: checked again against the ledger as it was at the import.
            job.rows, job.entries, job.totals = result.rows, result.entries, result.totals
    _run(job_id, run)
