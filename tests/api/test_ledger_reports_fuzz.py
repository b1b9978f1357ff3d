"""Schemathesis, bounded, over the endpoints of issue 25's ledger and report part
(contributions and income, open commitments, pledges, an entry and its documents, issued
reports' state, statement and budget analysis figures): no 5xx, every response as the
served schema says."""

from datetime import date

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import positive_data_acceptance

from agreements.models import Membership
from budget.amounts import usd
from budget.posting import record_contribution

PATHS = (r"/api/v1/funds/\{slug\}/(contributions|income|open-commitments|pledges"
         r"|entries/\{sequence\}|reports/\{(pk|kind)\}|statements|budget-analyses)")
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True)).include(path_regex=PATHS)


@pytest.fixture
def finance_token(seed, make_user, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    user = make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)
    return AuthToken.objects.create(user=user)[1]


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_ledger_and_report_endpoints_conform_to_their_schema(case, live_server,
                                                                  finance_token):
    if case.path_parameters and "slug" in case.path_parameters:
        case.path_parameters["slug"] = "int-14-x46-a"
    # A posting or schedule the fund's rules refuse is schema-valid and rightly refused.
    case.call_and_validate(base_url=live_server.url,
                           headers={"Authorization": f"Token {finance_token}"},
                           excluded_checks=[positive_data_acceptance])
