"""The IATI 2.03 organisation file (docs/publication.md#the-organisation-file): the
reporting organisation's identifier and name, and for each year the budgets and the
expenditure of the funds that opted in to IATI, added up. A fund that did not opt in
counts for nothing here."""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override
from lxml import etree

from publication.figures import open_figures
from publication.iati.activity import yearly_budgets
from publication.iati.elements import IATI_VERSION, XML_LANG, add, money, narratives, reporting_org
from publication.models import Publication
from reports.statements import ZERO, LedgerSums


def _yearly(parent: etree._Element, tag: str, totals: dict[int, Decimal]) -> None:
    for year in sorted(totals):
        if not totals[year]:
            continue
        element = add(parent, tag)
        add(element, "period-start", **{"iso-date": date(year, 1, 1).isoformat()})
        add(element, "period-end", **{"iso-date": date(year, 12, 31).isoformat()})
        money(element, "value", totals[year], date(year, 1, 1))


def organisation_file() -> bytes:
    budgets: dict[int, Decimal] = defaultdict(lambda: ZERO)
    spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    published = (Publication.objects.filter(publish_iati=True)
                 .select_related("fund__agreement").order_by("fund__project_number"))
    with override("en"):
        for publication in published:
            fund = publication.fund
            figures = open_figures(fund, LedgerSums(fund))
            for first, _last, amount, _type in yearly_budgets(fund, figures):
                budgets[first.year] += amount
            for statement in figures.statements:
                spent[statement.year] += statement.expenditure + statement.programme_support
    root = etree.Element("iati-organisations", {
        "version": IATI_VERSION,
        "generated-datetime": datetime.now(tz=timezone.get_current_timezone())
        .replace(microsecond=0).isoformat()})
    organisation = add(root, "iati-organisation", **{
        "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        "default-currency": "USD"})
    organisation.set(XML_LANG, "en")
    add(organisation, "organisation-identifier").text = settings.IATI_REPORTING_ORG_REF
    narratives(add(organisation, "name"), settings.IATI_REPORTING_ORG_NAME)
    reporting_org(organisation)
    _yearly(organisation, "total-budget", budgets)
    _yearly(organisation, "total-expenditure", spent)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
