"""The official IATI 2.03 schemas, kept in publication/schemas/iati-2.03 with their licence,
loaded once per process (docs/publication.md#validation)."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "iati-2.03"
ACTIVITIES = "iati-activities-schema.xsd"
ORGANISATIONS = "iati-organisations-schema.xsd"


@cache
def schema(name: str) -> etree.XMLSchema:
    # The schemas import xml.xsd beside them: no network is read.
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def problems(document: bytes, name: str) -> list[str]:
    """What the schema finds wrong with a file: empty when it is valid."""
    checker = schema(name)
    if checker.validate(etree.fromstring(document)):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]
