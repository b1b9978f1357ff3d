"""An issued report in each language: one PDF per language, each with its own SHA-256, the
same figures, headings in the reader's language, all verifiable, none changeable."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from reports.issuing import issue_report
from reports.models import IssuedTranslation
from tests.reports.test_issuing import officers, text_of  # noqa: F401 - the fixture

ENGLISH_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
# Kazakh and Russian group thousands with a (no-break) space and use a decimal comma.
LOCAL_AMOUNT = re.compile(r"-?\d{1,3}(?:[\s\u00a0\u202f]\d{3})*,\d{2}")


def amounts(text: str, pattern: re.Pattern, group: str, point: str) -> list[Decimal]:
    return sorted(Decimal(re.sub(group, "", found).replace(point, "."))
                  for found in pattern.findall(text))


@pytest.mark.django_db
def test_the_statement_is_issued_in_three_languages_with_the_same_figures(demo_fund,
                                                                         officers):  # noqa: F811
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    files = {other.language: other for other in issued.translations.all()}
    assert set(files) == {"kk", "ru"}
    assert len({issued.sha256, files["kk"].sha256, files["ru"].sha256}) == 3

    english = text_of(bytes(issued.pdf))
    kazakh = " ".join(text_of(bytes(files["kk"].pdf)).split())
    russian = " ".join(text_of(bytes(files["ru"].pdf)).split())
    # (The statement's heading is now in words, "Financial statement of the trust fund
    # for ..."; the rows' labels are the language's.)
    assert "Алынған жарналар" in kazakh
    assert "Біріккен Ұлттар Ұйымының Бухгалтерлік есеп бөлімі" in kazakh
    assert "Полученные взносы" in russian
    assert "Contributions received" not in kazakh + russian
    # The same figures: the Government's 500,000.00 and the closing 101,196.25 (hand-worked
    # in tests/reports/test_statements.py), and every other amount, in each language's form.
    in_english = amounts(english, ENGLISH_AMOUNT, ",", ".")
    assert Decimal("500000.00") in in_english and Decimal("101196.25") in in_english
    assert amounts(kazakh, LOCAL_AMOUNT, r"[\s\u00a0\u202f]", ",") == in_english
    assert amounts(russian, LOCAL_AMOUNT, r"[\s\u00a0\u202f]", ",") == in_english


@pytest.mark.django_db
def test_each_language_downloads_and_verifies(client, demo_fund, officers):  # noqa: F811
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    kazakh = issued.translations.get(language="kk")
    client.force_login(officers["government"])
    url = reverse("reports:issued_download", args=[demo_fund.agreement.slug, issued.pk, "pdf"])
    assert client.get(url, {"language": "kk"}).content == bytes(kazakh.pdf)
    assert client.get(url, {"language": "en"}).content == bytes(issued.pdf)
    assert client.get(url, {"language": "xx"}).status_code == 404
    verified = client.post(reverse("reports:verify"), {"sha256": kazakh.sha256})
    page = verified.content.decode()
    assert "Verified." in page and f"{kazakh.sha256}</code> (KK)" in page
    sheet = client.get(reverse("reports:issued_download", args=[
        demo_fund.agreement.slug, issued.pk, "csv"]), {"language": "ru"}).content.decode()
    assert "Полученные взносы" in sheet


@pytest.mark.django_db
def test_an_issued_translation_cannot_be_changed_in_the_database(demo_fund,
                                                                officers):  # noqa: F811
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    kazakh = IssuedTranslation.objects.get(report=issued, language="kk")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE reports_issuedtranslation SET sha256 = %s WHERE id = %s",
                       ["0" * 64, kazakh.pk])
