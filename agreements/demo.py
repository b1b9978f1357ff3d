"""Demo accounts for `make run` (`manage.py load_demo`): one or more per role on a fund,
never in production.

Passwords are random, made on first creation and kept in var/demo-credentials.txt (outside
the repository) so that every `make run` can print them again.
"""

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from agreements.actions import grant_membership
from agreements.models import Agreement, Membership

Role = Membership.Role

# Two officers of each DESA role, so that one can propose a revision and another approve it.
DEMO_ACCOUNTS: list[tuple[str, str | None, str]] = [
    ("finance1", Role.DESA_FINANCE, "DESA finance officer"),
    ("finance2", Role.DESA_FINANCE, "DESA finance officer"),
    ("programme1", Role.DESA_PROGRAMME, "DESA programme officer"),
    ("programme2", Role.DESA_PROGRAMME, "DESA programme officer"),
    ("government", Role.GOVERNMENT, "Government officer"),
    ("auditor", Role.AUDITOR, "Auditor"),
    ("admin", None, "Administrator (superuser)"),
]


# Fictional people, so that pages and the change history name someone.
DISPLAY_NAMES = {
    "finance1": "Maria Lopez (DESA finance)", "finance2": "Kwame Mensah (DESA finance)",
    "programme1": "Li Wei (DESA programme)", "programme2": "Anna Petrova (DESA programme)",
    "government": "Aigerim Seitkali (Government)", "auditor": "John Okafor (auditor)",
    "admin": "Portal administrator",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    description: str


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.txt"


@transaction.atomic
def create_demo_accounts(*, agreement: Agreement | None) -> list[DemoAccount]:
    """The demo users, with their roles on the agreement's fund when one is given (the users
    come first, so that the loads of `make run` are attributed to them)."""
    if not settings.TRUSTFUND_DEMO:
        raise ImproperlyConfigured("Demo accounts are made only with DEBUG on (make run).")
    path = credentials_path()
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    user_model = get_user_model()
    accounts, users = [], {}
    for username, role, description in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=username).first()
        if user is None or username not in known:
            known[username] = secrets.token_urlsafe(12)
            if user is None:
                user = user_model(username=username, display_name=DISPLAY_NAMES[username])
            user.set_password(known[username])
            user.is_staff = user.is_superuser = role is None
            user.save()
        if not user.email:
            # example.org is reserved for examples: the demo's console mail names it.
            user.email = f"{username}@example.org"
            user.save(update_fields=["email"])
        users[username] = user
        accounts.append(DemoAccount(username, known[username], description))
    if agreement is not None:
        # The administrator gives each demo officer their role on the fund.
        for username, role, _description in DEMO_ACCOUNTS:
            if role is not None:
                # finance1 is also the fund's administrator: the People page's invitations.
                grant_membership(agreement=agreement, user=users[username], role=role,
                                 administers=username == "finance1",
                                 acting_user=users["admin"])
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as credentials:
        credentials.write(json.dumps(known, indent=2))
    return accounts
