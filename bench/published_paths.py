"""Benchmark: what a fund publishes and what the API reads of its whole history, at 1,000,000
entries against the same at 1,000, in the same run. Run by `make bench`; nothing here is a test.

Method
- The 1k and 1M funds are built as in bench/history_paths.py (the seed fund copied, filled by
  COPY with matching monthly totals, checked by ledger_differences, VACUUM ANALYZE), and both
  opt in to the factsheet and the IATI file.
- Each figure is the median of 5 runs, the 1M and 1k paths timed in rounds (one of each per
  round); the public pages' cache is emptied before every request, so that what is timed is
  the computation, not a cache hit (docs/publication.md#caching).
  1. GET /public/funds/<slug>/iati-activity.xml (built and checked against the IATI 2.03
     schema).
  2. GET /public/funds/<slug>/ (the factsheet, English).
  3. GET /api/v1/funds/<slug>/statements/2015/ (the Art. 5(b) figures as JSON, a draft).
  4. GET /api/v1/funds/<slug>/open-commitments/.
  Target: at most 1.2x the 1k fund's time, i.e. the cost does not grow with the ledger.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

# bench.history_paths sets Django up (settings, django.setup()) when imported.
from bench.history_paths import (
    FIGURES,
    RUNS,
    api_client,
    check_consistent,
    filled_fund,
    ms,
    record,
    settle,
    summary,
    superuser,
)
from publication.actions import set_publication


def cold_seconds(client, paths: list[str]) -> list[float]:
    """Median of RUNS GETs of each path, in rounds, the cache emptied before each; a path must
    answer 200 on its warm-up."""
    for path in paths:
        cache.clear()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: {response.status_code}")
    samples: list[list[float]] = [[] for _ in paths]
    for _ in range(RUNS):
        for path, timings in zip(paths, samples, strict=True):
            cache.clear()
            start = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append(time.perf_counter() - start)
    return [statistics.median(timings) for timings in samples]


def main(big_entries: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the public pages' cache
    user = superuser()
    browser, api = Client(), api_client(user)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small = filled_fund("P1K", work, 1_000)
        big = filled_fund("P1M", work, big_entries)
        for fund in (small, big):
            check_consistent(fund, fund.project_number)
            set_publication(fund=fund, publish_iati=True, publish_factsheet=True,
                            funding_org_ref="", acting_user=user)
        settle()
        print(f"\npublished files and API reads at {big_entries:,} vs 1,000 entries",
              flush=True)
        paths = [
            ("IATI activity file", browser, "/public/funds/{slug}/iati-activity.xml"),
            ("factsheet page", browser, "/public/funds/{slug}/"),
            ("API statement 2015 figures", api, "/api/v1/funds/{slug}/statements/2015/"),
            ("API open commitments", api, "/api/v1/funds/{slug}/open-commitments/"),
        ]
        for label, client, path in paths:
            at_big, at_small = cold_seconds(client, [
                path.format(slug=fund.agreement.slug) for fund in (big, small)])
            ratio = at_big / at_small
            record(label, ms(at_big), f"{ms(at_small)} at 1k", ratio, "<= 1.2x", ratio <= 1.2)
    summary()
    if any(figure.ok is False for figure in FIGURES):
        print("\nSome targets were not met.")


if __name__ == "__main__":
    main(20_001 if "--quick" in sys.argv else 1_000_000)
