import pytest

from forum.models import Forum
from tests.conftest import SEED_DEFINITION, load_seed_files

SEED = SEED_DEFINITION.parent


@pytest.fixture
def forum(seed) -> Forum:
    """The seed fund with its demo ledger and the Astana forum, as `make run` loads them."""
    load_seed_files()
    return Forum.objects.get()
