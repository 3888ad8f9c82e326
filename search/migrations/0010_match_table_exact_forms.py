"""PostgreSQL: the exact forms' tsvector in the narrow match table too, both vectors kept
in the row.

A text search ranked every matching entry by its stemmed vector (in the match table)
plus its exact forms' (read from the entry table, where the vector is moved out of the
row into TOAST: three buffers and a decompression an entry). Ranking 6 800 entries took
about 40 ms at 10 000 sheets, 15 ms with both vectors in the match table.
Storage ``main`` for the vectors and the facet keys: compressed in the row, moved out
only when a row would not fit in a page (the rows grow past the 2 kB where PostgreSQL
moves the largest ``extended`` value out: the facet keys, which every facet count
reads).
The table is rebuilt from the entries (the same content as the triggers write).
Other databases: nothing.
"""

from django.db import migrations

SYNC = """CREATE OR REPLACE FUNCTION essaim_search_match_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO essaim_search_match (entry_id, doc_type, search_vector, exact_vector,
                                         facet_keys)
        VALUES (NEW.id, NEW.doc_type, NEW.search_vector, NEW.exact_vector,
                essaim_search_match_keys(NEW.facets::jsonb))
        ON CONFLICT (entry_id) DO UPDATE SET doc_type = EXCLUDED.doc_type,
            search_vector = EXCLUDED.search_vector, exact_vector = EXCLUDED.exact_vector,
            facet_keys = EXCLUDED.facet_keys;
        RETURN NULL;
    END $$"""

POSTGRESQL = [
    "DROP INDEX essaim_search_match_gin",
    "TRUNCATE essaim_search_match",
    "ALTER TABLE essaim_search_match ADD COLUMN exact_vector tsvector NOT NULL",
    "ALTER TABLE essaim_search_match ALTER COLUMN search_vector SET STORAGE MAIN, "
    "ALTER COLUMN exact_vector SET STORAGE MAIN, ALTER COLUMN facet_keys SET STORAGE MAIN",
    SYNC,
    """INSERT INTO essaim_search_match (entry_id, doc_type, search_vector, exact_vector,
                                        facet_keys)
        SELECT id, doc_type, search_vector, coalesce(exact_vector, ''),
               essaim_search_match_keys(facets::jsonb)
        FROM essaim_search_searchentry""",
    "CREATE INDEX essaim_search_match_gin ON essaim_search_match USING gin (search_vector)",
]

POSTGRESQL_REVERSE = [
    """CREATE OR REPLACE FUNCTION essaim_search_match_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO essaim_search_match (entry_id, doc_type, search_vector, facet_keys)
        VALUES (NEW.id, NEW.doc_type, NEW.search_vector,
                essaim_search_match_keys(NEW.facets::jsonb))
        ON CONFLICT (entry_id) DO UPDATE SET doc_type = EXCLUDED.doc_type,
            search_vector = EXCLUDED.search_vector, facet_keys = EXCLUDED.facet_keys;
        RETURN NULL;
    END $$""",
    "ALTER TABLE essaim_search_match DROP COLUMN exact_vector",
    "ALTER TABLE essaim_search_match ALTER COLUMN search_vector SET STORAGE EXTENDED, "
    "ALTER COLUMN facet_keys SET STORAGE EXTENDED",
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
    dependencies = [("essaim_search", "0009_postgresql_match_table")]
    operations = [migrations.RunPython(forwards, backwards)]
