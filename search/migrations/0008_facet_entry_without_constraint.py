"""The facet values' entry key without a database constraint.

The database engine writes an entry's facet values with it and deletes them before it
(an ORM delete of entries cascades as before); a checked key costs a trigger for each
of the fourteen or so rows of an entry when a reindex loads them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("essaim_search", "0007_entry_date_indexes")]

    operations = [
        migrations.AlterField(
            model_name="searchfacetvalue",
            name="entry",
            field=models.ForeignKey(db_constraint=False, db_index=False,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="facet_values", to="essaim_search.searchentry"),
        ),
    ]
