import pytest

from agreements.actions import grant_membership
from agreements.models import Membership


@pytest.fixture
def fund_admin(seed, make_user):
    """finance1, a DESA finance officer named the seed fund's administrator."""
    user = make_user("finance1")
    grant_membership(agreement=seed, user=user, role=Membership.Role.DESA_FINANCE,
                     administers=True, acting_user=None)
    return user


@pytest.fixture
def administrator(fund_admin):
    """The same person, by the name tests/agreements/test_members.py gives them."""
    return fund_admin
