import pytest
from django.core.management import call_command

from forum.models import Forum
from tests.conftest import SEED_DEFINITION

SEED = SEED_DEFINITION.parent


@pytest.fixture
def forum(seed) -> Forum:
    """The seed fund with its demo ledger and the Astana forum, as `make run` loads them."""
    call_command("import_rates", str(SEED / "rates-2014.csv"))
    call_command("import_ledger", "INT/14/X46/A", str(SEED / "ledger-2014.csv"))
    call_command("load_forum", str(SEED / "forum.yaml"))
    return Forum.objects.get()
