"""Every French territory: the official list, its compact extract, loading and lookup.

The list comes from Etalab's npm package ``@etalab/decoupage-administratif`` (INSEE's
official geographic code): communes, intercommunalités (EPCI), départements and régions.
``core/data/territories.csv.gz`` keeps only what Essaim needs, so the demo needs no
network; ``essaim territories update`` rebuilds it from the package and
``essaim territories load`` (run by ``essaim demo``) loads it with bulk upserts.

Lookups (the contribution form's autocomplete, the admin's territory field) go through
``TerritoryKey``: one indexed row per name, per word of the name and per postal code,
normalised without accents or punctuation, so that a prefix search is an index range scan.
"""

import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

PACKAGE = "@etalab/decoupage-administratif"
EXTRACT = Path(__file__).resolve().parent / "data" / "territories.csv.gz"
FIELDS = ["kind", "code", "name", "population", "departement", "region", "postal_codes",
          "epci"]
NATIONAL_CODE = "FR"
# Départements and régions share two-digit codes (11 is the Aude and Île-de-France):
# a région's code is stored with this prefix.
REGION_PREFIX = "R"

# INSEE region code → the slug of core.models.Region.
REGION_SLUGS = {
    "01": "guadeloupe", "02": "martinique", "03": "guyane", "04": "la-reunion",
    "06": "mayotte", "11": "ile-de-france", "24": "centre-val-de-loire",
    "27": "bourgogne-franche-comte", "28": "normandie", "32": "hauts-de-france",
    "44": "grand-est", "52": "pays-de-la-loire", "53": "bretagne",
    "75": "nouvelle-aquitaine", "76": "occitanie", "84": "auvergne-rhone-alpes",
    "93": "provence-alpes-cote-d-azur", "94": "corse",
}
DEFAULT_LIMIT = 10
MAX_LIMIT = 20
MAX_WORDS = 10  # keys one territory can have that start alike ("saint" in Saint-Martin-…)
BATCH = 2000


class TerritoryDataError(Exception):
    """The package cannot be fetched or read; the message says why, for a person."""


def normalize(text: str) -> str:
    """Lower case, no accents, no punctuation: "Saint-Étienne" → "saint etienne"."""
    text = (text or "").lower().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def keys_for(name: str, postal_codes: str = "") -> set[str]:
    """The normalised name, each of its word-suffixes ("etienne") and postal codes."""
    words = normalize(name).split()
    keys = {" ".join(words[i:])[:100] for i in range(len(words)) if len(words[i]) > 1}
    keys.update(postal_codes.split())
    return keys


# -- the extract ------------------------------------------------------------------------


