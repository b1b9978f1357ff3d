from datetime import date

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from agreements.models import Membership
from budget.amounts import usd
from budget.posting import record_contribution


@pytest.fixture
def funded(seed):
    record_contribution(fund=seed.fund, amount=usd("500000.00"),
                        value_date=date(2014, 8, 14), reference="KZ-MOF-2014-0814",
                        acting_user=None)
    return seed.fund


@pytest.fixture
def token_for(make_user):
    def make(username, agreement=None, role=None):
        user = make_user(username, agreement=agreement, role=role)
        return user, AuthToken.objects.create(user=user)[1]

    return make


@pytest.fixture
def finance_client(funded, token_for):
    _user, token = token_for("finance1", funded.agreement, Membership.Role.DESA_FINANCE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client
