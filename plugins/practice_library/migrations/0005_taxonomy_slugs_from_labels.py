"""Taxonomy values are spelt like their labels in addresses ("Impliquer les publics
éloignés" → impliquer-les-publics-eloignes); the slugs they had are kept as former
slugs, so old links redirect and other sites' sheets still match."""

import re

from django.db import migrations, models
from django.utils.text import slugify

MODELS = ("Challenge", "Mechanism", "Theme", "Audience")


def label_slug(label):  # models.label_slug as it was when this migration was written
    return slugify(re.sub(r"['’]", " ", label))[:80].strip("-")


def spell_like_labels(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("practice_library", name)
        taken = set(model.objects.values_list("slug", flat=True))
        for item in model.objects.order_by("pk"):
            wanted = label_slug(item.name)
            if not wanted or wanted == item.slug or wanted in taken:
                continue
            taken.discard(item.slug)
            taken.add(wanted)
            item.former_slugs = [*item.former_slugs, item.slug]
            item.slug = wanted
            item.save(update_fields=["slug", "former_slugs"])


def restore(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("practice_library", name)
        for item in model.objects.exclude(former_slugs=[]):
            item.slug = item.former_slugs[0]
            item.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("practice_library", "0004_practicesheetpage_adapted_from_url")]
    operations = [
        *[migrations.AddField(
            model_name=name.lower(), name="former_slugs",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="former slugs",
                help_text="Slugs this value had before its name changed: addresses using "
                          "them still work.")) for name in MODELS],
        *[migrations.AlterField(
            model_name=name.lower(), name="slug",
            field=models.SlugField(help_text="Derived from the name.", max_length=80,
                                   unique=True, verbose_name="slug")) for name in MODELS],
        migrations.RunPython(spell_like_labels, restore),
    ]
