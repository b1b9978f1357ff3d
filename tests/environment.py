"""Test-run environment, set before Django reads its settings (loaded with `-p`).

Tests run with production-like settings (DEBUG off) against the PostgreSQL that
`scripts/with-postgres.sh` starts; the values below are for tests only.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("API_THROTTLE", "false")
# Two-factor sign-in is on in production; its own tests turn it on
# (tests/test_second_factor.py), the others sign in with a password as before.
os.environ.setdefault("MFA_REQUIRED", "false")
# Playwright's sync API runs an event loop in the test thread (docs/testing.md#browser-tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
