"""Every performance figure of docs/performance.md, measured in one run.

    .venv/bin/python -m bench            # the full profile (10 000 and 100 000 sheets)
    .venv/bin/python -m bench --quick    # a developer's check, under 3 minutes
    .venv/bin/python -m bench --only web,pages --no-write
    .venv/bin/python -m bench --skip reindex-database,reindex-elasticsearch

Starts the services it needs (PostgreSQL and Redis through .ci/services.sh,
Elasticsearch through .ci/elasticsearch.sh) when DATABASE_URL, REDIS_URL or
ELASTICSEARCH_URL are not set, runs each benchmark of this directory in a process of
its own, one after the other (never two at once: they would measure each other),
prints one table with each figure, its target and its ratio to the server's floor
measured in the same run, and rewrites the summary of docs/performance.md with the
date, the machine and the versions. Each benchmark can also be run alone (see its
docstring); ``--keep DIR`` keeps their JSON figures.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:summary:start -->", "<!-- bench:summary:end -->"

PROFILES = {
    "quick": {
        "web": ["--seconds", "1", "--signups", "150", "--capacity", "50"],
        "pages": ["--sheets", "300", "--requests", "6"],
        "search-postgresql": ["--n", "2000", "--runs", "20", "--engines", "database"],
        "search-sqlite": ["--n", "2000", "--runs", "20", "--engines", "database"],
        "search-elasticsearch": ["--n", "2000", "--runs", "20", "--engines", "elasticsearch",
                                 "--prefix", "essaim-bench-search"],
        "library": ["--sizes", "100", "500", "--requests", "6"],
        "reindex-database": ["--n", "300", "--engine", "database"],
        "reindex-elasticsearch": ["--n", "300", "--engine", "elasticsearch"],
    },
    "full": {
        "web": ["--seconds", "10", "--signups", "1000", "--capacity", "300"],
        "pages": ["--sheets", "10000", "--requests", "50"],
        "search-postgresql": ["--n", "10000", "100000", "--runs", "100",
                              "--engines", "database"],
        "search-sqlite": ["--n", "10000", "--runs", "100", "--engines", "database"],
        "search-elasticsearch": ["--n", "100000", "--runs", "100", "--engines", "elasticsearch",
                                 "--prefix", "essaim-bench-search"],
        "library": ["--sizes", "1000", "10000", "--requests", "30"],
        "reindex-database": ["--n", "100000", "--engine", "database"],
        "reindex-elasticsearch": ["--n", "100000", "--engine", "elasticsearch"],
    },
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def exports(script, extra_env=None):
    """The ``export NAME=value`` lines a provisioning script prints, as a dict."""
    output = subprocess.run(["bash", str(ROOT / ".ci" / script)], check=True, text=True,
                            capture_output=True, env=dict(os.environ, **(extra_env or {})),
                            cwd=ROOT).stdout
    return dict(re.findall(r"^export (\w+)=(\S*)$", output, re.MULTILINE))


def services(need_elasticsearch):
    env = {}
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not (
            os.environ.get("REDIS_URL", "").startswith("redis")):
        log("starting PostgreSQL and Redis (.ci/services.sh)")
        env.update(exports("services.sh", {"PG_DB": "essaim_bench"}))
    else:
        env.update(DATABASE_URL=os.environ["DATABASE_URL"], REDIS_URL=os.environ["REDIS_URL"])
    if os.environ.get("ELASTICSEARCH_URL"):
        env["ELASTICSEARCH_URL"] = os.environ["ELASTICSEARCH_URL"]
    elif need_elasticsearch:
        log("starting Elasticsearch (.ci/elasticsearch.sh)")
        env.update(exports("elasticsearch.sh"))
    # Each benchmark's cache and broker in a Redis database of its own.
    env["REDIS_URL"] = re.sub(r"/\d*$", "", env["REDIS_URL"]) + "/14"
    env["CELERY_BROKER_URL"] = env["REDIS_URL"]
    return env


def step_command(name, args, env, out):
    """(argv, environment) of one benchmark."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "ELASTICSEARCH_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    base.update(ESSAIM_VAR_DIR=tempfile.mkdtemp(prefix=f"essaim-bench-{name}-"),
                PYTHONPATH=str(ROOT))
    database = {"DATABASE_URL": env["DATABASE_URL"]}
    if name.startswith("search-") and name != "search-sqlite":
        # bench/search.py migrates the database it is given: one of its own.
        database = {"DATABASE_URL": ensure_database(env["DATABASE_URL"], "essaim_bench_search")}
    if name == "web":
        step_env = dict(base, **database, REDIS_URL=env["REDIS_URL"],
                        CELERY_BROKER_URL=env["CELERY_BROKER_URL"])
    elif name in ("pages", "library", "search-postgresql", "reindex-database"):
        step_env = dict(base, **database)
    elif name == "search-sqlite":
        step_env = dict(base)
    else:  # Elasticsearch, on PostgreSQL
        step_env = dict(base, **database, ELASTICSEARCH_URL=env["ELASTICSEARCH_URL"])
    script = name.split("-")[0]
    return [sys.executable, str(BENCH / f"{script}.py"), *args, "--json", str(out)], step_env


