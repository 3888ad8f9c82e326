"""Seed the thesaurus with the vocabulary of participation in France (the taxonomies'
mechanisms, audiences and challenges, and the words practitioners use for them), and let
Moderators edit it and read the search query log."""

from django.db import migrations

GROUPS = [
    ("aînés, seniors, personnes âgées, retraités", "Publics"),
    ("jeunes, jeunesse, adolescents, ados", "Publics"),
    ("élèves, écoliers, collégiens, lycéens", "Publics"),
    ("illectronisme, fracture numérique, exclusion numérique, éloignés du numérique, "
     "inclusion numérique", "Publics et défis"),
    ("publics éloignés, invisibles, publics empêchés", "Défi : impliquer les publics éloignés"),
    ("personnes en situation de handicap, personnes handicapées", "Publics"),
    ("élus, élus municipaux, conseillers municipaux, équipe municipale", "Publics"),
    ("agents, agents territoriaux, fonctionnaires territoriaux", "Publics"),
    ("associations, vie associative, tissu associatif", "Publics"),
    ("quartier prioritaire, QPV, politique de la ville", "Territoires"),
    ("intercommunalité, EPCI, communauté de communes, communauté d'agglomération", "Territoires"),
    ("commune rurale, village, petite commune", "Territoires"),
    ("pétition, interpellation, droit d'interpellation, droit de pétition", "Dispositifs"),
    ("convention citoyenne, assemblée citoyenne, panel tiré au sort, panel citoyen, "
     "jury citoyen, conférence de citoyens", "Dispositifs"),
    ("tirage au sort, tiré au sort", "Dispositifs"),
    ("diagnostic en marchant, marche exploratoire, balade urbaine", "Dispositifs"),
    ("consultation en ligne, consultation numérique, plateforme numérique, "
     "plateforme participative, concertation en ligne", "Dispositifs"),
    ("conseil des aînés, conseil des sages, conseil des seniors", "Dispositifs"),
    ("conseil des jeunes, conseil municipal des jeunes, CMJ, comité des jeunes", "Dispositifs"),
    ("visite citoyenne, visite de la mairie, visite de l'hôtel de ville, "
     "visite des institutions", "Dispositifs"),
    ("garant, garant de la concertation, tiers garant", "Dispositifs"),
    ("charte de la participation, charte de la démocratie participative, "
     "charte de la concertation", "Dispositifs"),
    ("journées citoyennes, chantiers citoyens, chantiers participatifs", "Dispositifs"),
    ("référendum local, votation citoyenne, votation", "Dispositifs"),
    ("démocratie participative, participation citoyenne, participation des habitants",
     "Vocabulaire"),
    ("mise en récit, récits, storytelling", "Défi : des récits pour mobiliser"),
    ("embarquer les élus, associer les élus, mobiliser les élus",
     "Défi : embarquer les autres élus"),
    ("gouvernance partagée, gouvernance collégiale", "Vocabulaire"),
    ("transition écologique, transition environnementale", "Thèmes"),
    ("urbanisme, aménagement", "Thèmes"),
    ("mobilités, déplacements", "Thèmes"),
    ("restauration scolaire, cantine", "Thèmes"),
]

MODERATORS = "Moderators"
PERMISSIONS = [("synonymgroup", action) for action in ("add", "change", "delete", "view")]
PERMISSIONS.append(("searchquerystat", "view"))


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("essaim_search", "SynonymGroup")
    for terms, note in GROUPS:
        SynonymGroup.objects.get_or_create(terms="\n".join(t.strip() for t in terms.split(",")),
                                           defaults={"note": note})
    Group = apps.get_model("auth.Group")
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    for model, action in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label="essaim_search",
                                                                   model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"})
        moderators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("essaim_search", "0004_weighted_full_text"),
        ("core", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
