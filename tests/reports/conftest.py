import pytest
from django.core.management import call_command

from agreements.models import Membership
from budget.demo import apply_demo_revision
from tests.conftest import SEED_DEFINITION

SEED = SEED_DEFINITION.parent


@pytest.fixture
def demo_fund(seed, make_user):
    """The seed fund as `make run` loads it: rates, the 2014 ledger, the forum's grants and
    the demo revision."""
    make_user("programme1", agreement=seed, role=Membership.Role.DESA_PROGRAMME)
    make_user("programme2", agreement=seed, role=Membership.Role.DESA_PROGRAMME)
    call_command("import_rates", str(SEED / "rates-2014.csv"))
    call_command("import_ledger", "INT/14/X46/A", str(SEED / "ledger-2014.csv"))
    call_command("load_forum", str(SEED / "forum.yaml"))
    apply_demo_revision(fund=seed.fund)
    return seed.fund
