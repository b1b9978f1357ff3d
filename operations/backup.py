"""A backup of the portal: the database (pg_dump's custom format, restorable into a new
database with pg_restore) and the uploaded files, in one folder with a manifest that names
what it holds and its SHA-256 sums (docs/operations.md#backups)."""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupFailed(Exception):
    pass


@dataclass(frozen=True)
class Backup:
    folder: Path
    database: Path
    media: Path


def _program(name: str) -> str:
    folder = os.environ.get("PG_BIN")
    path = (Path(folder) / name) if folder else shutil.which(name)
    if path is None or not Path(path).exists():
        raise BackupFailed(f"{name} not found: install PostgreSQL's client programs or set "
                           "PG_BIN")
    return str(path)


def _connection_environment(alias: str) -> dict[str, str]:
    database = settings.DATABASES[alias]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupFailed("backups are made of a PostgreSQL database")
    environment = {**os.environ, "PGDATABASE": database["NAME"],
                   "PGUSER": database.get("USER") or "", "PGHOST": database.get("HOST") or "",
                   "PGPORT": str(database.get("PORT") or "")}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return environment


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_backup(target: Path, *, alias: str = "default") -> Backup:
    """Dump the database and archive the media files into a new folder under `target`."""
    connections[alias].close()
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
    folder = target / f"trustfund-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    database = folder / "database.dump"
    result = subprocess.run(  # noqa: S603 - fixed program and arguments
        [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
         f"--file={database}"], env=_connection_environment(alias), capture_output=True,
        text=True, check=False)
    if result.returncode != 0:
        raise BackupFailed(f"pg_dump failed: {result.stderr.strip()}")
    media = folder / "media.tar.gz"
    media_root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    with tarfile.open(media, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {"made_at": stamp, "database": database.name, "media": media.name,
                "sha256": {database.name: _sha256(database), media.name: _sha256(media)}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return Backup(folder=folder, database=database, media=media)