def build_rows(package_dir) -> list[dict]:
    """Rows of the extract from the package's ``data/*.json`` (communes actuelles only:
    communes déléguées and associées share codes, arrondissements municipaux would count
    their city twice)."""
    data_dir = Path(package_dir)
    if (data_dir / "data").is_dir():
        data_dir = data_dir / "data"
    try:
        communes, epcis, departements, regions = (
            json.loads((data_dir / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("communes", "epci", "departements", "regions"))
    except (OSError, ValueError) as exc:
        raise TerritoryDataError(
            _("Cannot read the territories package in %(dir)s: %(error)s")
            % {"dir": package_dir, "error": exc}) from exc

    communes = [c for c in communes if c.get("type") == "commune-actuelle"]
    epci_of = {m["code"]: e["code"] for e in epcis for m in e.get("membres", [])}
    commune_population = {c["code"]: c.get("population") or 0 for c in communes}
    by_departement, by_region = Counter(), Counter()
    for c in communes:
        by_departement[c.get("departement")] += c.get("population") or 0
        by_region[c.get("region")] += c.get("population") or 0
    departement_region = {d["code"]: d.get("region") for d in departements}

    rows = [dict(kind="national", code=NATIONAL_CODE, name="France",
                 population=sum(commune_population.values()), departement="", region="",
                 postal_codes="", epci="")]
    for r in regions:
        if r["code"] in REGION_SLUGS:
            rows.append(dict(kind="region", code=REGION_PREFIX + r["code"], name=r["nom"],
                             population=by_region[r["code"]], departement="",
                             region=r["code"], postal_codes="", epci=""))
    for d in departements:
        rows.append(dict(kind="departement", code=d["code"], name=d["nom"],
                         population=by_departement[d["code"]], departement=d["code"],
                         region=d.get("region") or "", postal_codes="", epci=""))
    commune_departement = {c["code"]: c.get("departement") or "" for c in communes}
    for e in epcis:
        # An EPCI may straddle départements: it takes its most populous member's.
        members = [m["code"] for m in e.get("membres", []) if m["code"] in commune_population]
        main = max(members, key=lambda code: commune_population[code], default=None)
        departement = commune_departement.get(main, "")
        rows.append(dict(kind="intercommunalite", code=e["code"], name=e["nom"],
                         population=e.get("populationTotale") or e.get("populationMunicipale")
                         or sum(commune_population[m] for m in members),
                         departement=departement,
                         region=departement_region.get(departement) or "",
                         postal_codes="", epci=""))
    for c in communes:
        rows.append(dict(kind="commune", code=c["code"], name=c["nom"],
                         population=c.get("population") or "",
                         departement=c.get("departement") or "",
                         region=c.get("region") or "",
                         postal_codes=" ".join(sorted(set(c.get("codesPostaux") or []))),
                         epci=epci_of.get(c["code"], "")))
    return rows


def write_extract(rows, path=EXTRACT):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0: the same data gives the same bytes, so an unchanged list is no diff.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                filename="") as out:
        out.write(buffer.getvalue().encode("utf-8"))
    return path


def read_extract(path=EXTRACT) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def download_package(target_dir) -> Path:
    """``npm pack`` the package into ``target_dir`` and unpack it; returns its directory."""
    npm = shutil.which("npm")
    if npm is None:
        raise TerritoryDataError(_(
            "npm is not installed: install Node.js (which provides npm), or download the "
            "package %(package)s yourself and pass its directory with --from.")
            % {"package": PACKAGE})
    try:
        result = subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=target_dir,
                                capture_output=True, text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired as exc:
        raise TerritoryDataError(_("npm took too long to download %(package)s: is the "
                                   "network reachable?") % {"package": PACKAGE}) from exc
    tarballs = sorted(Path(target_dir).glob("*.tgz"))
    if result.returncode != 0 or not tarballs:
        raise TerritoryDataError(
            _("npm could not download %(package)s (is the network or the npm registry "
              "reachable?): %(error)s")
            % {"package": PACKAGE, "error": (result.stderr or result.stdout).strip()[-500:]})
    shutil.unpack_archive(tarballs[-1], target_dir)
    return Path(target_dir) / "package"


def update_extract(from_dir=None, path=EXTRACT) -> list[dict]:
    """Rebuild the extract from a package directory, or from a freshly downloaded one."""
    if from_dir is not None:
        rows = build_rows(from_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = build_rows(download_package(tmp))
    write_extract(rows, path)
    return rows


# -- loading ------------------------------------------------------------------------------


def _territory_values(rows):
    """The extract's rows as Territory field values (département names, région slugs)."""
    departement_names = {r["code"]: r["name"] for r in rows if r["kind"] == "departement"}
    for row in rows:
        population = int(row["population"]) if row["population"] else None
        yield row["code"], dict(
            name=row["name"], kind=row["kind"], population=population,
            departement=departement_names.get(row["departement"], ""),
            region=REGION_SLUGS.get(row["region"], ""),
            postal_codes=row["postal_codes"])


def load_territories(path=EXTRACT) -> dict:
    """Create or update every territory of the extract; idempotent, bulk, in one transaction.

    Territories are matched by INSEE code, so existing ones keep their id (and every
    sheet, charter or visit that points to them). Returns counts: created, updated, keys.
    """
    from core.models import Territory, TerritoryKey

    wanted = dict(_territory_values(read_extract(path)))
    fields = ["name", "kind", "population", "departement", "region", "postal_codes"]
    with transaction.atomic():
        existing = {row[0]: row for row in
                    Territory.objects.values_list("insee_code", "id", *fields).iterator(
                        chunk_size=BATCH)}
        changed = []
        for code, values in wanted.items():
            current = existing.get(code)
            if current is None or tuple(current[2:]) != tuple(values[f] for f in fields):
                changed.append(code)
        created = sum(1 for code in changed if code not in existing)
        _upsert(Territory, ["insee_code", *fields],
                [[code, *(wanted[code][f] for f in fields)] for code in changed])
        # The lookup keys of every territory that changed, and of any that has none yet
        # (added by hand before this ran), rebuilt.
        ids = dict(Territory.objects.values_list("insee_code", "id")) if changed else {}
        to_key = {code: (ids[code], wanted[code]["name"], wanted[code]["postal_codes"],
                         wanted[code]["population"]) for code in changed}
        for code, *values in Territory.objects.filter(keys__isnull=True).values_list(
                "insee_code", "id", "name", "postal_codes", "population"):
            to_key.setdefault(code, values)
        keys = rebuild_keys(to_key.values())
        if changed:
            # Written without the ORM's signals: cached pages showing territories go stale
            # here, as after any other write.
            from core import pagecache

            pagecache.invalidate_on_commit("core")
    if changed and connection.vendor == "postgresql":
        # Fresh statistics, or the planner keeps its estimate of an empty table and scans.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Territory._meta.db_table}, "
                           f"{TerritoryKey._meta.db_table}")
    return {"created": created, "updated": len(changed) - created, "keys": keys}


def _upsert(model, columns, rows, conflict="insee_code"):
    """INSERT (… ON CONFLICT DO UPDATE) of many rows at once: the ORM's bulk_create
    builds a model instance and an SQL fragment per row, which for 140 000 rows costs
    ten times the database's own work. SQLite and PostgreSQL alike."""
    if not rows:
        return
    quote = connection.ops.quote_name
    conflict_sql = ""
    if conflict:
        conflict_sql = (f" ON CONFLICT ({quote(conflict)}) DO UPDATE SET "
                        + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns
                                    if c != conflict))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    row_sql = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite's executemany reuses one prepared statement: the fastest there.
            cursor.executemany(head + row_sql + conflict_sql, rows)
            return
        if connection.vendor == "postgresql":
            _copy_upsert(cursor.cursor, model._meta.db_table, columns, rows, conflict_sql)
            return
        # Elsewhere one statement carries many rows.
        per_statement = 900 // len(columns)
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + conflict_sql,
                           [value for row in batch for value in row])


