"""Demo visits (invented guides) with dates in the coming weeks; idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.demo import ensure_child_page

from .models import InstitutionKind, VisitIndexPage, VisitPage, VisitSlot

VISITS = [
    {"slug": "salle-du-conseil-municipal", "title": "La salle du conseil municipal",
     "institution": "Hôtel de ville de Blois", "kind": InstitutionKind.COUNCIL_CHAMBER,
     "address": "9 place Saint-Louis, 41000 Blois", "meeting_point": "Accueil de l'hôtel de ville",
     "description": "<p>Où siègent les élus, comment se prépare une délibération, qui peut "
                    "assister aux séances publiques.</p>",
     "duration_minutes": 75, "reduced_mobility_access": True, "id_required": False,
     "minimum_age": None, "max_party_size": 5, "languages": "français",
     "guide": "Camille Verdier", "capacity": 20, "days": (6, 20, 34), "hour": 10},
    {"slug": "prefecture-loir-et-cher", "title": "La préfecture de Loir-et-Cher",
     "institution": "Préfecture de Loir-et-Cher", "kind": InstitutionKind.PREFECTURE,
     "address": "1 place de la République, 41000 Blois", "meeting_point": "Grille d'entrée",
     "description": "<p>Le rôle de l'État dans le département : sécurité, élections, "
                    "titres, contrôle de légalité des actes des collectivités.</p>",
     "duration_minutes": 90, "reduced_mobility_access": True, "id_required": True,
     "minimum_age": 12, "max_party_size": 4, "languages": "français",
     "guide": "Malik Desrosiers", "capacity": 15, "days": (10, 24), "hour": 14},
    {"slug": "hotel-du-departement", "title": "L'hôtel du département",
     "institution": "Conseil départemental de Loir-et-Cher", "kind": InstitutionKind.DEPARTEMENT,
     "address": "Place de la République, 41000 Blois", "meeting_point": "Hall d'accueil",
     "description": "<p>Solidarités, collèges, routes : ce que décide l'assemblée "
                    "départementale et comment elle vote son budget.</p>",
     "duration_minutes": 60, "reduced_mobility_access": False, "id_required": False,
     "minimum_age": None, "max_party_size": 4, "languages": "français, anglais",
     "guide": "Odile Fanchon", "capacity": 25, "days": (13,), "hour": 16},
    {"slug": "senat", "title": "Le Sénat",
     "institution": "Sénat", "kind": InstitutionKind.SENATE,
     "address": "15 rue de Vaugirard, 75006 Paris", "meeting_point": "Entrée du public",
     "description": "<p>Le palais du Luxembourg, l'hémicycle et la navette des lois entre "
                    "les deux assemblées.</p>",
     "duration_minutes": 120, "reduced_mobility_access": True, "id_required": True,
     "minimum_age": 10, "max_party_size": 2, "languages": "français",
     "guide": "Bertrand Aubépin", "capacity": 30, "days": (27,), "hour": 9},
]


# The demo's own drawings (core/demo_images), by kind of place.
ILLUSTRATIONS = {InstitutionKind.COUNCIL_CHAMBER: "hemicycle", InstitutionKind.SENATE: "hemicycle",
                 InstitutionKind.PREFECTURE: "facade", InstitutionKind.DEPARTEMENT: "facade"}


def create_demo_visits(home_page):
    index = ensure_child_page(
        home_page, VisitIndexPage, slug="visites", title="Visites citoyennes",
        show_in_menus=True,
        intro="<p>Découvrir les lieux où se prennent les décisions publiques, sans créer de "
              "compte.</p>")
    today = timezone.localdate()
    for spec in VISITS:
        spec = dict(spec)
        guide, capacity, days, hour = (spec.pop(key) for key in ("guide", "capacity", "days",
                                                                 "hour"))
        page = ensure_child_page(index, VisitPage, illustration=ILLUSTRATIONS[spec["kind"]],
                                 **spec)
        if VisitSlot.objects.filter(page=page).exists():
            continue
        for day in days:
            start = timezone.make_aware(datetime.combine(today + timedelta(days=day), time(hour)))
            VisitSlot.objects.create(page=page, starts_at=start, capacity=capacity, guide=guide,
                                     ends_at=start + timedelta(minutes=page.duration_minutes))
