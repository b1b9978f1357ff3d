"""API clients holding a token of one person on one fund, for the tests of issue 25's
ledger and report endpoints."""

from datetime import date

from rest_framework.test import APIClient

from agreements.models import Agreement, Membership, Party, Signatory

BASE = "/api/v1/funds/int-14-x46-a"
Role = Membership.Role


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def client_of(token_for, username: str, agreement: Agreement, role: str) -> APIClient:
    _user, token = token_for(username, agreement, role)
    return client_with(token)


def another_fund() -> Agreement:
    """Another agreement with parties of its own: its members are strangers to the seed's."""
    agreement = Agreement.objects.create(
        slug="int-15-x01-a", title="Another trust fund", reference="INT/15/X01/A",
        signed_on=date(2015, 3, 1), signed_at="Geneva")
    for order, (name, kind) in enumerate([("Government of Ruritania", "government"),
                                          ("United Nations", "united_nations")]):
        party, _created = Party.objects.get_or_create(
            name=name, defaults={"short_name": name[:20], "kind": kind})
        Signatory.objects.create(agreement=agreement, party=party, representative_name="X",
                                 representative_title="Y", notice_address="Z", order=order)
    return agreement


def stranger(token_for) -> APIClient:
    """A DESA finance officer of another fund."""
    return client_of(token_for, "ruritania", another_fund(), Role.DESA_FINANCE)
