"""Security settings a deployment relies on: check --deploy, CSP, lockout, login."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-" + "k7Qw9zX2" * 8,
    "ALLOWED_HOSTS": "trustfund.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/trustfund",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL",
                         "SECURE_SSL_REDIRECT", "STATIC_MANIFEST", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_prints_no_warning_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_reports_would_print_a_local_address():
    # The verification address printed on issued reports and mail comes from PORTAL_URL.
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env={**PRODUCTION_ENV, "PORTAL_URL": "http://127.0.0.1:8000"})
    assert result.returncode != 0
    assert "reports.W001" in result.stderr + result.stdout
    assert "not an https address" in result.stderr + result.stdout
    public = manage("check", "--deploy", "--fail-level", "WARNING",
                    env={**PRODUCTION_ENV, "PORTAL_URL": "https://funds.un.example.org"})
    assert public.returncode == 0, public.stdout + public.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_demo_users_are_never_created_by_production_settings():
    result = manage("load_demo", "--fund", "INT/14/X46/A", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "only with DEBUG=true" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client, make_user):
    make_user("finance1")
    for _attempt in range(5):
        response = client.post(reverse("login"), {"username": "finance1", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "finance1",
                                              "password": "correct horse battery staple 2014"})
    # Locked: even the right password is refused for a while.
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_the_right_password_signs_in(client, make_user):
    make_user("government")
    response = client.post(reverse("login"), {"username": "government",
                                              "password": "correct horse battery staple 2014"})
    assert response.status_code == 302
    # Where what needs the person's attention is (docs/notifications.md#the-home-page).
    assert response["Location"] == reverse("attention:home")


@pytest.mark.django_db
def test_forms_are_protected_against_cross_site_requests(seed, make_user):
    from django.test import Client

    from agreements.models import Membership

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("p", agreement=seed, role=Membership.Role.DESA_PROGRAMME))
    response = client.post(reverse("agreements:notice_create", args=[seed.slug]), {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_over_long_user_name_is_refused_plainly(client):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "whatever"})
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
