"""The migrations describe the models exactly: `makemigrations --check` finds nothing to add,
whatever Babel's currency data says (the ledger's currency field has no choices)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_makemigrations_finds_nothing_to_add() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def test_the_user_model_is_the_portals_own(settings) -> None:
    from django.contrib.auth import get_user_model

    assert settings.AUTH_USER_MODEL == "accounts.User"
    user = get_user_model()(username="aigerim", display_name="Aigerim Seitkali")
    assert str(user) == "Aigerim Seitkali"


@pytest.mark.django_db
def test_one_address_one_person_whatever_its_case(make_user):
    from django.db import IntegrityError, transaction

    first = make_user("aigerim")
    first.email = "A.Seitkali@gov.kz"
    first.save()
    second = make_user("aigerim2")
    second.email = "a.seitkali@gov.kz"
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_time_zone_must_be_one_the_iana_database_knows():
    from django.core.exceptions import ValidationError

    from accounts.models import validate_time_zone

    validate_time_zone("Asia/Almaty")
    with pytest.raises(ValidationError, match="Mars/Olympus"):
        validate_time_zone("Mars/Olympus")
