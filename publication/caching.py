"""What the public pages and files keep computed (docs/publication.md#caching): keyed by the
fund, the ledger's last sequence number, the last issued report and the last change of the
fund's publication choice, so that a posting, an issue or a change shows at the next request;
anything else (a notice that changes the status) shows within PUBLICATION_CACHE_SECONDS."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import get_language

from budget.models import FundBalance
from publication.models import Publication
from reports.models import IssuedReport

T = TypeVar("T")


def fund_version(publication: Publication) -> str:
    fund = publication.fund
    sequence = (FundBalance.objects.filter(fund=fund).values_list("last_sequence", flat=True)
                .first() or 0)
    issued = IssuedReport.objects.filter(fund=fund).aggregate(last=Max("pk"))["last"] or 0
    changed = publication.changed_at.timestamp() if publication.changed_at else 0
    return f"{fund.pk}:{sequence}:{issued}:{changed}"


def cached(what: str, version: str, compute: Callable[[], T], *, per_language: bool = True
           ) -> T:
    language = get_language() if per_language else "-"
    # The version hashed: short and of safe characters whatever it holds (the organisation
    # file's names every published fund), as any cache backend wants its keys.
    digest = hashlib.sha256(version.encode()).hexdigest()
    key = f"publication:{what}:{digest}:{language}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.PUBLICATION_CACHE_SECONDS)
    return found


def organisation_version() -> str:
    """The organisation file's key: every IATI-published fund's ledger position, its last
    issued report and the last change of anyone's choice (three small queries, however many
    entries)."""
    published = Publication.objects.filter(publish_iati=True)
    positions = list(FundBalance.objects.filter(fund__publication__in=published)
                     .order_by("fund_id").values_list("fund_id", "last_sequence"))
    issued = (IssuedReport.objects.filter(fund__publication__in=published)
              .aggregate(last=Max("pk"))["last"] or 0)
    changed = Publication.objects.aggregate(last=Max("changed_at"))["last"]
    return f"{positions}:{issued}:{changed.timestamp() if changed else 0}"
