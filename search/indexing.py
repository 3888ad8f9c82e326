"""Reindexing (resumable, alias swap) and drift checks, for `essaim search`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from search import api
from search.engines.database import checksum


def expected_data(document, obj) -> tuple[str, dict]:
    data = document.prepare_any(obj)
    return document.object_id(obj, data), data


def batches(document, batch_size: int, after: str = "") -> Iterator[tuple[list, str]]:
    """The searchable objects in ordered batches after ``after``, each with its last key.

    The key is an object id (prefixed for another source): the document's own objects
    come first, then each source's, so a key says where to resume."""
    sources = document.all_sources()
    start = 0
    if after:
        source, after = document.source_of(after)
        start = sources.index(source)
    for position, source in enumerate(sources[start:], start):
        yield from _source_batches(source, batch_size, after if position == start else "")


def _source_batches(source, batch_size, after):
    queryset = source.queryset()
    if hasattr(queryset, "order_by"):
        queryset = queryset.order_by("pk")
        if after:
            queryset = queryset.filter(pk__gt=after)
        while True:
            batch = list(queryset[:batch_size])
            if not batch:
                return
            last = str(batch[-1].pk)
            yield batch, source.prefix + last
            queryset = source.queryset().order_by("pk").filter(pk__gt=last)
    else:
        items = list(queryset)
        start = int(after or 0)
        for position in range(start, len(items), batch_size):
            yield items[position:position + batch_size], source.prefix + str(
                position + batch_size)


def count(document) -> int:
    total = 0
    for source in document.all_sources():
        queryset = source.queryset()
        total += queryset.count() if hasattr(queryset, "order_by") else len(list(queryset))
    return total


def reindex(document, batch_size=500, restart=False,
            progress: Callable[[int, int], None] | None = None) -> dict:
    """Rebuild the database entries and, with Elasticsearch, a new index behind the alias.

    Progress is recorded in ReindexRun after every batch: run again after an
    interruption and it resumes where it stopped (``restart`` starts over).
    """
    from search.models import ReindexRun, SearchEntry

    use_es = api.elasticsearch_configured()
    engine_name = "elasticsearch" if use_es else "database"
    es = api.elasticsearch_engine() if use_es else None
    database = api.database_engine()
    run = (ReindexRun.objects.filter(doc_type=document.name, engine=engine_name,
                                     finished__isnull=True).order_by("-started").first())
    if run and (restart or (es and not es.client.indices.exists(index=run.index_name))):
        run.delete()
        run = None
    resumed = run is not None
    if run is None:
        index_name = es.create_index(document) if es else ""
        run = ReindexRun.objects.create(doc_type=document.name, engine=engine_name,
                                        index_name=index_name, total=count(document))
    total = run.total
    if progress:
        progress(run.done, total)
    for batch, last in batches(document, batch_size, run.last_pk):
        items = [expected_data(document, obj) for obj in batch]
        database.bulk_index(document, items)
        if es:
            es.bulk_index(document, items, index=run.index_name)
        run.done += len(items)
        run.last_pk = last
        run.total = max(total, run.done)
        run.save(update_fields=["done", "last_pk", "total"])
        if progress:
            progress(run.done, run.total)
    # Entries of objects no longer searchable.
    valid = set()
    for batch, _last in batches(document, 2000):
        valid.update(document.object_id(obj) for obj in batch)
    removed = 0
    for object_id in database.ids(document) - valid:
        database.delete(document, object_id)
        removed += 1
    if es:
        es.client.indices.refresh(index=run.index_name)
        es.swap_alias(document.name, run.index_name)
        # Writes that reached the old index while this one was being built.
        changed = (SearchEntry.objects.filter(doc_type=document.name, updated__gte=run.started)
                   .values_list("object_id", flat=True))
        for object_id in changed:
            api.sync(document.name, object_id)
    run.finished = timezone.now()
    run.save(update_fields=["finished"])
    ReindexRun.objects.filter(doc_type=document.name, engine=engine_name,
                              finished__isnull=False).exclude(pk=run.pk).delete()
    return {"indexed": run.done, "removed": removed, "index": run.index_name,
            "resumed": resumed}


def check(document, repair=True) -> dict:
    """Compare what should be indexed with each engine; fix the differences if ``repair``."""
    expected = {}
    for batch, _last in batches(document, 1000):
        for obj in batch:
            object_id, data = expected_data(document, obj)
            expected[object_id] = checksum(json.loads(json.dumps(data, cls=DjangoJSONEncoder)))
    engines = [("database", api.database_engine())]
    if api.elasticsearch_configured():
        engines.append(("elasticsearch", api.elasticsearch_engine()))
    report = {}
    for name, engine in engines:
        found = engine.checksums(document)
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        stale = sorted(i for i in set(expected) & set(found) if expected[i] != found[i])
        report[name] = {"missing": missing, "extra": extra, "stale": stale}
    if repair:
        to_sync = set()
        for drift in report.values():
            to_sync.update(drift["missing"], drift["extra"], drift["stale"])
        for object_id in sorted(to_sync):
            api.sync(document.name, object_id)
        if api.elasticsearch_configured() and to_sync:
            api.elasticsearch_engine().refresh(document.name)
        if api.elasticsearch_configured():
            api.elasticsearch_engine().update_synonyms()  # only indexes whose rules differ
    return report
