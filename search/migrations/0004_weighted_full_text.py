"""Full text by weight tier (title, summary, labels, body) and the exact forms.

SQLite: the FTS5 table gets a column per tier and one for the exact forms.
PostgreSQL: the tsvector weighs the tiers A–D, and a second tsvector holds the
exact forms (phrases, the exact-form boost). Existing entries keep their title
and body terms; `essaim search reindex` fills the new columns.
"""

from django.db import migrations

COLUMNS = "title_terms, summary_terms, label_terms, body_terms, exact_terms"
OLD = ", ".join(f"old.{c.strip()}" for c in COLUMNS.split(","))
NEW = ", ".join(f"new.{c.strip()}" for c in COLUMNS.split(","))

SQLITE = [
    "DROP TRIGGER IF EXISTS essaim_search_fts_update",
    "DROP TRIGGER IF EXISTS essaim_search_fts_delete",
    "DROP TRIGGER IF EXISTS essaim_search_fts_insert",
    "DROP TABLE IF EXISTS essaim_search_fts",
    f"""CREATE VIRTUAL TABLE essaim_search_fts USING fts5(
        {COLUMNS}, content='essaim_search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER essaim_search_fts_insert AFTER INSERT ON essaim_search_searchentry BEGIN
        INSERT INTO essaim_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER essaim_search_fts_delete AFTER DELETE ON essaim_search_searchentry BEGIN
        INSERT INTO essaim_search_fts(essaim_search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER essaim_search_fts_update AFTER UPDATE ON essaim_search_searchentry BEGIN
        INSERT INTO essaim_search_fts(essaim_search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO essaim_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    "INSERT INTO essaim_search_fts(essaim_search_fts) VALUES ('rebuild')",
]

POSTGRESQL = [
    "ALTER TABLE essaim_search_searchentry DROP COLUMN IF EXISTS search_vector",
    """ALTER TABLE essaim_search_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') ||
            setweight(to_tsvector('simple'::regconfig, coalesce(summary_terms, '')), 'B') ||
            setweight(to_tsvector('simple'::regconfig, coalesce(label_terms, '')), 'C') ||
            setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'D')
        ) STORED""",
    """CREATE INDEX essaim_search_vector_gin ON essaim_search_searchentry
        USING gin (search_vector)""",
    """ALTER TABLE essaim_search_searchentry ADD COLUMN exact_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(exact_terms, '')))
        STORED""",
    """CREATE INDEX essaim_search_exact_gin ON essaim_search_searchentry
        USING gin (exact_vector)""",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("essaim_search", "0003_vocabulary_thesaurus_query_log")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
