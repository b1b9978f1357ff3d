from datetime import date
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agreements.actions import NoticeDraft, grant_membership, record_notice
from agreements.models import Agreement, Membership, Notice, Party
from budget.definition import load_fund

ROOT = Path(__file__).resolve().parent.parent
SEED_DEFINITION = ROOT / "funds" / "int-14-x46-a" / "fund.yaml"
PASSWORD = "correct horse battery staple 2014"


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """The database is the one `scripts/with-postgres.sh` made with deploy/roles.sql: migrate
    it as the owner, then run every test as the runtime role, as production does."""
    from django.conf import settings

    from tests.isolation import use_owner_for_flushes

    assert "owner" in settings.DATABASES, "run the tests through scripts/with-postgres.sh"
    use_owner_for_flushes()
    with django_db_blocker.unblock():
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request in another language (Accept-Language) leaves
    that language active in the thread, and the next test would read its messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def loader(db):
    """The administrator who runs the loads and imports (`--user`), as `make run` does."""
    return get_user_model().objects.create_superuser(username="loader", password=PASSWORD)


@pytest.fixture
def seed(loader) -> Agreement:
    """The INT/14/X46/A agreement, loaded through load_fund as the demo does."""
    return load_fund(SEED_DEFINITION, acting_user=loader).agreement


def load_seed_files(*, rates: bool = True, ledger: bool = True, forum: bool = True) -> None:
    """The seed fund's KZT rates, demo 2014 ledger and forum, as `make run` loads them, by
    the `loader` user."""
    folder = SEED_DEFINITION.parent
    user = ["--user", "loader"]
    if rates:
        call_command("import_rates", str(folder / "rates-2014.csv"), *user, verbosity=0)
    if ledger:
        call_command("import_ledger", "INT/14/X46/A", str(folder / "ledger-2014.csv"), *user,
                     verbosity=0)
    if forum:
        call_command("load_forum", str(folder / "forum.yaml"), *user, verbosity=0)


@pytest.fixture
def second_fund(seed, loader, tmp_path):
    """A second fund loaded like the seed (its definition under another number and slug,
    INT/15/X01/A, int-15-x01-a): what its people may see is theirs, not the seed's."""
    definition = yaml.safe_load(SEED_DEFINITION.read_text())
    definition["fund"].update(project_number="INT/15/X01/A", slug="int-15-x01-a")
    folder = tmp_path / "second-fund"
    folder.mkdir()
    for name in ("agreement-en.md", "agreement-kk.md", "agreement-ru.md"):
        (folder / name).write_bytes((SEED_DEFINITION.parent / name).read_bytes())
    (folder / "fund.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True))
    return load_fund(folder / "fund.yaml", acting_user=loader).agreement.fund


@pytest.fixture
def letter(seed) -> Notice:
    """DESA's letter authorising a reallocation (Annex B, section 4.3), received by the
    Government: what a budget revision cites."""
    return record_notice(agreement=seed, acting_user=None, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=date(2014, 10, 1),
        received_on=date(2014, 10, 3), delivery="mail", reference="DESA/2014/41",
        subject="Reallocation of 3,000 from 5301 to 5201"))


@pytest.fixture
def make_user(db):
    def make(username: str, *, agreement: Agreement | None = None, role: str | None = None,
             superuser: bool = False):
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
        )
        if agreement is not None and role is not None:
            grant_membership(agreement=agreement, user=user, role=role, acting_user=None)
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


@pytest.fixture
def demo_fund(seed, make_user):
    """The seed fund as `make run` loads it: rates, the 2014 ledger, the forum's travel
    grants (line 3201, docs/forum.md#travel-grants) and the demo revision."""
    from budget.demo import apply_demo_revision

    make_user("programme1", agreement=seed, role=Membership.Role.DESA_PROGRAMME)
    make_user("programme2", agreement=seed, role=Membership.Role.DESA_PROGRAMME)
    load_seed_files()
    apply_demo_revision(fund=seed.fund)
    return seed.fund
