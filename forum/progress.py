"""What the forum gives the Article 5(a) progress report: Annex B's activities 1-8 and the
indicators of achievement (docs/forum.md#indicators). Shared by the forum's pages and the
reports."""

from dataclasses import dataclass

from django.db.models import Count

from budget.models import Fund
from forum.models import Activity, ExpectedAccomplishment, NationalInitiative, Recommendation


def activities(fund: Fund) -> list[Activity]:
    return list(Activity.objects.filter(fund=fund).prefetch_related("evidence"))


@dataclass(frozen=True)
class Indicator:
    code: str
    accomplishment: str
    indicator: str
    verification: str
    value: int
    details: list[str]


def objective(fund: Fund) -> str:
    first = ExpectedAccomplishment.objects.filter(fund=fund).first()
    return first.objective if first else ""


def indicators(fund: Fund) -> list[Indicator]:
    """IA1 counts the recommendations of the outcome document; IA2 the national initiatives
    announced at the forum, by country."""
    recommendations = list(Recommendation.objects.filter(forum__fund=fund)
                           .values_list("text", flat=True))
    by_country = (NationalInitiative.objects.filter(forum__fund=fund)
                  .values("country__name").annotate(n=Count("id")).order_by("country__name"))
    initiatives = [f"{row['country__name']}: {row['n']}" for row in by_country]
    values = {"EA1": (len(recommendations), recommendations),
              "EA2": (sum(row["n"] for row in by_country), initiatives)}
    return [Indicator(code=ea.code, accomplishment=ea.accomplishment, indicator=ea.indicator,
                      verification=ea.verification, value=values.get(ea.code, (0, []))[0],
                      details=values.get(ea.code, (0, []))[1])
            for ea in ExpectedAccomplishment.objects.filter(fund=fund)]
