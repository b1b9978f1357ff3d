"""A Government officer works in Kazakh or Russian without meeting English: the main pages,
read in Chromium after switching the language, show no English phrase of the portal's
catalog (names, codes and figures aside), and a refusal reads in the officer's language."""

import re

import pytest
from babel.messages.pofile import read_po

from agreements.models import Membership
from tests.agreements.test_agreement_page_browser import sign_in
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Within the fund ("/" is its agreement page), then the person's own pages.
PAGES = ["/", "budget/", "ledger/", "forum/", "forum/visas/", "reports/"]
OWN_PAGES = ["/", "/account/notifications/"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{?\s*[a-z_.]+\s*\}?\}|<[^>]+>")


def english_phrases(language: str) -> set[str]:
    """The catalog's English phrases of two words or more that the language translates
    differently: any of them on a page is an untranslated string."""
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    phrases = set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or message.string == message.id:
            continue
        for fragment in PLACEHOLDER.split(message.id):
            fragment = fragment.strip(" .,:;()—-")
            if len(fragment.split()) >= 2 and len(fragment) >= 10:
                phrases.add(fragment)
    return phrases


def visible_text(page) -> str:
    """The page's text in its own language: without the language switch (it names each
    language in that language) and without content marked as in another language (a fund
    definition's English objectives and indicators carry lang="en")."""
    return page.evaluate("""() => { const body = document.body.cloneNode(true);
        const language = document.documentElement.lang;
        body.querySelectorAll('.language-switch').forEach(e => e.remove());
        body.querySelectorAll('[lang]').forEach(e => { if (e.lang !== language) e.remove(); });
        return body.innerText; }""")


@pytest.mark.parametrize(("language", "name", "ledger"), [
    ("kk", "Қазақша", "Бас кітап"), ("ru", "Русский", "Главная книга")])
def test_a_government_officer_meets_no_english_on_the_main_pages(page, demo_fund, make_user,
                                                                language, name, ledger):
    make_user("gov1", agreement=demo_fund.agreement, role=Membership.Role.GOVERNMENT)
    sign_in(page, "gov1")
    page.get_by_label("Language").select_option(label=name)
    page.get_by_role("button", name="Switch").click()
    phrases = english_phrases(language)
    base = f"/funds/{demo_fund.agreement.slug}/"
    found = {}
    for path in [*(base + path if path != "/" else base for path in PAGES), *OWN_PAGES]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        text = visible_text(page)
        found.update({phrase: path for phrase in phrases if phrase in text})
    assert not found, "\n".join(f"{path}: {phrase}" for phrase, path in sorted(found.items()))
    page.goto(base + "ledger/")
    assert ledger in page.locator("h1").inner_text()


def test_a_refusal_reads_in_russian(page, demo_fund, make_user):
    make_user("finance7", agreement=demo_fund.agreement, role=Membership.Role.DESA_FINANCE)
    sign_in(page, "finance7")
    page.get_by_label("Language").select_option(label="Русский")
    page.get_by_role("button", name="Switch").click()
    page.goto(f"/funds/{demo_fund.agreement.slug}/ledger/new/commitment/")
    page.locator("#id_line").select_option("5301")
    page.locator("#id_value_date").fill("2014-12-15")
    page.locator("#id_amount").fill("7000000")
    page.locator("form.stacked button[type=submit]").click()
    refusal = page.locator(".refusal").inner_text()
    assert "5301" in refusal and "Line" not in refusal and "available" not in refusal
    assert re.search("[а-яА-Я]{4,}", refusal)
