"""The progress report's narrative (Art. 5(a)), written by a DESA programme officer: saved
through this one act, with its author and its change history."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.models import attributable
from budget.models import Fund
from reports.models import Narrative
from reports.statements import check_year


@transaction.atomic
def save_narrative(*, fund: Fund, year: int, summary: str, challenges: str, next_steps: str,
                   acting_user: AbstractBaseUser | None) -> Narrative:
    """Write (or rewrite) the narrative sections of a year's progress report."""
    check_year(fund, year)
    narrative = (Narrative.objects.select_for_update().filter(fund=fund, year=year).first()
                 or Narrative(fund=fund, year=year))
    narrative.summary, narrative.challenges, narrative.next_steps = (
        summary.strip(), challenges.strip(), next_steps.strip())
    narrative.updated_by = attributable(acting_user)
    narrative._history_user = narrative.updated_by
    narrative.full_clean(exclude=["fund", "updated_by"])
    narrative.save()
    return narrative
