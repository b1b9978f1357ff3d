"""Schemathesis against the served OpenAPI schema, on the webhook endpoints only, bounded:
no 5xx, every answer as the schema says."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import positive_data_acceptance

from agreements.models import Membership

schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True)).include(path_regex="webhooks")


@pytest.fixture
def finance_token(seed, make_user):
    user = make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)
    return AuthToken.objects.create(user=user)[1]


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_webhook_endpoints_conform_to_their_schema(case, live_server, finance_token):
    if case.path_parameters and "slug" in case.path_parameters:
        case.path_parameters["slug"] = "int-14-x46-a"
    # Schema-valid data may still be refused by the rules (an address at the portal): 400.
    case.call_and_validate(base_url=live_server.url,
                           headers={"Authorization": f"Token {finance_token}"},
                           excluded_checks=[positive_data_acceptance])
