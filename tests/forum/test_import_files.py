"""The one toolkit of the all-or-none imports: how files are read (encoding, delimiter,
header) and how every row's error is reported with nothing written."""

from datetime import date
from decimal import Decimal as D

import pytest

from budget.import_files import ImportRefused, read_table
from budget.models import ExchangeRate
from budget.rates import import_exchange_rates

COLUMNS = {"required": {"currency", "valid_from", "units_per_usd"}, "optional": set(),
           "max_rows": 10}


def test_a_semicolon_file_with_a_byte_order_mark_reads_like_a_comma_file():
    # What a spreadsheet set to Russian or Kazakh saves as "CSV (UTF-8)".
    content = "\ufeffcurrency;valid_from;units_per_usd\r\nKZT;2014-08-01;181,85\r\n".encode()
    table = read_table("rates.csv", content, **COLUMNS)
    assert table.columns == ["currency", "valid_from", "units_per_usd"]
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, {"currency": "KZT", "valid_from": "2014-08-01", "units_per_usd": "181,85"})]


@pytest.mark.parametrize(("content", "error"), [
    (b"", "the file is empty"),
    (b"currency,valid_from\nKZT,2014-08-01\n", "missing column(s): units_per_usd"),
    (b"currency,valid_from,units_per_usd,note\n", "unknown column(s): note"),
    (b"currency,valid_from,units_per_usd\n", "the file has no rows under its header"),
    ("currency,valid_from,units_per_usd\nKZT,2014-08-01,181.85\n".encode("utf-16"),
     'the file is not UTF-8 text: save it as "CSV UTF-8"'),
    (b"currency,valid_from,currency,units_per_usd\n", "column(s) named twice: currency"),
    (b"currency,valid_from,units_per_usd\nKZT,\x00,1\n", "the file holds NUL characters"),
    (b"currency,valid_from,units_per_usd\n" + b"KZT,2014-08-01,1\n" * 11,
     "at most 10 rows at a time"),
])
def test_a_file_that_cannot_be_read_whole_is_refused_with_the_reason(content, error):
    with pytest.raises(ImportRefused) as refusal:
        read_table("rates.csv", content, **COLUMNS)
    assert refusal.value.errors == [error]


@pytest.mark.django_db
def test_every_bad_row_is_named_and_nothing_is_written():
    content = (b"currency,valid_from,units_per_usd\n"
               b"KZT,2014-08-01,181.85\n"
               b"KZT,2014-09-01,181.90,extra\n"
               b"KZT,01/10/2014,182.00\n"
               b"KZT,2014-11-01,many\n")
    with pytest.raises(ImportRefused) as refusal:
        import_exchange_rates(content=content, acting_user=None)
    assert refusal.value.errors == [
        "row 3: more cells than the header has columns",
        "row 4: valid_from must be a date, YYYY-MM-DD",
        "row 5: units_per_usd 'many' is not a decimal",
    ]
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_rates_imported_are_attributed_to_who_imported_them(make_user):
    officer = make_user("finance7")
    content = b"currency;valid_from;units_per_usd\nKZT;2014-08-01;181.85\n"
    assert import_exchange_rates(content=content, acting_user=officer) == 1
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.valid_from, rate.units_per_usd, rate.recorded_by) == (
        "KZT", date(2014, 8, 1), D("181.85"), officer)


@pytest.mark.django_db
def test_rows_are_numbered_as_the_spreadsheet_shows_them_and_short_rows_are_errors():
    content = (b"currency,valid_from,units_per_usd\n"
               b"\n"
               b"KZT,2014-08-01,181.85\n"
               b"\n"
               b"KZT,2014-09-01\n")
    with pytest.raises(ImportRefused) as refusal:
        import_exchange_rates(content=content, acting_user=None)
    # Line 5 of the file, blank lines counted; its missing cell is an error, not a crash.
    assert refusal.value.errors == ["row 5: units_per_usd '' is not a decimal"]
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_a_semicolon_file_may_write_amounts_with_a_decimal_comma():
    content = b"currency;valid_from;units_per_usd\r\nKZT;2014-08-01;181,85\r\n"
    assert import_exchange_rates(content=content, acting_user=None) == 1
    assert ExchangeRate.objects.get().units_per_usd == D("181.85")


@pytest.mark.django_db
def test_a_damaged_workbook_is_refused_not_crashed(forum):
    import io
    import zipfile

    from openpyxl import Workbook

    from forum.participant_import import import_participants

    book, buffer = Workbook(), io.BytesIO()
    book.active.append(["name", "country", "category"])
    book.save(buffer)
    # Cut the sheet's XML in half inside an otherwise valid workbook.
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(ImportRefused) as refusal:
        import_participants(forum=forum, file_name="list.xlsx", content=damaged.getvalue(),
                            acting_user=None)
    assert refusal.value.errors[0].startswith("not a readable XLSX workbook")
