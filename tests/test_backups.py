"""A backup restores into a fresh database on which the ledger verifies and the issued
reports still verify (docs/operations.md#backups): the restore is tested end to end, with the
same commands the documentation gives."""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.models import Membership
from reports.issuing import issue_report

ROOT = Path(__file__).resolve().parent.parent


def psql_environment(url: str) -> dict[str, str]:
    """The libpq variables that connect to the database of `url`."""
    database = dj_database_url.parse(url)
    return {**os.environ, "PGHOST": database["HOST"], "PGPORT": str(database["PORT"]),
            "PGUSER": database["USER"], "PGDATABASE": database["NAME"]}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_that_verifies(demo_fund, make_user,
                                                               tmp_path):
    finance = make_user("finance9", agreement=demo_fund.agreement,
                        role=Membership.Role.DESA_FINANCE)
    issued = issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=finance,
                          confirmed=True)
    pdf = tmp_path / "statement-2014.pdf"
    pdf.write_bytes(bytes(issued.pdf))

    call_command("backup", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    assert {path.name for path in folder.iterdir()} == {"database.dump", "media.tar.gz",
                                                        "manifest.json"}

    # The documented restore: a new database made by deploy/database.sql, the dump
    # restored into it as the owner role, the files unpacked.
    pg_bin = Path(os.environ["PG_BIN"])
    admin = psql_environment(os.environ["POSTGRES_ADMIN_URL"])
    subprocess.run([pg_bin / "psql", "-q", "-v", "owner=trustfund_owner", "-v",
                    "runtime=trustfund", "-v", "database=restored", "-f",
                    ROOT / "deploy" / "database.sql"], env=admin, check=True,
                   capture_output=True)
    owner = {**psql_environment(os.environ["MIGRATION_DATABASE_URL"]), "PGDATABASE": "restored"}
    restore = subprocess.run([pg_bin / "pg_restore", "--no-owner", "--exit-on-error",
                              "--dbname=restored", folder / "database.dump"],
                             env=owner, capture_output=True, text=True, check=False)
    assert restore.returncode == 0, restore.stderr
    media = tmp_path / "restored-media"
    with tarfile.open(folder / "media.tar.gz") as archive:
        archive.extractall(media, filter="data")

    runtime_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/restored"
    environment = {**os.environ, "DATABASE_URL": runtime_url,
                   "MEDIA_ROOT": str(media / "media")}
    environment.pop("MIGRATION_DATABASE_URL")

    def manage(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT,
                              env=environment, capture_output=True, text=True, timeout=300,
                              check=False)

    verified = manage("verify_ledger", "--fund", "INT/14/X46/A")
    assert verified.returncode == 0, verified.stderr
    assert "every balance and charge agrees with the entries" in verified.stdout
    report = manage("verify_report", str(pdf))
    assert report.returncode == 0, report.stderr
    assert f"SHA-256 {issued.sha256}" in report.stdout
    # The restored copy keeps the database's defences: the issued report still cannot be
    # changed by the runtime role.
    forged = subprocess.run(
        [pg_bin / "psql", "-v", "ON_ERROR_STOP=1", "-c",
         "UPDATE reports_issuedreport SET sha256 = repeat('0', 64)"],
        env={**psql_environment(runtime_url)}, capture_output=True, text=True, check=False)
    assert forged.returncode != 0 and "kept as recorded" in forged.stderr
    assert settings.DATABASES["default"]["NAME"] == "trustfund"  # the suite's own is untouched
