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
