"""Demo trainings: three modules, a learning path, sessions in the coming weeks; idempotent."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.demo import ensure_child_page

from .models import (
    TRAINERS_GROUP,
    LearningPathPage,
    PathModule,
    ProgrammeStep,
    SessionPart,
    TrainingCatalogPage,
    TrainingFormat,
    TrainingModulePage,
    TrainingSession,
    TrainingTopic,
)

DEMO_TRAINER = "formatrice.demo@essaim.example"

MODULES = [
    {"slug": "comprendre-le-budget-de-la-ville", "title": "Comprendre le budget de la ville",
     "topic": "budget-de-la-ville",
     "summary": "D'où vient l'argent de la commune, où il va, et à quel moment du calendrier "
                "budgétaire les habitants peuvent donner leur avis.",
     "objectives": "<ul><li>Lire les grandes masses d'un budget primitif</li><li>Distinguer "
                   "fonctionnement et investissement</li><li>Situer le débat d'orientation "
                   "budgétaire dans l'année</li></ul>",
     "prerequisites": "<p>Aucun.</p>", "for_residents": True, "for_volunteers": True,
     "for_elected": True, "duration_minutes": 180, "format": TrainingFormat.IN_PERSON,
     "steps": [("Les recettes de la commune", 45), ("Les dépenses, service par service", 60),
               ("Le calendrier budgétaire et la place des habitants", 45),
               ("Questions et cas pratiques", 30)],
     "sessions": [{"days": (9,), "hour": 18, "place": "Hôtel de ville de Blois, salle 3",
                   "capacity": 16},
                  {"days": (30,), "hour": 10, "place": "Maison de quartier Croix-Chevalier",
                   "capacity": 12}]},
    {"slug": "methodologie-de-projet", "title": "Méthodologie de projet",
     "topic": "methodologie-de-projet",
     "summary": "Passer d'une idée à un projet réalisable : besoin, objectifs, partenaires, "
                "calendrier, budget et évaluation.",
     "objectives": "<ul><li>Formuler un besoin et des objectifs</li><li>Construire un "
                   "rétroplanning</li><li>Prévoir l'évaluation dès le départ</li></ul>",
     "prerequisites": "<p>Avoir une idée de projet, même vague, aide à profiter des "
                      "exercices.</p>",
     "for_residents": True, "for_volunteers": True, "for_agents": True,
     "duration_minutes": 360, "format": TrainingFormat.HYBRID,
     "steps": [("Du constat au besoin", 60), ("Objectifs et indicateurs", 90),
               ("Partenaires et moyens", 90), ("Planifier et évaluer", 120)],
     "sessions": [{"days": (14, 21), "hour": 9, "place": "Maison des associations, Blois",
                   "online_link": "https://visio.example.org/methodo-projet",
                   "capacity": 14, "hours": 3}]},
    {"slug": "outils-de-concertation", "title": "Les outils de concertation et de consultation",
     "topic": "outils-de-concertation",
     "summary": "Choisir l'outil adapté à la question posée : atelier, questionnaire, "
                "balade urbaine, panel, plateforme en ligne, et rendre compte des résultats.",
     "objectives": "<ul><li>Situer un dispositif sur l'échelle de la participation</li>"
                   "<li>Rédiger une lettre de commande</li><li>Organiser le retour aux "
                   "participants</li></ul>",
     "prerequisites": "<p>Être agent ou élu d'une collectivité.</p>",
     "for_residents": False, "for_agents": True, "for_elected": True,
     "duration_minutes": 180, "format": TrainingFormat.ONLINE,
     "steps": [("L'échelle de la participation", 40), ("Panorama des outils", 80),
               ("Échanges entre pairs à partir de vos projets", 60)],
     "sessions": [{"days": (17,), "hour": 14, "place": "",
                   "online_link": "https://visio.example.org/concertation-agents",
                   "capacity": 20, "agents_only": True}]},
]


# The demo's own drawings (core/demo_images), by module.
ILLUSTRATIONS = {"comprendre-le-budget-de-la-ville": "budget", "methodologie-de-projet": "projet",
                 "outils-de-concertation": "concertation"}


def demo_trainer():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_TRAINER,
        defaults={"email": DEMO_TRAINER, "first_name": "Hélène", "last_name": "Formatrice"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    return user


def create_demo_trainings(home_page):
    catalogue = ensure_child_page(
        home_page, TrainingCatalogPage, slug="formations", title="Formations",
        show_in_menus=True,
        intro="<p>Comprendre le budget de la ville, mener un projet, animer une "
              "concertation.</p>")
    trainer = demo_trainer()
    today = timezone.localdate()
    modules = {}
    for spec in MODULES:
        spec = dict(spec)
        steps, sessions = spec.pop("steps"), spec.pop("sessions")
        spec["topic"] = TrainingTopic.objects.filter(slug=spec["topic"]).first()
        module = ensure_child_page(
            catalogue, TrainingModulePage, illustration=ILLUSTRATIONS[spec["slug"]],
            programme_steps=[ProgrammeStep(title=title, sort_order=order,
                                           duration_minutes=minutes)
                             for order, (title, minutes) in enumerate(steps)],
            trainers=[trainer], **spec)
        modules[module.slug] = module
        if TrainingSession.objects.filter(module=module).exists():
            continue
        for plan in sessions:
            hours = plan.get("hours", module.duration_minutes / 60)
            session = TrainingSession(module=module, place=plan["place"],
                                      online_link=plan.get("online_link", ""),
                                      capacity=plan["capacity"],
                                      agents_only=plan.get("agents_only", False))
            session.parts = [
                SessionPart(starts_at=start, ends_at=start + timedelta(hours=hours),
                            title=f"Partie {n}" if len(plan["days"]) > 1 else "")
                for n, start in enumerate(
                    (timezone.make_aware(datetime.combine(today + timedelta(days=day),
                                                          time(plan["hour"])))
                     for day in plan["days"]), start=1)]
            session.trainers = [trainer]
            session.save()  # writes the parts and the trainers (parental relations)
    ensure_child_page(
        catalogue, LearningPathPage, slug="parcours-citoyen", title="Parcours citoyen",
        intro="<p>Trois formations pour comprendre comment la ville décide et s'y "
              "impliquer ; le parcours se conclut par un certificat.</p>",
        optional_modules_required=1,
        path_modules=[PathModule(module=modules[slug], required=required, sort_order=order)
                      for order, (slug, required) in enumerate([
                          ("comprendre-le-budget-de-la-ville", True),
                          ("methodologie-de-projet", False), ("outils-de-concertation", False)])])
    return catalogue
