"""Reindexing (resumable, alias swap) and drift checks, for `essaim search`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from search import api
from search.engines.database import checksum

# Objects a batch of the reindex (and of the drift check).
BATCH_SIZE = 2000


def expected_data(document, obj) -> tuple[str, dict]:
    data = document.prepare_any(obj)
    return document.object_id(obj, data), data


def batches(document, batch_size: int, after: str = "") -> Iterator[tuple[list, str]]:
    """The searchable objects' data in ordered batches after ``after``, each as
    [(object id, data)] with its last key.

    The key is an object id (prefixed for another source): the document's own objects
    come first, then each source's, so a key says where to resume."""
    sources = document.all_sources()
    start = 0
    if after:
        source, after = document.source_of(after)
        start = sources.index(source)
    for position, source in enumerate(sources[start:], start):
        yield from _source_batches(document, source, batch_size,
                                   after if position == start else "")


def _source_batches(document, source, batch_size, after):
    if not hasattr(source.queryset(), "order_by"):
        items = list(source.queryset())
        start = int(after or 0)
        for position in range(start, len(items), batch_size):
            yield ([expected_data(document, obj) for obj in items[position:position + batch_size]],
                   source.prefix + str(position + batch_size))
        return
    last = after
    while True:
        queryset = source.queryset().order_by("pk")
        if last:
            queryset = queryset.filter(pk__gt=last)
        queryset = queryset[:batch_size]
        if source.prepare_batch:
            batch = [(str(data["id"]), data) for data in source.prepare_batch(queryset)]
            if not batch:
                return
            last = document.source_of(batch[-1][0])[1]
        else:
            objects = list(queryset)
            if not objects:
                return
            batch = [expected_data(document, obj) for obj in objects]
            last = str(objects[-1].pk)
        yield batch, source.prefix + last
        if len(batch) < batch_size:
            return


def object_ids(document) -> set[str]:
    """The ids of every searchable object: primary keys only for a queryset."""
    ids = set()
    for source in document.all_sources():
        queryset = source.queryset()
        if hasattr(queryset, "values_list"):
            ids.update(source.prefix + str(pk)
                       for pk in queryset.order_by().values_list("pk", flat=True).iterator(
                           chunk_size=5000))
        else:
            ids.update(document.object_id(obj) for obj in queryset)
    return ids


def count(document) -> int:
    total = 0
    for source in document.all_sources():
        queryset = source.queryset()
        total += queryset.count() if hasattr(queryset, "order_by") else len(list(queryset))
    return total


def reindex(document, batch_size=BATCH_SIZE, restart=False,
            progress: Callable[[int, int], None] | None = None) -> dict:
    """Rebuild the database entries and, with Elasticsearch, a new index behind the alias.

    Progress is recorded in ReindexRun after every batch, in the transaction that writes
    the batch's entries: run again after an interruption and it resumes after the last
    batch written (``restart`` starts over). Each batch is written (database, then its
    Elasticsearch bulk awaited before the commit) while the next one is read and
    analysed; searches go on reading the entries meanwhile, each batch replacing its
    objects' entries in one transaction.
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
        # Elasticsearch does not refresh the new index while it is built (nobody reads
        # it before the alias swap); its refresh interval is restored at the end.
        index_name = es.create_index(document, refresh_interval="-1") if es else ""
        run = ReindexRun.objects.create(doc_type=document.name, engine=engine_name,
                                        index_name=index_name, total=count(document))
    total = run.total
    if progress:
        progress(run.done, total)

    def write(analyses, last):
        # The data as JSON gives it back and its checksum: the database analysis's.
        sent = es_writer.submit(
            es.bulk_index_sources, document,
            [(object_id, fields["data"], fields["checksum"])
             for object_id, fields, _found, _raw in analyses],
            index=run.index_name, refresh=False) if es else None
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # A crash may lose the last batches committed, never half of one: the
                    # progress row goes with the entries, and the batches are written again.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit = off")
                database.write_analysed(document, analyses)
                if sent:
                    sent.result()
                run.done += len(analyses)
                run.last_pk = last
                run.total = max(total, run.done)
                run.save(update_fields=["done", "last_pk", "total"])
        finally:
            if sent:
                wait([sent])
        if progress:
            progress(run.done, run.total)

    # In a transaction (a test, a caller's atomic block) another connection would not see
    # its data: everything is then written from this thread, one batch after the other.
    background = not connection.in_atomic_block
    es_writer = _Writer(background)
    writer = _Writer(background)
    try:
        for items, last in batches(document, batch_size, run.last_pk):
            writer.submit(write, database.analyse(document, items), last)
    finally:
        try:
            writer.close()
        finally:
            es_writer.close()
    # Entries of objects no longer searchable.
    removed = 0
    for object_id in sorted(database.ids(document) - object_ids(document)):
        database.delete(document, object_id)
        removed += 1
    if es:
        es.restore_refresh(run.index_name)
        es.swap_alias(document.name, run.index_name)
        # Writes that reached the old index while this one was being built: the entries
        # that differ from the new index (or that it has and the database no longer has).
        indexed = es.checksums(document)
        current = dict(SearchEntry.objects.filter(doc_type=document.name)
                       .values_list("object_id", "checksum"))
        stale = {i for i, value in current.items() if indexed.get(i) != value}
        for object_id in sorted(stale | (set(indexed) - set(current))):
            api.sync(document.name, object_id)
    run.finished = timezone.now()
    run.save(update_fields=["finished"])
    ReindexRun.objects.filter(doc_type=document.name, engine=engine_name,
                              finished__isnull=False).exclude(pk=run.pk).delete()
    return {"indexed": run.done, "removed": removed, "index": run.index_name,
            "resumed": resumed}


class _Writer:
    """Runs each task in a thread of its own (with its own database connection) while the
    caller prepares the next one; at most one task waits behind the running one. Not
    ``background``: each task runs at once, in the caller's thread."""

    def __init__(self, background: bool):
        self.executor = ThreadPoolExecutor(max_workers=1) if background else None
        self.running = None

    def submit(self, task, *args, **kwargs) -> Future:
        if self.executor is None:
            future = Future()
            future.set_result(task(*args, **kwargs))
            return future
        if self.running is not None:
            self.running.result()  # its error stops the run here
        self.running = self.executor.submit(task, *args, **kwargs)
        return self.running

    def close(self):
        """Wait for the last task (raising its error), then close the thread's connection."""
        if self.executor is None:
            return
        try:
            if self.running is not None:
                self.running.result()
        finally:
            self.executor.submit(lambda: connection.close()).result()  # its own
            self.executor.shutdown()


def check(document, repair=True) -> dict:
    """Compare what should be indexed with each engine; fix the differences if ``repair``."""
    expected = {}
    for batch, _last in batches(document, BATCH_SIZE):
        for object_id, data in batch:
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
