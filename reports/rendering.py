"""A report document as an HTML page, a PDF (WeasyPrint, PDF/A-3u, fonts embedded), an XLSX
workbook and CSV."""

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from budget.spreadsheets import formula_safe

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"


def render_pdf(document: dict, *, version: int | None = None) -> bytes:
    """A4, the parties, project and period in the header, "page X of Y", table headings on
    every page, DejaVu Sans (which has the Kazakh letters) embedded, PDF/A-3u."""
    from weasyprint import HTML  # imported here: Pango loads only when a PDF is made

    html = render_to_string("reports/print.html", {
        "document": document, "version": version, "fonts": FONTS.as_uri()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/a-3u", uncompressed_pdf=False,
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
