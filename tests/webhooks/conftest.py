from datetime import date

import pytest
import yaml
from rest_framework.test import APIClient

from agreements.models import Membership
from budget.amounts import usd
from budget.definition import load_fund
from budget.posting import record_contribution
from tests.conftest import SEED_DEFINITION

BASE = "/api/v1/funds/int-14-x46-a"


@pytest.fixture(autouse=True)
def local_receivers_allowed(settings):
    """The tests' receivers listen on 127.0.0.1: allowed only with this setting
    (docs/webhooks.md#addresses); the worker process gets it from its environment."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def funded(seed):
    """The seed fund with the Government's 500,000.00: entry 1."""
    record_contribution(fund=seed.fund, amount=usd("500000.00"),
                        value_date=date(2014, 8, 14), reference="KZ-MOF-2014-0814",
                        acting_user=None)
    return seed.fund


@pytest.fixture
def client_as(funded, make_user):
    """An API client signed in as a new member of the seed fund with `role`."""

    def make(username: str, role: str, *, administers: bool = False) -> APIClient:
        user = make_user(username, agreement=funded.agreement, role=role)
        if administers:
            Membership.objects.filter(user=user).update(administers=True)
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def second_fund(seed, loader, tmp_path):
    """A second fund loaded like the seed, under another number and slug."""
    definition = yaml.safe_load(SEED_DEFINITION.read_text())
    definition["fund"].update(project_number="INT/15/X01/A", slug="int-15-x01-a")
    folder = tmp_path / "second-fund"
    folder.mkdir()
    for name in ("agreement-en.md", "agreement-kk.md", "agreement-ru.md"):
        (folder / name).write_bytes((SEED_DEFINITION.parent / name).read_bytes())
    (folder / "fund.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True))
    return load_fund(folder / "fund.yaml", acting_user=loader).agreement.fund
