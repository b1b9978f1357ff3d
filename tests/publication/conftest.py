import pytest
from django.test import Client

from agreements.models import Membership
from publication.actions import set_publication
from reports.demo import issue_demo_reports


@pytest.fixture
def published(demo_fund, make_user):
    """The seed fund as the demo has it (2014 ledger, forum, revision), with both
    publications chosen by its administrator."""
    make_user("finance1", agreement=demo_fund.agreement, role=Membership.Role.DESA_FINANCE)
    set_publication(fund=demo_fund, publish_iati=True, publish_factsheet=True,
                    acting_user=None)
    return demo_fund


@pytest.fixture
def with_reports(published):
    """And the demo's 2014 statement and budget analysis issued (PDFs rendered: slower)."""
    issue_demo_reports(fund=published)
    return published


@pytest.fixture
def anonymous() -> Client:
    return Client()
