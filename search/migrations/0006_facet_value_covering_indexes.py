"""Covering indexes on the facet values for the database engine's one-pass facet counts.

(entry, name, value): the matching entries' values, joined and grouped without reading
the table (it also serves the foreign key, whose own index goes).
(doc_type, name, value, entry): the entries having a value (filters), in entry order
(the newest candidates of more_like_this).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('essaim_search', '0005_seed_thesaurus'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchfacetvalue',
            name='essaim_search_facet_idx',
        ),
        migrations.AlterField(
            model_name='searchfacetvalue',
            name='entry',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='facet_values', to='essaim_search.searchentry'),
        ),
        migrations.AddIndex(
            model_name='searchfacetvalue',
            index=models.Index(fields=['entry', 'name', 'value'], name='essaim_search_facet_entry_idx'),
        ),
        migrations.AddIndex(
            model_name='searchfacetvalue',
            index=models.Index(fields=['doc_type', 'name', 'value', 'entry'], name='essaim_search_facet_value_idx'),
        ),
    ]
