# Joins the sheets' illustrations and the taxonomy slugs spelt from their labels.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('practice_library', '0005_practicesheetpage_image_practicesheetpage_image_alt'),
        ('practice_library', '0005_taxonomy_slugs_from_labels'),
    ]

    operations = [
    ]
