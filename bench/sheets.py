"""Generated practice sheets for the benchmarks (bench/library.py, bench/reindex.py).

``create_sheets`` adds live sheets under the practice library with bulk inserts (the
page rows, the sheet rows, the taxonomy links), a few thousand a second, instead of
``add_child`` one page at a time. Nothing is indexed: run ``essaim search reindex``
(search.indexing.reindex) afterwards, as after an import that bypasses the signals.
Needs the demo's library page, territories and taxonomies (``essaim demo``).
"""

from __future__ import annotations

import random
import uuid

from django.db import connection, transaction
from django.utils import timezone

SENTENCES = [
    "Les habitants proposent et votent des projets financés par le budget municipal.",
    "Un panel tiré au sort a rendu ses recommandations au conseil municipal.",
    "Les ateliers de quartier ont réuni les associations locales et les commerçants.",
    "La marche exploratoire a relevé les points noirs de l'éclairage public.",
    "Les collégiens ont travaillé sur la végétalisation des cours d'école.",
    "Le conseil des aînés a suivi la rénovation énergétique des logements.",
    "Une consultation en ligne a complété les réunions publiques.",
    "Les élus se sont engagés à répondre à chaque proposition dans les six mois.",
]


def _text(rng: random.Random, sentences: int) -> str:
    return "".join(f"<p>{rng.choice(SENTENCES)}</p>" for _ in range(sentences))


def create_sheets(count: int, seed: int = 42, chunk: int = 2000) -> int:
    """Add ``count`` generated live practice sheets (two values of every taxonomy each)
    under the practice library; returns how many sheets the library then holds."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from core.models import Territory
    from plugins.practice_library.models import (
        Audience,
        Challenge,
        Mechanism,
        PracticeLibraryPage,
        PracticeSheetPage,
        Theme,
    )

    library = PracticeLibraryPage.objects.get()
    territories = list(Territory.objects.all())
    taxonomies = [(getattr(PracticeSheetPage, name).through, field, list(model.objects.all()))
                  for name, field, model in (("challenges", "challenge", Challenge),
                                             ("mechanisms", "mechanism", Mechanism),
                                             ("themes", "theme", Theme),
                                             ("audiences", "audience", Audience))]
    content_type = ContentType.objects.get_for_model(PracticeSheetPage)
    last = library.get_last_child()
    step = Page._str2int(last.path[-Page.steplen:]) if last else 0
    number = PracticeSheetPage.objects.count()
    rng = random.Random(seed + number)
    now = timezone.now()
    sheet_fields = PracticeSheetPage._meta.local_concrete_fields
    created = 0
    while created < count:
        size = min(chunk, count - created)
        with transaction.atomic():
            pages, sheets = [], []
            for _ in range(size):
                step += 1
                number += 1
                slug = f"pratique-generee-{number}"
                title = f"Pratique générée {number}"
                pages.append(Page(
                    title=title, draft_title=title, slug=slug, content_type=content_type,
                    path=Page._get_path(library.path, library.depth + 1, step),
                    depth=library.depth + 1, numchild=0,
                    url_path=f"{library.url_path}{slug}/", live=True,
                    has_unpublished_changes=False, first_published_at=now,
                    last_published_at=now, live_revision=None, locale_id=library.locale_id,
                    translation_key=uuid.uuid4()))
                sheets.append(dict(
                    territory=rng.choice(territories), key_point_1="Un point",
                    key_point_2="Deux", key_point_3="Trois",
                    participation_level="concertation",
                    recruitment=rng.choice(["volunteers", "lot", "mixed"]),
                    context=_text(rng, 2), steps=_text(rng, 3), results=_text(rng, 1)))
            Page.objects.bulk_create(pages)
            if not connection.features.can_return_rows_from_bulk_insert:
                ids = dict(Page.objects.filter(path__in=[p.path for p in pages])
                           .values_list("path", "pk"))
                for page in pages:
                    page.pk = ids[page.path]
            # Multi-table inheritance: the sheet rows point at their page rows (Django's
            # bulk_create refuses such models; this is the insert save() makes).
            rows = [PracticeSheetPage(page_ptr_id=page.pk, **fields)
                    for page, fields in zip(pages, sheets, strict=True)]
            PracticeSheetPage._base_manager._insert(rows, fields=sheet_fields,
                                                    using=connection.alias)
            for through, field, values in taxonomies:
                through.objects.bulk_create([
                    through(practicesheetpage_id=page.pk, **{f"{field}_id": value.pk})
                    for page in pages for value in rng.sample(values, 2)])
            Page.objects.filter(pk=library.pk).update(numchild=library.numchild + size)
            library.numchild += size
        created += size
    return number
