"""Timing helpers shared by the page benchmarks (in-process Django test client)."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, url, requests, before=None):
    """p50 and p95 server time (ms) of ``url`` over ``requests`` GETs, and its query count.
    ``before()``, if given, runs before each GET, untimed (to empty a cache)."""
    client.get(url)  # warm-up
    timings = []
    for _ in range(requests):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)