def ensure_database(url, name):
    """``url`` pointing to the PostgreSQL database ``name``, created when missing."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def machine():
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores, {memory} memory, {platform.system()} {platform.machine()}"


def versions(env):
    import django
    import wagtail

    found = {"Python": platform.python_version(), "Django": django.get_version(),
             "Wagtail": wagtail.__version__}
    try:
        import psycopg

        with psycopg.connect(urlunsplit(urlsplit(env["DATABASE_URL"])._replace(
                path="/postgres"))) as conn:
            found["PostgreSQL"] = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    except Exception:  # reported as unknown
        pass
    try:
        import redis

        found["Redis"] = redis.Redis.from_url(env["REDIS_URL"]).info()["redis_version"]
    except Exception:  # reported as unknown
        pass
    if env.get("ELASTICSEARCH_URL"):
        try:
            import urllib.request

            url = (env["ELASTICSEARCH_URL"].rstrip("/")
                   + "/_nodes/_local?filter_path=nodes.*.version")
            with urllib.request.urlopen(url, timeout=5) as response:
                found["Elasticsearch"] = next(iter(json.load(response)["nodes"].values()))[
                    "version"]
        except Exception:  # reported as unknown
            pass
    return found


def verdict(value, target, lower_is_better=True):
    if value is None or target is None:
        return ""
    return "✓" if (value <= target if lower_is_better else value >= target) else "✗"


def summary(results, profile):
    """The Markdown table: one row per figure, its target, and the verdict."""
    rows = []

    def add(measure, figure, target, ok):
        rows.append(f"| {measure} | {figure} | {target} | {ok} |")

    web = results.get("web")
    if web:
        floor = web["floor"]["throughput"]
        add("`/healthz`, the floor (one query, no template)", f"{floor:.0f} req/s", "—", "")
        for name, r in web["pages"].items():
            ratio = r["throughput"] / floor
            add(f"anonymous {name} `{r['path']}`", f"{r['throughput']:.0f} req/s "
                f"({ratio:.0%} of the floor)", "≥ 50 % of the floor",
                verdict(ratio, 0.5, False))
        for name in ("sign-up", "confirmation"):
            r = web[name]
            ratio = r["throughput"] / floor
            ok = ratio >= 0.25 and r["p95"] <= 500 and not r["failures"]
            add(f"{name} POST, {web['connections']} clients",
                f"{r['throughput']:.0f} req/s ({ratio:.0%}), p95 {r['p95']:.0f} ms, "
                f"{len(r['failures'])} errors", "≥ 25 % of the floor, p95 ≤ 500 ms, 0 errors",
                "✓" if ok else "✗")
        c = web["capacity"]
        add("capacity held", f"{c['taken']} seats taken of {c['seats']} "
            f"({c['confirmed']} confirmed, {c['waitlisted']} waitlisted)", "≤ the capacity",
            verdict(c["taken"], c["seats"]))
    pages = results.get("pages")
    if pages:
        for name, row in pages["pages"].items():
            for mode in ("member", "after a booking", "after a page change"):
                m = row.get(mode)
                if m is None:  # figures of an earlier version of the benchmark
                    continue
                constant = m["queries"] <= m["queries at demo size"]
                add(f"{name} `{row['path']}`, {mode}, {pages['sheets']} sheets",
                    f"p50 {m['p50']:.1f} ms, {m['queries']} queries"
                    + ("" if constant else f" ({m['queries at demo size']} at demo size)"),
                    "p50 ≤ 20 ms, queries not growing",
                    "✓" if m["p50"] <= 20 and constant else "✗")
    for key, label in (("search-postgresql", "database engine, PostgreSQL"),
                       ("search-sqlite", "database engine, SQLite"),
                       ("search-elasticsearch", "Elasticsearch")):
        for run in (results.get(key) or {}).get("runs", []):
            target = 60 if run["n"] <= 10_000 else (300 if key == "search-postgresql" else 30)
            if key == "search-elasticsearch":
                target = 30
            add(f"{label}, {run['n']} sheets, text + 2 filters + all facets",
                f"p50 {run['filtered']['p50']:.1f} ms, p95 {run['filtered']['p95']:.1f} ms",
                f"p95 ≤ {target} ms", verdict(run["filtered"]["p95"], target))
    library = results.get("library")
    if library:
        sheet = [r for r in library["rows"] if r["page"] == "sheet"]
        if len(sheet) >= 2:
            first, last = sheet[0], sheet[-1]
            flat = last["p50"] <= first["p50"] * 1.2 + 2  # within a fifth, 2 ms of noise
            add(f"sheet page from {first['sheets']} to {last['sheets']} sheets",
                f"p50 {first['p50']:.1f} → {last['p50']:.1f} ms, "
                f"{first['queries']} → {last['queries']} queries", "flat",
                "✓" if flat and first["queries"] == last["queries"] else "✗")
    for key, label in (("reindex-database", "database engine"),
                       ("reindex-elasticsearch", "Elasticsearch")):
        r = results.get(key)
        if r:
            at_scale = r["seconds"] * 100_000 / r["sheets"]
            add(f"`essaim search reindex`, {r['sheets']} sheets, {label}",
                f"{r['seconds']:.1f} s ({r['rate']:.0f} sheets/s, "
                f"{r['queries_per_batch_max']} queries per batch)",
                "≤ 60 s for 100 000, with progress",
                verdict(at_scale, 60) + ("" if r["sheets"] >= 100_000
                                         else f" ({at_scale:.0f} s at 100 000)"))
    header = ["| measure | figure | target | |", "|---|---|---|:-:|"]
    return "\n".join(header + rows)


def write_doc(text, results):
    doc = DOC.read_text()
    # The detailed tables of the benchmarks that print one, in their own sections.
    for name in ("pages", "web"):
        table = (results.get(name) or {}).get("table")
        start, end = f"<!-- {name}:table -->", f"<!-- {name}:end -->"
        if table and start in doc:
            if end not in doc:
                doc = doc.replace(start, f"{start}\n{end}")
            doc = re.sub(re.escape(start) + ".*?" + re.escape(end),
                         lambda _m, t=f"{start}\n{table}\n{end}": t, doc, flags=re.DOTALL)
    block = f"{START}\n{text}\n{END}"
    if START in doc:
        doc = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, doc,
                     flags=re.DOTALL)
    else:
        first_section = doc.index("\n## ")
        doc = (doc[:first_section].rstrip("\n") + "\n\n## Summary (`python -m bench`)\n\n"
               + block + "\n" + doc[first_section:])
    DOC.write_text(doc)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes, under 3 minutes.")
    parser.add_argument("--only", help="Comma-separated benchmarks: "
                        + ", ".join(PROFILES["full"]))
    parser.add_argument("--skip", help="Comma-separated benchmarks to leave out (their rows "
                        "say so); the summary is still written.")
    parser.add_argument("--no-write", action="store_true",
                        help="Print the table, leave docs/performance.md alone.")
    parser.add_argument("--keep", help="Keep each benchmark's JSON figures in this directory.")
    parser.add_argument("--resume", metavar="DIR", help="Reuse the figures a run kept in DIR "
                        "(--keep) and run only the benchmarks missing there.")
    args = parser.parse_args(argv)

    profile = "quick" if args.quick else "full"
    steps = PROFILES[profile]
    names = list(steps) if not args.only else [n.strip() for n in args.only.split(",")]
    skipped = [n.strip() for n in (args.skip or "").split(",") if n.strip()]
    names = [name for name in names if name not in skipped]
    unknown = (set(names) | set(skipped)) - set(steps)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    out_dir = Path(args.resume or args.keep or tempfile.mkdtemp(prefix="essaim-bench-results-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    reused = [name for name in names if args.resume and (out_dir / f"{name}.json").exists()]
    env = services(any("elasticsearch" in name for name in names if name not in reused))
    results, failed = {}, []
    durations_file = out_dir / "durations.json"
    durations = json.loads(durations_file.read_text()) if (
        args.resume and durations_file.exists()) else {}
    for name in names:
        out = out_dir / f"{name}.json"
        if name in reused:
            log(f"{name}: figures of an earlier run reused ({out})")
            results[name] = json.loads(out.read_text())
            continue
        argv_, step_env = step_command(name, steps[name], env, out)
        log(f"{name}: {' '.join(Path(a).name if a.startswith('/') else a for a in argv_[1:])}")
        step_started = time.perf_counter()
        completed = subprocess.run(argv_, env=step_env, cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE)
        durations[name] = time.perf_counter() - step_started
        log(f"{name}: {durations[name]:.0f} s")
        if completed.returncode != 0 or not out.exists():
            failed.append(name)
            print(completed.stdout, file=sys.stderr)
            continue
        results[name] = json.loads(out.read_text())
    durations_file.write_text(json.dumps(durations))
    stamp = datetime.datetime.now().astimezone()
    ver = versions(env)
    heading = (f"{stamp:%Y-%m-%d}, `python -m bench{' --quick' if args.quick else ''}` in "
               f"{sum(durations.get(name, 0) for name in names):.0f} s, on {machine()}; "
               + ", ".join(f"{k} {v}" for k, v in ver.items()) + ".")
    if reused:
        heading += (" Resumed: " + ", ".join(reused) + " measured by an earlier run of the same "
                    "profile on the same machine.")
    text = heading + "\n\n" + summary(results, profile)
    if failed:
        text += "\n\nNot measured (the benchmark failed): " + ", ".join(failed) + "."
    if skipped:
        text += ("\n\nNot measured in this run (`--skip`): " + ", ".join(skipped)
                 + "; see their sections below.")
    print(text)
    if not args.no_write and not args.only:
        write_doc(text, results)
        log(f"summary written to {DOC.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
