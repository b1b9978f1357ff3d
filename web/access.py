"""The one way a page or an API endpoint gets its fund: the agreement by its slug, the fund,
and what the user may do there, in one query, once per request
(docs/decisions/0005-one-web-layer.md). The rules of who may do what stay in
`agreements.access`; this module only asks it.

A fund the user may not see answers 404 (its existence is not revealed); a visible fund
whose act the role does not allow answers 403 (docs/access.md#refusals).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest

from agreements import access
from agreements.access import Capability
from agreements.models import Agreement, Membership
from budget.models import Fund


@dataclass(frozen=True)
class FundAccess:
    """A fund as one user may see it."""

    agreement: Agreement
    role: str | None
    capabilities: frozenset[Capability]
    _fund: Fund | None = field(default=None, repr=False)

    @property
    def fund(self) -> Fund:
        if self._fund is None:
            raise Http404("This agreement has no fund.")
        return self._fund

    @property
    def has_fund(self) -> bool:
        return self._fund is not None

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability) -> None:
        if not self.can(capability):
            raise PermissionDenied

    def context(self, nav: str, **extra) -> dict:
        """What every fund page's template needs: the fund, the section of its navigation,
        the role, and `can.<capability>` for the links and forms the role may use."""
        return {"agreement": self.agreement, "fund": self._fund, "fund_nav": nav,
                "role": self.role,
                "can": {capability.value: True for capability in self.capabilities},
                **extra}


def _load(user, slug: str) -> FundAccess | None:
    if not (user.is_authenticated and user.is_active):
        return None
    mine = Membership.objects.filter(agreement=OuterRef("pk"), user=user)
    agreements = Agreement.objects.filter(slug=slug).select_related("fund").annotate(
        role=Subquery(mine.values("role")[:1]),
        administers=Subquery(mine.values("administers")[:1]))
    if not access.is_administrator(user):
        agreements = agreements.filter(role__isnull=False)  # members only
    found = agreements.first()
    # A token for another fund sees this one no more than a stranger does.
    if found is None or not access.in_scope(user, found.pk):
        return None
    fund = getattr(found, "fund", None)
    if fund is not None:
        fund.agreement = found  # the fund's pages read its agreement: no second query
    held = access.capabilities_for(user, found.role, bool(found.administers))
    return FundAccess(agreement=found, role=found.role, _fund=fund,
                      capabilities=access.within_scope(user, found.pk, held))


def fund_access(request: HttpRequest, slug: str,
                capability: Capability = Capability.VIEW_FUND) -> FundAccess:
    """The fund of `slug` for this request's user, or 404 if they may not see it, 403 if
    their role does not allow `capability`. Computed once per request and slug."""
    cache = request.__dict__.setdefault("_fund_access", {})
    key = (request.user.pk, slug)
    if key not in cache:
        cache[key] = _load(request.user, slug)
    found = cache[key]
    if found is None:
        raise Http404("No such fund.")
    found.require(capability)
    return found


def fund_for(request: HttpRequest, slug: str,
             capability: Capability = Capability.VIEW_FUND) -> Fund:
    """The fund itself, for views that need nothing else (404 if the agreement has none)."""
    return fund_access(request, slug, capability).fund
