"""Search benchmark: N synthetic practice sheets, both engines.

    .venv/bin/python bench/search.py --n 10000                    # database engine (SQLite file)
    DATABASE_URL=postgres://… .venv/bin/python bench/search.py --n 10000
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search.py --n 100000 \
        --engines elasticsearch

Measures the bulk indexing rate and the latency (p50/p95) of text queries,
text + 2 filters + all facets, and suggestions. Uses a throwaway search
document ("bench_sheet") and, without DATABASE_URL, a SQLite file of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THEMES = ["budget", "democratie", "jeunesse", "climat", "numerique", "solidarite", "urbanisme",
          "associations", "politique-de-la-ville", "mobilites", "sante", "culture"]
AUDIENCES = ["habitants", "jeunes", "seniors", "familles", "associations", "agents", "elus"]
REGIONS = ["bretagne", "occitanie", "grand-est", "ile-de-france", "hauts-de-france",
           "nouvelle-aquitaine", "auvergne-rhone-alpes", "normandie", "pays-de-la-loire",
           "provence-alpes-cote-d-azur", "bourgogne-franche-comte", "centre-val-de-loire"]
KINDS = ["commune", "epci", "departement", "region"]
MECHANISMS = ["budget participatif", "tirage au sort", "conseil citoyen", "jury citoyen",
              "assemblée citoyenne", "consultation en ligne", "marche exploratoire",
              "atelier de concertation", "pétition locale", "référendum local",
              "conseil municipal des jeunes", "conseil des seniors", "débat public"]
SUBJECTS = ["la rénovation énergétique", "les mobilités douces", "la fracture numérique",
            "les quartiers prioritaires", "la végétalisation des cours d'école",
            "l'accès aux droits", "la tarification de l'eau", "la piétonnisation du centre",
            "l'aménagement des berges", "l'isolement des aînés", "la politique jeunesse",
            "les jardins partagés", "la réduction des déchets", "l'éclairage public",
            "la sécurité des trajets scolaires", "le plan local d'urbanisme"]
TOWNS = ["Rennes", "Lorient", "Grenoble", "Nantes", "Poitiers", "Marseille", "Saint-Étienne",
         "Besançon", "Bordeaux", "Lille", "Paris", "Strasbourg", "Lyon", "Nice", "Roubaix",
         "Montpellier", "Sarcelles", "Dijon", "Toulouse", "Angers", "Quimper", "Limoges"]
VERBS = ["associe", "mobilise", "consulte", "forme", "accompagne", "réunit", "implique"]
PUBLICS = ["les habitants", "les collégiens", "les familles monoparentales", "les aînés",
           "les associations locales", "les commerçants", "les agents municipaux",
           "des citoyens tirés au sort", "les conseils de quartier"]

QUERIES = ["budget participatif", "tirage au sort", "jeunes", "quartiers prioritaires",
           "fracture numérique", "debat public", "l'assemblée citoyenne", "végétalisation",
           "mobilités douces", "conseil des seniors", "jardins", "référendum", "eau",
           "plan local d'urbanisme", "associations locales", "éclairage public"]
PREFIXES = ["bu", "budg", "tir", "jeu", "quart", "num", "deb", "asse", "vég", "mob"]


def sheet(pk: int, rng: random.Random) -> dict:
    mechanism = rng.choice(MECHANISMS)
    subject = rng.choice(SUBJECTS)
    town = rng.choice(TOWNS)
    sentences = [f"{town} {rng.choice(VERBS)} {rng.choice(PUBLICS)} "
                 f"autour de {rng.choice(SUBJECTS)}." for _ in range(rng.randint(4, 10))]
    year = rng.randint(2012, 2025)
    return {
        "id": pk, "title": f"{mechanism.capitalize()} sur {subject} à {town}",
        "key_points": f"{mechanism} ; {rng.choice(PUBLICS)} ; {rng.choice(SUBJECTS)}",
        "body": " ".join(sentences), "territory": town, "url": f"/pratiques/fiche-{pk}/",
        "theme": rng.sample(THEMES, rng.randint(1, 3)),
        "audience": rng.sample(AUDIENCES, rng.randint(1, 2)),
        "region": rng.choice(REGIONS), "kind": rng.choice(KINDS), "year": year,
        "published_at": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00+00:00",
    }


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(fn, runs):
    durations = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), percentile(durations, 95)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000],
                        help="Numbers of sheets, measured one after the other.")
    parser.add_argument("--engines", default="database,elasticsearch")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--prefix", default="essaim-bench",
                        help="Elasticsearch index prefix (one of your own on a shared node).")
    parser.add_argument("--keep", action="store_true",
                        help="Keep the Elasticsearch index, and reuse it when it already "
                             "holds N sheets (faster runs while tuning queries).")
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "essaim-bench-search.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
    import django

    django.setup()
    import logging

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)


    facets = ("theme", "audience", "region", "kind", "year")
    runs = []
    for n in args.n:
        runs.extend(measure_size(args, n, facets))
    purge("bench_sheet")
    if args.json:
        Path(args.json).write_text(json.dumps({"database": connection.vendor, "runs": runs},
                                              indent=1))


def purge(doc_type):
    """Delete the bench's entries in three statements: the ORM's delete collects every
    cascaded row in Python first (minutes at 100 000 entries)."""
    from search.models import SearchEntry, SearchFacetValue, SearchTerm

    for model in (SearchFacetValue, SearchTerm, SearchEntry):
        model.objects.filter(doc_type=doc_type)._raw_delete(model.objects.db)


def measure_size(args, n, facets):
    """Index ``n`` generated sheets in each engine and time the three query kinds."""
    from django.conf import settings
    from django.db import connection

    from core.hookspecs import hookimpl
    from core.plugin_manager import get_plugin_manager
    from search.documents import SearchDocument
    from search.engines.base import Query
    from search.engines.database import DatabaseEngine
    from tests.search.corpus import TestSheetDocument

    rng = random.Random(42)
    data = [sheet(pk, rng) for pk in range(1, n + 1)]
    document = SearchDocument(name="bench_sheet", label="Bench", document=TestSheetDocument,
                              queryset=lambda: data, prepare=dict, facets=facets)
    manager = get_plugin_manager()
    if manager.get_plugin("bench") is not None:
        manager.unregister(name="bench")
    manager.register(types.SimpleNamespace(
        search_documents=hookimpl(lambda: [document])), name="bench")

    engines = []
    for name in args.engines.split(","):
        if name == "database":
            engines.append((f"database ({connection.vendor})", DatabaseEngine()))
        elif name == "elasticsearch":
            url = os.environ.get("ELASTICSEARCH_URL") or settings.ELASTICSEARCH_URL
            if not url:
                print("skipping elasticsearch: no ELASTICSEARCH_URL")
                continue
            from search.engines.elasticsearch import ElasticsearchEngine

            engines.append(("elasticsearch", ElasticsearchEngine(url=url, prefix=args.prefix,
                                                                 timeout=120)))

    print(f"{n} sheets, {args.runs} runs per measure")
    runs = []
    for label, engine in engines:
        run = {"n": n, "engine": label}
        reuse = (args.keep and not isinstance(engine, DatabaseEngine)
                 and engine.current_index(document.name)
                 and engine.client.count(index=engine.alias(document.name))["count"] == n)
        if reuse:
            print(f"\n[{label}] reusing the index of {n} sheets")
        else:
            if isinstance(engine, DatabaseEngine):
                purge(document.name)
            else:
                # Built like `essaim search reindex` builds an index: no refresh while it
                # fills, then one refresh and a merge (restore_refresh), then the alias.
                engine.drop_all()
                index = engine.create_index(document, refresh_interval="-1")
            start = time.perf_counter()
            for offset in range(0, len(data), args.batch):
                chunk = data[offset:offset + args.batch]
                items = [(str(d["id"]), d) for d in chunk]
                if isinstance(engine, DatabaseEngine):
                    engine.bulk_index(document, items)
                else:
                    engine.bulk_index(document, items, index=index, refresh=False)
            if not isinstance(engine, DatabaseEngine):
                engine.restore_refresh(index)
                engine.swap_alias(document.name, index)
            elapsed = time.perf_counter() - start
            run["indexing rate"] = n / elapsed
            print(f"\n[{label}] bulk indexing: {n / elapsed:,.0f} docs/s ({elapsed:.1f}s)")

        def text(i, engine=engine):
            engine.search(Query(doc_names=[document.name], text=QUERIES[i % len(QUERIES)]))

        def filtered(i, engine=engine):
            engine.search(Query(doc_names=[document.name], text=QUERIES[i % len(QUERIES)],
                                filters={"theme": [THEMES[i % 12], THEMES[(i + 3) % 12]],
                                         "region": [REGIONS[i % 12]]},
                                facets=list(facets)))

        def suggest(i, engine=engine):
            engine.suggest(PREFIXES[i % len(PREFIXES)], [document.name])

        for key, name, fn in (("text", "text", text),
                              ("filtered", "text + 2 filters + 5 facets", filtered),
                              ("suggestions", "suggestions", suggest)):
            fn(0)  # warm up
            p50, p95 = timed(fn, args.runs)
            run[key] = {"p50": p50, "p95": p95}
            print(f"[{label}] {name:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
        runs.append(run)
        if not isinstance(engine, DatabaseEngine) and not args.keep:
            engine.drop_all()
    purge(document.name)
    return runs


if __name__ == "__main__":
    main()
