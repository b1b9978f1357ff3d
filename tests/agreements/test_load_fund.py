"""`manage.py load_fund` loads a fund definition whole, once, or refuses it and loads nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement, Notice, Party, Signatory
from budget.models import BudgetLine, BudgetVersion, Fund
from tests.conftest import SEED_DEFINITION


def table_counts() -> dict[str, int]:
    models = [Agreement, Party, Signatory, Notice, Fund, BudgetVersion, BudgetLine,
              Agreement.history.model, Notice.history.model]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seed_definition_loads_the_parties_dates_and_annex_b(seed):
    assert seed.reference == "INT/14/X46/A"
    assert seed.signed_at == "New York"
    assert str(seed.signed_on) == "2014-08-04"
    representatives = {s.party.kind: s for s in seed.signatories.select_related("party")}
    assert representatives["government"].representative_name == "Mr. Askar Zhumagaliyev"
    assert "Orynbor Street 8" in representatives["government"].notice_address
    assert representatives["government"].telephone == "+7 (7172) 74-10-12"
    assert representatives["united_nations"].representative_name == "Mr. Wu Hongbo"
    assert "S-2922" in representatives["united_nations"].notice_address
    fund = seed.fund
    assert (fund.psc_rate, fund.reserve_rate) == (Decimal("0.13"), Decimal("0.01"))
    assert fund.bank_account == "485-000-865" and fund.bank_swift == "CHASUS33"
    lines = {line.code: line.amount for line in BudgetLine.objects.filter(version__fund=fund)}
    # Annex B: 55,000 + 50,000 + 40,000 + 273,000 + 18,000 + 6,478 = 442,478; PSC 57,522.
    assert lines == {"1101": Decimal("55000"), "1150": Decimal("50000"),
                     "1601": Decimal("40000"), "3201": Decimal("273000"),
                     "5201": Decimal("18000"), "5301": Decimal("6478"),
                     "5601": Decimal("57522")}
    assert "Қазақстан Республикасының Үкіметі" in seed.text_kk
    assert "Article 12" in seed.text_en
    # Only salaries and fees bear the reserve: 1101 and 1150 default to salary_or_fee, every
    # other line to "other" unless the officer chooses.
    elements = {line.code: line.default_cost_element
                for line in BudgetLine.objects.filter(version__fund=fund)}
    assert elements == {"1101": "salary_or_fee", "1150": "salary_or_fee", "1601": "other",
                        "3201": "other", "5201": "other", "5301": "other", "5601": "other"}


@pytest.mark.django_db
def test_second_load_of_the_same_definition_changes_nothing(loader, capsys):
    call_command("load_fund", str(SEED_DEFINITION), "--user", "loader")
    after_first = table_counts()
    call_command("load_fund", str(SEED_DEFINITION), "--user", "loader")
    assert "already loaded; nothing changed" in capsys.readouterr().out
    assert table_counts() == after_first


def write_variant(tmp_path: Path, change) -> Path:
    """A copy of the seed definition with one change, beside copies of its texts."""
    definition = yaml.safe_load(SEED_DEFINITION.read_text())
    change(definition)
    for name in ("agreement-en.md", "agreement-kk.md", "agreement-ru.md"):
        (tmp_path / name).write_bytes((SEED_DEFINITION.parent / name).read_bytes())
    path = tmp_path / "fund.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True))
    return path


def line(definition, group: int, index: int) -> dict:
    return definition["budget"]["groups"][group]["lines"][index]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: line(d, 0, 1).update(amount="-50000.00"),
         "budget.groups.0.lines.1.amount: Input should be greater than 0"),
        (lambda d: line(d, 0, 1).update(amount=50000.5),
         "budget.groups.0.lines.1.amount: write amounts and rates as quoted decimals"),
        (lambda d: line(d, 0, 1).update(amount="50000.555"),
         "budget.groups.0.lines.1.amount: Decimal input should have no more than 2 decimal"),
        (lambda d: d["fund"].pop("psc_rate"), "fund.psc_rate: Field required"),
        (lambda d: d["agreement"]["notices"][0].update(sender="atlantis"),
         "agreement.notices.0.sender: 'atlantis' is not the key of a party"),
        (lambda d: d["agreement"]["notices"][0].update(received_on="2014-12-01"),
         "agreement.notices.0: A notice cannot be received (2014-12-01) before it was sent"),
        (lambda d: d["agreement"]["texts"].update(kk="missing.md"),
         "agreement.texts.kk: cannot read"),
        (lambda d: line(d, 2, 1).update(amount="6479.00"),
         "not the fund amount 500,000.00"),
        (lambda d: line(d, 2, 1).update(code="1101"),
         "budget line codes appear twice: 1101"),
        (lambda d: d["fund"].update(colour="blue"), "fund.colour: Extra inputs are not permitted"),
        (lambda d: d["parties"][0].update(short_name="G" * 51),
         "parties.0.short_name: Ensure this value has at most 50 characters"),
        (lambda d: d["parties"][1].update(email="not-an-email"),
         "parties.1.email: Enter a valid email address."),
    ],
    ids=["negative-amount", "float-amount", "three-decimals", "missing-rate", "unknown-party",
         "received-before-sent", "missing-text", "total-mismatch", "duplicate-line",
         "unknown-field", "too-long", "bad-email"],
)
@pytest.mark.django_db
def test_malformed_definition_names_the_field_and_loads_nothing(loader, tmp_path, change,
                                                               message):
    path = write_variant(tmp_path, change)
    before = table_counts()
    with pytest.raises(CommandError) as error:
        call_command("load_fund", str(path), "--user", "loader")
    assert "Nothing was loaded" in str(error.value)
    assert message in str(error.value)
    assert table_counts() == before


@pytest.mark.django_db
def test_loading_a_different_definition_under_a_loaded_number_is_refused(seed, tmp_path):
    path = write_variant(tmp_path, lambda d: d["fund"].update(title="Another title"))
    before = table_counts()
    with pytest.raises(CommandError, match="already loaded from a different definition"):
        call_command("load_fund", str(path), "--user", "loader")
    assert table_counts() == before


@pytest.mark.django_db
def test_definition_that_is_not_yaml_is_refused(loader, tmp_path):
    path = tmp_path / "fund.yaml"
    path.write_text("fund: [unclosed\n")
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_fund", str(path), "--user", "loader")
    assert Agreement.objects.count() == 0
