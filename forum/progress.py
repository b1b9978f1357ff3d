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
    """An indicator of achievement (IA1, IA2) of an expected accomplishment (EA1, EA2)."""

    code: str  # the indicator: IA1
    accomplishment_code: str  # what it measures: EA1
    accomplishment: str
    indicator: str
    verification: str
    value: int
    details: list[str]


def objective(fund: Fund) -> str:
    first = ExpectedAccomplishment.objects.filter(fund=fund).first()
    return first.objective if first else ""


def indicators(fund: Fund) -> list[Indicator]:
    """IA1 (of EA1) counts the recommendations of the outcome document; IA2 (of EA2) the
    national initiatives announced at the forum, by country."""
    recommendations = list(Recommendation.objects.filter(forum__fund=fund)
                           .values_list("text", flat=True))
    by_country = (NationalInitiative.objects.filter(forum__fund=fund)
                  .values("country__name").annotate(n=Count("id")).order_by("country__name"))
    initiatives = [f"{row['country__name']}: {row['n']}" for row in by_country]
    values = {"IA1": (len(recommendations), recommendations),
              "IA2": (sum(row["n"] for row in by_country), initiatives)}
    result = []
    for ea in ExpectedAccomplishment.objects.filter(fund=fund):
        code = "IA" + ea.code.removeprefix("EA")
        value, details = values.get(code, (0, []))
        result.append(Indicator(code=code, accomplishment_code=ea.code,
                                accomplishment=ea.accomplishment, indicator=ea.indicator,
                                verification=ea.verification, value=value, details=details))
    return result
