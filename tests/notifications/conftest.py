"""The seed fund's people for the mail tests, each with an address and a language, and one
officer of another fund who must hear nothing of this one."""

from dataclasses import dataclass
from datetime import date

import pytest

from accounts.models import User
from agreements.models import Agreement, Membership

Role = Membership.Role


@dataclass
class People:
    finance: User
    finance2: User
    programme1: User
    programme2: User
    government: User
    auditor: User
    outsider: User


@pytest.fixture
def people(seed, make_user) -> People:
    def member(username: str, role: str, language: str = "", agreement: Agreement = seed
               ) -> User:
        user = make_user(username, agreement=agreement, role=role)
        user.email, user.preferred_language = f"{username}@example.org", language
        user.display_name = username.capitalize()
        user.save()
        return user

    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=date(2014, 1, 1))
    return People(finance=member("finance", Role.DESA_FINANCE, "kk"),
                  finance2=member("finance2", Role.DESA_FINANCE),
                  programme1=member("programme1", Role.DESA_PROGRAMME),
                  programme2=member("programme2", Role.DESA_PROGRAMME, "ru"),
                  government=member("government", Role.GOVERNMENT, "ru"),
                  auditor=member("auditor", Role.AUDITOR),
                  outsider=member("outsider", Role.DESA_FINANCE, agreement=other))