def _copy_upsert(raw_cursor, table, columns, rows, conflict_sql):
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … SELECT (COPY is
    several times faster than any INSERT carrying the values)."""
    from psycopg import sql

    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    if not conflict_sql:
        with raw_cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), names)) as copy:
            for row in rows:
                copy.write_row(row)
        return
    raw_cursor.execute(sql.SQL(
        "CREATE TEMPORARY TABLE essaim_load ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
    ).format(names, sql.Identifier(table)))
    with raw_cursor.copy(sql.SQL("COPY essaim_load ({}) FROM STDIN").format(names)) as copy:
        for row in rows:
            copy.write_row(row)
    raw_cursor.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM essaim_load").format(
        sql.Identifier(table), names, names) + sql.SQL(conflict_sql))
    raw_cursor.execute("DROP TABLE essaim_load")


def rebuild_keys(territories) -> int:
    """Replace the lookup keys of ``territories``, an iterable of (id, name, postal codes,
    population): each key carries its territory's population, so that the most populous
    matches come from the keys' table alone."""
    from core.models import TerritoryKey

    territories = list(territories)
    ids = [pk for pk, *_values in territories]
    # Plain SQL: the ORM's delete would fetch each key to send its signals.
    table = connection.ops.quote_name(TerritoryKey._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 900):
            batch = ids[start:start + 900]
            cursor.execute(f"DELETE FROM {table} WHERE territory_id IN "
                           f"({', '.join(['%s'] * len(batch))})", batch)
    keys = [(pk, key, population) for pk, name, postal_codes, population in territories
            for key in keys_for(name, postal_codes)]
    _upsert(TerritoryKey, ["territory_id", "key", "population"], keys, conflict=None)
    return len(keys)


# -- lookup -------------------------------------------------------------------------------


