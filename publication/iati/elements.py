"""The pieces every IATI element is built of: narratives, values, the reporting
organisation."""

import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from lxml import etree

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("kk", "ru")
MULTILATERAL = "40"
# What XML 1.0 cannot hold, which a title typed or pasted may carry (a vertical tab from a
# word processor): left out rather than refusing to publish the whole file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def add(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})


def narratives(parent: etree._Element, text: str,
               others: dict[str, str] | None = None) -> etree._Element:
    """The English text (the file's language), then each other language the record has."""
    add(parent, "narrative").text = xml_text(text)
    for language in LANGUAGES:
        if (others or {}).get(language):
            element = add(parent, "narrative")
            element.set(XML_LANG, language)
            element.text = xml_text(others[language])
    return parent


def money(parent: etree._Element, tag: str, amount: Decimal, value_date: date
          ) -> etree._Element:
    """An amount in US dollars (the fund's books, Art. 1.5) with its value date."""
    element = add(parent, tag, currency="USD", **{"value-date": value_date.isoformat()})
    element.text = f"{amount:.2f}"
    return element


def reporting_org(parent: etree._Element) -> etree._Element:
    element = add(parent, "reporting-org", ref=settings.IATI_REPORTING_ORG_REF,
                  type=MULTILATERAL)
    return narratives(element, settings.IATI_REPORTING_ORG_NAME)
