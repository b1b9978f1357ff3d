"""A report document as an HTML page, a PDF (WeasyPrint, PDF/A-3u, fonts embedded), an XLSX
workbook and CSV."""

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from budget.spreadsheets import formula_safe

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"


def verification_url(fingerprint: str) -> str:
    """Where the printed QR code and link of an issued version lead: its public
    verification page (docs/reports.md#verifying-a-printed-report)."""
    return settings.PORTAL_URL.rstrip("/") + reverse("reports:verified", args=[fingerprint])


def _qr_svg(url: str) -> str:
    """The QR code of the verification URL as inline SVG (vector: sharp at any print size)."""
    import segno

    return segno.make(url, error="m").svg_inline(
        omitsize=True, svgclass="qr", lineclass=None, title=_("Verification page"))


def css_string(text: str) -> str:
    """A quoted CSS string of any text, every character but letters, digits and spaces
    written as a CSS escape (so "e-Government" prints as such, and nothing closes the
    style element)."""
    return '"' + "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} "
                         for char in text) + '"'


def _margins(document: dict, version: int | None) -> dict[str, str]:
    """The running header and footer of every page, as CSS strings."""
    state = (_("version %(version)s") % {"version": version} if version else _("draft"))
    return {key: mark_safe(css_string(text)) for key, text in {  # noqa: S308 (escaped)
        "top_left": " / ".join(document.get("parties", [])),
        "top_right": f"{document.get('project', '')} · {document.get('period', '')}",
        "bottom_left": f"{document.get('title', '')} · {state}",
        "page": pgettext("page numbers", "page") + " ",
        "of": " " + pgettext("page numbers", "of") + " "}.items()}


def _widest_amount(document: dict) -> int:
    """The most characters of an amount in the document's tables (stored unformatted)."""
    return max((len(str(cell)) for table in document.get("tables", [])
                for row in table["rows"]
                for cell, column in zip(row["cells"], table["columns"], strict=False)
                if column.get("num")), default=0)


def print_html(document: dict, *, version: int | None = None,
               fingerprint: str | None = None) -> str:
    """The HTML a PDF is printed from (templates/reports/print.html)."""
    from agreements.models import Party
    from reports.letterheads import letterhead_image

    # The letterhead names the Government party in words; no emblem is printed.
    governments = list(Party.objects.filter(
        kind=Party.Kind.GOVERNMENT, name__in=document.get("parties", [])).values_list(
        "name", flat=True))
    url = verification_url(fingerprint) if fingerprint else None
    return render_to_string("reports/print.html", {
        "document": document, "version": version, "fonts": FONTS.as_uri(),
        "margins": _margins(document, version),
        # Amounts of hundreds of millions ("-123456789.00"): the smaller type of landscape
        # tables, so that ten columns of them still fit the page.
        "dense": _widest_amount(document) > 12,
        "language": get_language() or settings.LANGUAGE_CODE, "governments": governments,
        "fingerprint": fingerprint, "verification_url": url,
        "letterhead_image": letterhead_image(document.get("project", "")),
        "qr_svg": mark_safe(_qr_svg(url)) if url else "",  # noqa: S308 (segno's own SVG)
    })


def render_pdf(document: dict, *, version: int | None = None,
               fingerprint: str | None = None) -> bytes:
    """A4, the parties, project and period in the header, "page X of Y", table headings on
    every page, DejaVu Sans (which has the Kazakh letters) embedded, PDF/A-3u, tagged (a
    structure tree for screen readers) in the language it is rendered in. A draft (no
    version) says DRAFT across every page; an issued version prints its fingerprint, the
    URL of its verification page and that URL as a QR code (docs/reports.md)."""
    from weasyprint import HTML  # imported here: Pango loads only when a PDF is made

    html = print_html(document, version=version, fingerprint=fingerprint)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/a-3u", pdf_tags=True, uncompressed_pdf=False,
        custom_metadata=True)


def _number(cell: str, *, whole: bool = False) -> Decimal | int | str:
    try:
        number = Decimal(cell)
    except (InvalidOperation, TypeError):
        return cell
    return int(number) if whole else number


def render_xlsx(document: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for index, table in enumerate(document["tables"], start=1):
        # A sheet's name is at most 31 characters, none of []:*?/\ (a note's title has ":").
        sheet = book.create_sheet(INVALID_TITLE_REGEX.sub("-", f"{index} {table['title']}")[:31])
        sheet.append([formula_safe(document["title"])])
        sheet.append([formula_safe(f"{document['project']} · {document['period']} · "
                                   f"{' / '.join(document['parties'])}")])
        sheet.append([formula_safe(table["title"])])
        sheet.append([formula_safe(column["title"]) for column in table["columns"]])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            sheet.append([_number(cell, whole=column.get("count", False))
                          if column.get("num") else formula_safe(cell)
                          for cell, column in zip(row["cells"], table["columns"],
                                                  strict=False)])
            if row["kind"] != "line":
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for column_cells in sheet.iter_cols(min_row=5, min_col=2):
            for cell in column_cells:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
        sheet.column_dimensions["A"].width = 48
        sheet.freeze_panes = "B5"
    if document.get("sections"):
        sheet = book.create_sheet(_("Narrative")[:31])
        for section in document["sections"]:
            sheet.append([formula_safe(section["title"])])
            sheet[sheet.max_row][0].font = Font(bold=True)
            sheet.append([formula_safe(section["text"])])
        sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_csv(document: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([formula_safe(document["title"]), formula_safe(document["project"]),
                     formula_safe(document["period"])])
    for table in document["tables"]:
        writer.writerow([])
        writer.writerow([formula_safe(table["title"])])
        writer.writerow([formula_safe(column["title"]) for column in table["columns"]])
        for row in table["rows"]:
            # Amounts are numbers, written as they are; only text could start a formula.
            writer.writerow([cell if column.get("num") else formula_safe(cell)
                             for cell, column in zip(row["cells"], table["columns"],
                                                     strict=False)])
    for section in document.get("sections", []):
        writer.writerow([])
        writer.writerow([section["title"]])
        writer.writerow([formula_safe(section["text"])])
    return buffer.getvalue()
