"""The demo's budget revision (`make run` only): 1,000 moved from line 5301 to line 5201 on
DESA's letter of 24 November 2014, proposed by one programme officer and approved by
another. Idempotent."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from agreements.models import Notice
from budget.models import Fund, Revision
from budget.revisions import approve_revision, propose_revision

LETTER_REFERENCE = "DESA/DPADM/2014/212 (illustrative)"


def apply_demo_revision(*, fund: Fund) -> Revision | None:
    letter = Notice.objects.filter(agreement=fund.agreement, reference=LETTER_REFERENCE).first()
    if letter is None or Revision.objects.filter(fund=fund, letter=letter).exists():
        return None
    users = get_user_model().objects
    revision = propose_revision(
        fund=fund, new_amounts={"5201": Decimal("19000.00"), "5301": Decimal("5478.00")},
        reason="The forum publication costs more to print than planned; miscellaneous costs "
               "came in lower.",
        letter=letter, acting_user=users.get(username="programme1"))
    approve_revision(revision=revision, acting_user=users.get(username="programme2"),
                     today=date(2014, 12, 1))
    return revision
