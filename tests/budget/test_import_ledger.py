"""import_ledger posts each row through the posting service: all rows or none."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budget.models import Entry, FundBalance, LineBalance

HEADER = "value_date,kind,line,amount,currency,cost_element,payee,reference,description," \
         "commitment,reverses\n"


def write(tmp_path, rows: str):
    path = tmp_path / "ledger.csv"
    path.write_text(HEADER + rows)
    return path


@pytest.mark.django_db
def test_import_posts_rows_with_their_charges(seed, tmp_path):
    path = write(tmp_path, "2014-08-14,contribution,,500000.00,USD,,,C1,,,\n"
                           "2014-08-18,commitment,1150,1000.00,USD,,Expert,K1,,,\n"
                           "2014-08-30,expenditure,1150,1000.00,USD,,Expert,E1,,K1,\n")
    call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    # 1,000 fee on 1150 (salary or fee by default): reserve 10.00; PSC 13% of 1,010 = 131.30.
    kinds = list(Entry.objects.filter(fund=seed.fund).values_list("kind", "amount"))
    assert kinds == [("contribution", D("500000.00")), ("commitment", D("1000.00")),
                     ("expenditure", D("1000.00")), ("reserve", D("10.00")),
                     ("psc", D("131.30"))]
    assert LineBalance.objects.get(fund=seed.fund, code="1150").held == D("0.00")


@pytest.mark.django_db
def test_import_with_bad_rows_posts_nothing_and_names_each_row(seed, tmp_path):
    path = write(tmp_path, "2014-08-14,contribution,,500000.00,USD,,,C1,,,\n"
                           "2014-08-20,expenditure,9999,10.00,USD,,,E1,,,\n"
                           "2014-08-21,expenditure,5301,-5,USD,,,E2,,,\n"
                           "2014-08-22,expenditure,5301,7000.00,USD,,,E3,,,\n"
                           "2014-13-01,expenditure,5301,1.00,USD,,,E4,,,\n"
                           "2014-08-23,expenditure,5301,1.00,EURO,,,E5,,,\n"
                           "2014-08-24,expenditure,5301,10.00,USD,,,E6,,NOPE,\n")
    with pytest.raises(CommandError) as error:
        call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    message = str(error.value)
    assert "Nothing was imported." in message
    for expected in ["row 3: There is no budget line 9999", "row 4: amount: The amount must "
                     "be more than zero", "row 5: Line 5301 has 6,478.00 available; this needs "
                     "7,000.00", "row 6: value_date must be a date", "row 7: currency: EURO is "
                     "not an ISO 4217 currency code", "row 8: no commitment with reference "
                     "'NOPE'"]:
        assert expected in message
    assert Entry.objects.count() == 0
    assert FundBalance.objects.get(fund=seed.fund).contributions == D("0.00")


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(seed, tmp_path, capsys):
    path = write(tmp_path, "2014-08-14,contribution,,500000.00,USD,,,C1,,,\n")
    call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    assert "already imported" in capsys.readouterr().out
    assert Entry.objects.count() == 1


@pytest.mark.django_db
def test_verify_ledger_fails_when_a_stored_balance_differs(seed, tmp_path):
    path = write(tmp_path, "2014-08-14,contribution,,500000.00,USD,,,C1,,,\n"
                           "2014-08-30,expenditure,1601,1000.00,USD,,,E1,,,\n")
    call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    LineBalance.objects.filter(fund=seed.fund, code="1601").update(spent=D("999.99"))
    with pytest.raises(CommandError, match="does not agree"):
        call_command("verify_ledger")


@pytest.mark.django_db
def test_a_reversal_must_name_and_match_the_entry_it_reverses(seed, tmp_path):
    path = write(tmp_path, "2014-08-14,contribution,,500000.00,USD,,,C1,,,\n"
                           "2014-08-30,expenditure,1601,100.00,USD,,,,,,\n"
                           "2014-08-31,reversal,1601,999.00,USD,,,,Blank reference,,\n"
                           "2014-09-01,expenditure,1601,250.00,USD,,,E2,,,\n"
                           "2014-09-02,reversal,1601,200.00,USD,,,,Wrong amount,,E2\n"
                           "2014-09-03,expenditure,1601\n")
    with pytest.raises(CommandError) as error:
        call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    message = str(error.value)
    assert "row 4: the reverses column must name the reference of the entry" in message
    assert "row 6: the reversal (200.00 on line 1601) does not match entry 'E2' (250.00" in \
        message
    assert "row 7: value_date" not in message and "row 7: amount '' is not a decimal" in message
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_verify_ledger_finds_a_tampered_reserve_base_or_budget(seed, tmp_path):
    from budget.verification import ledger_differences

    path = write(tmp_path, "2014-08-14,contribution,,500000.00,USD,,,C1,,,\n"
                           "2014-08-30,expenditure,1101,1000.00,USD,,,E1,,,\n")
    call_command("import_ledger", "INT/14/X46/A", str(path), "--user", "loader")
    FundBalance.objects.filter(fund=seed.fund).update(reserve_base=D("5.00"))
    LineBalance.objects.filter(fund=seed.fund, code="5301").update(budget=D("999999.00"))
    differences = ledger_differences(seed.fund)
    assert "salaries and fees spent: stored 5.00, entries give 1,000.00" in differences
    assert "line 5301 budget: stored 999,999.00, entries give 6,478.00" in differences
