"""Art. 8 arbitration: each party appoints an arbitrator within 30 days of the request, and
the two appoint a chair within 15 days of the second appointment; if either is late, either
party may ask the President of the International Court of Justice to appoint
(docs/lifecycle.md#disputes). Pure functions."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

ARBITRATORS_WITHIN = timedelta(days=30)
CHAIR_WITHIN = timedelta(days=15)


@dataclass(frozen=True)
class DisputeEvent:
    on: date
    title: str
    article: str = "8"
    deadline: bool = False


def arbitrators_due(requested_on: date) -> date:
    return requested_on + ARBITRATORS_WITHIN


def chair_due(government_on: date | None, united_nations_on: date | None) -> date | None:
    if government_on is None or united_nations_on is None:
        return None
    return max(government_on, united_nations_on) + CHAIR_WITHIN


def dispute_events(*, subject: str, requested_on: date, government_on: date | None,
                   united_nations_on: date | None, chair_on: date | None
                   ) -> list[DisputeEvent]:
    """The request, the appointments made, and the deadlines still open, for the timeline."""
    events = [DisputeEvent(requested_on, _("Request for arbitration: %(s)s") % {"s": subject})]
    if government_on:
        events.append(DisputeEvent(government_on, _("Government's arbitrator appointed")))
    if united_nations_on:
        events.append(DisputeEvent(united_nations_on,
                                   _("United Nations' arbitrator appointed")))
    if government_on is None or united_nations_on is None:
        events.append(DisputeEvent(arbitrators_due(requested_on), _(
            "Deadline: each party appoints its arbitrator (30 days after the request); "
            "after it, either party may ask the President of the International Court of "
            "Justice"), deadline=True))
    elif chair_on is None:
        events.append(DisputeEvent(chair_due(government_on, united_nations_on), _(
            "Deadline: the two arbitrators appoint the chair (15 days after the second "
            "appointment); after it, either party may ask the President of the "
            "International Court of Justice"), deadline=True))
    else:
        events.append(DisputeEvent(chair_on, _("Chair of the arbitral tribunal appointed")))
    return events
