"""The served OpenAPI schema is generated without a warning: two components with one name, an
enum named twice or a view drf-spectacular cannot describe would give clients a wrong
schema (and the fuzzing tests a wrong picture of the API)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_schema_is_generated_and_valid_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
         "--file", str(tmp_path / "schema.yml")],
        cwd=ROOT, env={**os.environ, "DEBUG": "true"}, capture_output=True, text=True,
        timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/api/v1/funds/{slug}/notices/" in (tmp_path / "schema.yml").read_text()
