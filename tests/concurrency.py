"""Racing workers for the PostgreSQL concurrency tests: each on its own connection, all
released at once."""

import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connections


def race(act: Callable, *, workers: int, attempts: int = 1) -> tuple[list, list]:
    """Run `act` `attempts` times in each of `workers` threads started together; return the
    results and the refusals (ValidationError, PostingRefused included). Any other
    exception fails the test."""
    accepted, refused, errors = [], [], []
    start = threading.Barrier(workers)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(attempts):
                try:
                    accepted.append(act())
                except ValidationError as refusal:
                    refused.append(refusal)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return accepted, refused
