"""Full text for the database engine: an FTS5 table on SQLite, a tsvector on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE essaim_search_fts USING fts5(
        title_terms, body_terms, content='essaim_search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER essaim_search_fts_insert AFTER INSERT ON essaim_search_searchentry BEGIN
        INSERT INTO essaim_search_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER essaim_search_fts_delete AFTER DELETE ON essaim_search_searchentry BEGIN
        INSERT INTO essaim_search_fts(essaim_search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER essaim_search_fts_update AFTER UPDATE ON essaim_search_searchentry BEGIN
        INSERT INTO essaim_search_fts(essaim_search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO essaim_search_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    "INSERT INTO essaim_search_fts(essaim_search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS essaim_search_fts_update",
    "DROP TRIGGER IF EXISTS essaim_search_fts_delete",
    "DROP TRIGGER IF EXISTS essaim_search_fts_insert",
    "DROP TABLE IF EXISTS essaim_search_fts",
]

# The terms are already French-analysed (search.analysis, the Elasticsearch chain):
# the 'simple' configuration keeps them as they are. unaccent is there for SQL
# written by hand against the entries (`unaccent(title) ILIKE …`).
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """ALTER TABLE essaim_search_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') ||
            setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'B')
        ) STORED""",
    """CREATE INDEX essaim_search_vector_gin ON essaim_search_searchentry
        USING gin (search_vector)""",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS essaim_search_vector_gin",
    "ALTER TABLE essaim_search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE,
                  "postgresql": POSTGRESQL_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("essaim_search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
