"""Seed the taxonomies moderators then curate: the nine recurring challenges named in
practitioners' workshops, mechanisms, themes and audiences."""

from django.db import migrations

CHALLENGES = [
    ("ergonomie-administration", "Une participation ergonomique pour l'administration",
     "Faire de la participation une manière de travailler de toute la collectivité, portée "
     "par une organisation, des postes et un pilotage, pas seulement par des convaincus."),
    ("impliquer-les-invisibles", "Impliquer les publics éloignés",
     "Aller au-delà des habitués des instances, trouver d'autres canaux et d'autres sujets "
     "pour les personnes qui ne viennent jamais."),
    ("confiance", "Restaurer la confiance",
     "Sortir du soupçon (tout est joué d'avance, mascarade) : rendre compte, aller au bout, "
     "montrer des résultats concrets."),
    ("demystifier", "Démystifier la participation citoyenne",
     "Construire une vision partagée, dans l'administration, de ce qu'est la participation "
     "et de ce qu'elle apporte à l'action publique."),
    ("interet-collectif", "Fabriquer l'intérêt collectif",
     "Dépasser la somme des demandes individuelles et s'appuyer sur l'énergie des habitants "
     "sans l'institutionnaliser à l'excès."),
    ("embarquer-les-elus", "Embarquer les autres élus",
     "Partager la démarche avec l'équipe municipale pour que la participation ne soit pas "
     "l'affaire d'un seul élu."),
    ("peu-de-moyens", "Peu d'ingénierie, peu de moyens",
     "Faire avec des budgets et des équipes réduits : priorités claires, ressources "
     "locales, responsabilités partagées."),
    ("recits", "Des récits pour mobiliser",
     "Raconter les projets, associer les habitants à leur mise en récit, valoriser leur "
     "contribution."),
    ("plan-d-action", "Un plan d'action qui dure",
     "Écrire un plan d'action vivant, qui survive aux changements d'équipe et de majorité."),
]

MECHANISMS = [
    ("budget-participatif", "Budget participatif"),
    ("assemblee-citoyenne", "Assemblée ou convention citoyenne"),
    ("conseil-de-quartier", "Conseil de quartier"),
    ("conseil-citoyen", "Conseil citoyen"),
    ("atelier-de-quartier", "Atelier de quartier"),
    ("diagnostic-en-marchant", "Diagnostic en marchant"),
    ("conseil-des-jeunes", "Conseil des jeunes"),
    ("conseil-des-aines", "Conseil des aînés"),
    ("questionnaire", "Questionnaire ou consultation"),
    ("plateforme-numerique", "Plateforme numérique"),
    ("journees-citoyennes", "Journées citoyennes de bénévolat"),
    ("formation", "Formation des habitants ou des agents"),
    ("visite-citoyenne", "Visite citoyenne"),
    ("charte", "Charte de la participation"),
    ("garant", "Garant de la concertation"),
]

THEMES = [
    ("gouvernance", "Gouvernance"),
    ("amenagement", "Aménagement et urbanisme"),
    ("espace-public", "Espace public"),
    ("environnement", "Environnement et transition"),
    ("mobilite", "Mobilités"),
    ("solidarites", "Solidarités"),
    ("education-jeunesse", "Éducation et jeunesse"),
    ("culture", "Culture et patrimoine"),
    ("budget", "Budget et finances"),
    ("sante", "Santé"),
]

AUDIENCES = [
    ("quartiers-prioritaires", "Quartiers prioritaires"),
    ("jeunes", "Jeunes"),
    ("seniors", "Seniors"),
    ("eloignes-numerique", "Personnes éloignées du numérique"),
    ("associations", "Associations"),
    ("agents", "Agents"),
    ("elus", "Élus"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("Challenge", CHALLENGES), ("Mechanism", MECHANISMS),
                             ("Theme", THEMES), ("Audience", AUDIENCES)):
        model = apps.get_model("practice_library", model_name)
        for order, row in enumerate(rows):
            slug, name, *description = row
            model.objects.get_or_create(slug=slug, defaults={
                "name": name, "sort_order": order,
                "description": description[0] if description else ""})


class Migration(migrations.Migration):
    dependencies = [("practice_library", "0002_practice_sheets")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
