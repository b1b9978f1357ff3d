from datetime import date

import pytest
from rest_framework.test import APIClient

from agreements.models import Membership
from budget.amounts import usd
from budget.posting import record_contribution

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