def _prefix(field: str, prefix: str) -> Q:
    """``field`` starts with ``prefix``, as a condition the field's index can answer.

    PostgreSQL answers LIKE 'x%' from the pattern index Django adds to indexed text
    columns; SQLite does not use an index for LIKE on a case-sensitive column, but does
    for a range (the keys are ASCII, so every key with the prefix sorts below prefix+U+FFFF).
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\uffff"})


CODE_QUERY = re.compile(r"^(\d{2,9}|2[ab]\d{0,3}|r\d{0,2}|fr)$")


def search_territories(query: str, limit: int = DEFAULT_LIMIT):
    """Territories whose name (or a word of it), postal code or INSEE code starts with
    ``query``, most populous first. Two queries at most, whatever the data."""
    from core.models import Territory, TerritoryKey

    text = normalize(query)
    if len(text) < 2:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    base = Territory.objects.order_by(F("population").desc(nulls_last=True), "name")
    # The most populous matching keys (a territory has at most one per word of its name),
    # then their territories: neither query reads more than the matching keys.
    matching = (TerritoryKey.objects.filter(_prefix("key", text))
                .order_by(F("population").desc(nulls_last=True))
                .values("territory_id")[:limit * MAX_WORDS])
    by_key = list(base.filter(id__in=matching)[:limit])
    if not CODE_QUERY.match(text):
        return by_key
    by_code = list(base.filter(_prefix("insee_code", text.upper()))[:limit])
    # An exact INSEE code comes first; then the most populous of either list.
    merged = {t.pk: t for t in by_code + by_key}.values()
    return sorted(merged, key=lambda t: (t.insee_code != text.upper(), -(t.population or 0),
                                         t.name))[:limit]


def territory_label(territory) -> str:
    """How the field shows a chosen territory, and the text it reads back: "Blois (41018)"."""
    return f"{territory.name} ({territory.insee_code})"


LABEL = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z]{2,9})\)\s*$")


def resolve_territory(text: str):
    """The territory a typed or picked text designates: "Blois (41018)", an INSEE code, a
    postal code or a name that only one territory bears. Returns (territory, None) or
    (None, a message saying what to type)."""
    from core.models import Territory, TerritoryKey

    text = (text or "").strip()
    if not text:
        return None, None
    match = LABEL.match(text)
    if match:
        territory = Territory.objects.filter(insee_code=match["code"].upper()).first()
        if territory is not None:
            return territory, None
        text = match["name"]
    territory = Territory.objects.filter(insee_code=text.upper()).first()
    if territory is not None:
        return territory, None
    key = normalize(text)
    candidates = list(Territory.objects.filter(
        Q(id__in=TerritoryKey.objects.filter(key=key).values("territory_id"))
    ).order_by(F("population").desc(nulls_last=True), "name")[:6])
    if re.fullmatch(r"\d{5}", key):
        candidates = [t for t in candidates if key in t.postal_codes.split()]
    else:
        candidates = [t for t in candidates if normalize(t.name) == key]
    if len(candidates) == 1:
        return candidates[0], None
    if not candidates:
        return None, _("No territory is called “%(text)s”. Type the beginning of its name, "
                       "its postal code or its INSEE code, then pick it in the list.") % {
            "text": text}
    examples = ", ".join(_("“%(label)s”") % {"label": territory_label(t)}
                         for t in candidates[:3])
    return None, _("Several territories match “%(text)s”: add the INSEE code in brackets, "
                   "for example %(examples)s.") % {"text": text, "examples": examples}


def describe(territory) -> str:
    """A short line under a suggestion: kind, then département (or région)."""
    from core.models import Region, TerritoryKind

    parts = [str(TerritoryKind(territory.kind).label).capitalize()]
    if territory.kind in ("commune", "intercommunalite") and territory.departement:
        parts.append(territory.departement)
    elif territory.kind == "departement" and territory.region:
        parts.append(str(Region(territory.region).label))
    if territory.kind == "commune" and territory.postal_codes:
        codes = territory.postal_codes.split()
        parts.append(codes[0] if len(codes) == 1 else f"{codes[0]}…")
    return " · ".join(parts)


def suggestions(query, limit=DEFAULT_LIMIT) -> list[dict]:
    return [{"id": t.pk, "label": territory_label(t), "name": t.name,
             "code": t.insee_code, "kind": t.kind, "description": describe(t)}
            for t in search_territories(query, limit)]
