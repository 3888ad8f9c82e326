"""PostgreSQL: a narrow table for matching text and counting facets (like SQLite's FTS5
table, kept in sync by triggers).

The entry table holds each entry's text, data and both tsvectors (about 3 kB a row, four
rows a page): matching a broad query read most of it (a sequential scan, or a bitmap scan
visiting nearly every page). essaim_search_match holds, per entry, only what a search
reads before it cuts the page: the document type, the stemmed tsvector (with its own GIN
index) and the facet values as "name=value" keys (the filters and the facet counts, with
no join). The entry table keeps its columns and indexes (field sorts, suggestions,
similar entries). Other databases: nothing.
"""

from django.db import migrations

POSTGRESQL = [
    """CREATE TABLE essaim_search_match (
        entry_id bigint PRIMARY KEY,
        doc_type varchar(100) NOT NULL,
        search_vector tsvector NOT NULL,
        facet_keys text[] NOT NULL)""",
    # The keys of an entry's facets column ({name: [values]}), each value cut like the
    # facet-value rows (search.engines.database: 255 characters).
    """CREATE FUNCTION essaim_search_match_keys(facets jsonb) RETURNS text[]
        LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg(f.key || '=' || left(v.value, 255)), '{}')
        FROM jsonb_each(coalesce(facets, '{}')) f,
             jsonb_array_elements_text(CASE WHEN jsonb_typeof(f.value) = 'array'
                                            THEN f.value ELSE '[]' END) v(value) $$""",
    """CREATE FUNCTION essaim_search_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO essaim_search_match (entry_id, doc_type, search_vector, facet_keys)
        VALUES (NEW.id, NEW.doc_type, NEW.search_vector,
                essaim_search_match_keys(NEW.facets::jsonb))
        ON CONFLICT (entry_id) DO UPDATE SET doc_type = EXCLUDED.doc_type,
            search_vector = EXCLUDED.search_vector, facet_keys = EXCLUDED.facet_keys;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER essaim_search_match_sync AFTER INSERT OR UPDATE
        ON essaim_search_searchentry FOR EACH ROW EXECUTE FUNCTION essaim_search_match_sync()""",
    # Deletions and truncations follow (no foreign key: the entry table can still be
    # truncated alone, as Django's flush does).
    """CREATE FUNCTION essaim_search_match_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM essaim_search_match WHERE entry_id IN (SELECT id FROM deleted);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER essaim_search_match_delete AFTER DELETE ON essaim_search_searchentry
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT
        EXECUTE FUNCTION essaim_search_match_delete()""",
    """CREATE FUNCTION essaim_search_match_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE essaim_search_match;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER essaim_search_match_truncate AFTER TRUNCATE ON essaim_search_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION essaim_search_match_truncate()""",
    """INSERT INTO essaim_search_match (entry_id, doc_type, search_vector, facet_keys)
        SELECT id, doc_type, search_vector, essaim_search_match_keys(facets::jsonb)
        FROM essaim_search_searchentry""",
    "CREATE INDEX essaim_search_match_gin ON essaim_search_match USING gin (search_vector)",
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS essaim_search_match_sync ON essaim_search_searchentry",
    "DROP TRIGGER IF EXISTS essaim_search_match_delete ON essaim_search_searchentry",
    "DROP TRIGGER IF EXISTS essaim_search_match_truncate ON essaim_search_searchentry",
    "DROP FUNCTION IF EXISTS essaim_search_match_sync()",
    "DROP FUNCTION IF EXISTS essaim_search_match_delete()",
    "DROP FUNCTION IF EXISTS essaim_search_match_truncate()",
    "DROP TABLE IF EXISTS essaim_search_match",
    "DROP FUNCTION IF EXISTS essaim_search_match_keys(jsonb)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("essaim_search", "0008_facet_entry_without_constraint")]
    operations = [migrations.RunPython(forwards, backwards)]
