"""The portal on a phone (docs/accessibility.md): at 390 × 844 CSS pixels no main page is wider
than the screen (a wide table scrolls inside its own box), and axe-core finds no violation
of its rules on any of them.

One browser context visits every page once, signed in as the portal's administrator (who
sees every link and form); each page is then its own test, reading what that visit found."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from agreements.actions import grant_membership
from agreements.models import Membership
from budget.definition import load_fund
from budget.demo import apply_demo_revision
from reports.issuing import issue_report
from tests.conftest import PASSWORD, SEED_DEFINITION, load_seed_files
from tests.isolation import truncate_as_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FUND = "/funds/int-14-x46-a/"
SIGN_IN = "/accounts/login/"
# Test id: the page's address. The sign-in page is read signed out, the others signed in.
PAGES = {
    "sign-in": SIGN_IN,
    "attention": "/",
    "funds": "/funds/",
    "agreement": FUND,
    "agreement-text": FUND + "text/en/",
    "notice-form": FUND + "notices/new/",
    "budget": FUND + "budget/",
    "revisions": FUND + "budget/revisions/",
    "revision-form": FUND + "budget/revisions/new/",
    "ledger": FUND + "ledger/",
    "ledger-entry": FUND + "ledger/27/",
    "pledges": FUND + "pledges/",
    "commitment-form": FUND + "ledger/new/commitment/",
    "ledger-import": FUND + "ledger/import/",
    "rates": FUND + "rates/",
    "forum": FUND + "forum/",
    "forum-participants": FUND + "forum/participants/",
    "forum-visas": FUND + "forum/visas/",
    "reports": FUND + "reports/",
    "progress-report": FUND + "reports/progress/2014/",
    "progress-narrative": FUND + "reports/progress/2014/narrative/",
    "financial-statement": FUND + "reports/statement/2014/",
    "budget-analysis": FUND + "reports/budget_analysis/2014/",
    "letterhead": FUND + "reports/letterhead/",
    "closing": FUND + "closing/",
    "people": FUND + "members/",
    "audit-trail": FUND + "audit/",
    "verify-report": "/reports/verify/",
    "mail-and-calendar": "/account/notifications/",
    "password-change": "/accounts/password/",
    "second-factor-setup": "/accounts/second-factor/set-up/",
    "api-tokens": "/api/tokens/",
    "service-accounts": "/api/funds/int-14-x46-a/service-accounts/",
}

# The elements sticking out past the screen's right edge, widest first (those inside a box
# that scrolls or clips aside): what to fix.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = element => {
        // An absolutely placed element is clipped only by its containing block and beyond.
        let position = getComputedStyle(element).position;
        if (position === 'fixed') return false;
        for (let box = element.parentElement; box && box !== document.body;
             box = box.parentElement) {
            const style = getComputedStyle(box);
            if (position === 'absolute' && style.position === 'static') continue;
            if (style.overflowX !== 'visible') return true;
            position = style.position;
        }
        return false;
    };
    const wide = [];
    for (const element of document.querySelectorAll('body *')) {
        const right = element.getBoundingClientRect().right;
        if (right > width + 0.5 && !clipped(element)) {
            const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                + [...element.classList].map(c => '.' + c).join('');
            wide.push([Math.round(right - width), name]);
        }
    }
    wide.sort((a, b) => b[0] - a[0]);
    return {scrollWidth: document.documentElement.scrollWidth,
            culprits: wide.slice(0, 5).map(([by, name]) => `${name} (+${by}px)`)};
}"""


def seed_the_demo() -> None:
    """The seed fund as `make run` loads it (rates, the 2014 ledger, the forum, the demo's
    revision), with its 2014 financial statement issued (a report's issued versions and
    their SHA-256 on the page)."""
    users = get_user_model().objects
    loader = users.create_superuser(username="loader", password=PASSWORD)
    agreement = load_fund(SEED_DEFINITION, acting_user=loader).agreement
    for name in ("programme1", "programme2"):
        grant_membership(agreement=agreement, user=users.create_user(name, password=PASSWORD),
                         role=Membership.Role.DESA_PROGRAMME, acting_user=None)
    load_seed_files()
    apply_demo_revision(fund=agreement.fund)
    issue_report(fund=agreement.fund, kind="statement", year=2014, acting_user=loader,
                 today=date(2015, 3, 2), confirmed=True)


def visit(page, axe: Axe, path: str) -> dict:
    """What one page shows: its answer, its width and axe-core's violations (or the error
    that stopped the visit, for that page's tests alone to report)."""
    try:
        response = page.goto(path)
        found = {"status": response.status if response else None, "url": page.url}
        found.update(page.evaluate(OVERFLOW))
        results = axe.run(page)
    except Exception as error:  # reported by that page's own tests
        return {"error": f"{type(error).__name__}: {error}"}
    found["violations"] = results.violations_count
    found["axe_report"] = results.generate_report()
    return found


@pytest.fixture(scope="module")
def visits(chromium, live_server, django_db_setup, django_db_blocker) -> dict[str, dict]:
    """Every page of PAGES, visited once on a phone-sized screen; the database emptied
    after (the tests only read what was found)."""
    found: dict[str, dict] = {}
    with django_db_blocker.unblock():
        try:
            seed_the_demo()
            context = chromium.new_context(base_url=live_server.url, viewport=PHONE,
                                           is_mobile=True, has_touch=True)
            try:
                page = context.new_page()
                axe = Axe()
                found["sign-in"] = visit(page, axe, SIGN_IN)
                page.get_by_label("Username").fill("loader")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(lambda url: SIGN_IN not in url)
                for name, path in PAGES.items():
                    if name != "sign-in":
                        found[name] = visit(page, axe, path)
            finally:
                context.close()
        finally:
            truncate_as_owner()
    return found


@pytest.fixture
def visited(visits, request) -> dict:
    name = request.node.callspec.params["name"]
    found = visits[name]
    assert "error" not in found, f"{PAGES[name]}: {found.get('error')}"
    assert found["status"] == 200, f"{PAGES[name]} answered {found['status']} ({found['url']})"
    assert found["url"].endswith(PAGES[name]), f"{PAGES[name]} went to {found['url']}"
    return found


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_a_phone(visited, name):
    overflow = visited["scrollWidth"] - PHONE["width"]
    assert overflow <= 0, (
        f"{PAGES[name]} is {overflow}px wider than a {PHONE['width']}px phone; sticking out: "
        + ", ".join(visited["culprits"]))


@pytest.mark.parametrize("name", PAGES)
def test_axe_core_finds_no_violation(visited, name):
    assert visited["violations"] == 0, f"{PAGES[name]}: {visited['axe_report']}"
