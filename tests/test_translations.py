"""Kazakh and Russian: every message of the portal translated, numbers and dates in each
language's forms, the language a person chooses kept across sessions."""

import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

from agreements.dates import date_in_words
from agreements.models import Membership
from budget.amounts import format_amount
from tests.conftest import PASSWORD, ROOT

NNBSP, NBSP = "\u202f", "\u00a0"


def sign_in(client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_every_message_of_the_source_is_translated_into_kazakh_and_russian(tmp_path):
    """The catalogs are extracted afresh from a copy of the source (as `makemessages` would
    after a change): a new string without its kk and ru translation fails here."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "var", "node_modules", "__pycache__", "*.mo", "tests", "bench"))
    extracted = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "kk", "-l", "ru", "--ignore=.venv",
         "-v0"], cwd=copy, capture_output=True, text=True, env={
            **__import__("os").environ, "DEBUG": "true"}, check=False)
    assert extracted.returncode == 0, extracted.stderr
    problems = []
    for language in ("kk", "ru"):
        path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (
                message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"{language}: {message.id!r}")
    assert problems == []


@pytest.mark.parametrize(("language", "amount", "day"), [
    ("en", "1,234,567.50", "4 August 2014"),
    ("ru", f"1{NBSP}234{NBSP}567,50", f"4 августа 2014{NNBSP}г."),
    ("kk", f"1{NBSP}234{NBSP}567,50", f"2014{NNBSP}ж. 4 тамыз"),
])
def test_amounts_and_dates_take_each_languages_forms(language, amount, day):
    assert format_amount(Decimal("1234567.5"), language=language) == amount
    assert date_in_words(date(2014, 8, 4), language=language) == day


@pytest.mark.django_db
def test_the_sign_in_page_follows_the_browser_until_a_language_is_chosen(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="ru">' in page and "Войти" in page and "Sign in" not in page
    client.post(reverse("choose_language"), {"language": "kk", "next": "/accounts/login/"},
                HTTP_ACCEPT_LANGUAGE="ru")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="kk">' in page and "Кіру" in page


@pytest.mark.django_db
def test_a_chosen_language_is_kept_in_every_later_session(client, seed, make_user):
    user = make_user("gov1", agreement=seed, role=Membership.Role.GOVERNMENT)
    sign_in(client, "gov1")
    response = client.post(reverse("choose_language"), {"language": "kk", "next": "/funds/"})
    assert response.status_code == 302 and response["Location"] == "/funds/"
    user.refresh_from_db()
    assert user.preferred_language == "kk"
    assert user.history.first().history_change_reason == "language chosen"

    client.logout()
    client.cookies.clear()  # another browser: no language cookie, an English one
    sign_in(client, "gov1")
    page = client.get(f"/funds/{seed.slug}/ledger/", HTTP_ACCEPT_LANGUAGE="en").content
    assert '<html lang="kk">' in page.decode() and "Бас кітап" in page.decode()


@pytest.mark.django_db
def test_an_unknown_language_or_an_outside_address_changes_nothing(client, seed, make_user):
    user = make_user("gov1", agreement=seed, role=Membership.Role.GOVERNMENT)
    sign_in(client, "gov1")
    response = client.post(reverse("choose_language"), {"language": "xx",
                                                        "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.preferred_language == ""
    assert client.get(reverse("choose_language")).status_code == 405
