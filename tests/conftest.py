from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from agreements.actions import grant_membership
from agreements.models import Agreement
from budget.definition import load_fund

ROOT = Path(__file__).resolve().parent.parent
SEED_DEFINITION = ROOT / "funds" / "int-14-x46-a" / "fund.yaml"
PASSWORD = "correct horse battery staple 2014"


@pytest.fixture
def seed(db) -> Agreement:
    """The INT/14/X46/A agreement, loaded through load_fund as the demo does."""
    return load_fund(SEED_DEFINITION).agreement


@pytest.fixture
def make_user(db):
    def make(username: str, *, agreement: Agreement | None = None, role: str | None = None,
             superuser: bool = False):
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
        )
        if agreement is not None and role is not None:
            grant_membership(agreement=agreement, user=user, role=role)
        return user

    return make


CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, without the background traffic this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()
