"""Demo content: the library page and practice sheets written from public facts about
French participation practices. Contacts are invented. Idempotent."""

import datetime

from core.demo import ensure_child_page, ensure_demo_image, illustrate
from core.models import Territory

# Territories the core demo does not create (public facts, populations rounded).
EXTRA_TERRITORIES = [
    ("Laval", "53130", "commune", 50_000, "Mayenne", "pays-de-la-loire"),
    ("Bordeaux", "33063", "commune", 260_000, "Gironde", "nouvelle-aquitaine"),
    ("Toulouse", "31555", "commune", 500_000, "Haute-Garonne", "occitanie"),
    ("Loos-en-Gohelle", "62528", "commune", 6_600, "Pas-de-Calais", "hauts-de-france"),
    ("Mouans-Sartoux", "06084", "commune", 10_500, "Alpes-Maritimes",
     "provence-alpes-cote-d-azur"),
]


def d(text):
    return datetime.date.fromisoformat(text)


def p(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


SHEETS = [
    dict(
        slug="blois-nouvelle-offre-de-participation", territory="41018",
        title="Renouveler toute l'offre de participation quand les instances s'essoufflent",
        key_points=("Partir d'un constat d'essoufflement partagé par élus, agents et habitants.",
                    "Trois actions complémentaires : assemblée citoyenne, budget participatif, "
                    "ateliers de quartier.",
                    "Une refonte sobre : environ 5 000 € de coût global la première année."),
        challenges=["confiance", "impliquer-les-invisibles", "ergonomie-administration"],
        mechanisms=["assemblee-citoyenne", "budget-participatif", "atelier-de-quartier"],
        themes=["gouvernance"], audiences=["quartiers-prioritaires", "elus", "agents"],
        level="co-construction", recruitment="mixed", volunteers=40, drawn=30,
        participants=600, start="2024-01-15", end=None, status="ongoing", cost=5000,
        staff_time="Le service Démocratie locale (3 agents), à temps partiel",
        programme="Action cœur de ville",
        context=p("Après quinze ans de conseils de quartier et de concertations, la "
                  "participation baissait et les publics ne se renouvelaient plus.",
                  "La Ville a préféré repenser son offre plutôt que de la reconduire."),
        preparation=p("Un atelier avec les élus, puis une consultation des services, ont "
                      "permis de poser le diagnostic avant d'écrire une stratégie commune."),
        steps=p("L'assemblée citoyenne travaille en ateliers et présente ses propositions "
                "au maire en fin d'année. Le budget participatif accompagne davantage les "
                "porteurs de projets. Les ateliers de quartier partent des signalements "
                "pour construire des propositions."),
        actors=p("Service Démocratie locale, élus de quartier, services techniques, centres "
                 "sociaux."),
        results=p("Un premier bilan public est prévu après un an d'expérimentation."),
        difficulties=p("Faire comprendre aux anciens conseillers de quartier ce qui change."),
        satisfactions=p("De nouveaux visages dans l'assemblée grâce au tirage au sort."),
        lessons=p("Un diagnostic partagé avec les élus rend la refonte possible."),
        milestones=[("2023-01-25", "Atelier de diagnostic avec les élus"),
                    ("2023-09-25", "Consultation interne des services"),
                    ("2025-01-15", "Lancement de la nouvelle offre"),
                    ("2025-10-18", "Bilan public de la première année")],
        contact=("Camille Rivière", "Cheffe de projet démocratie locale",
                 "camille.riviere@example.org"),
    ),
    dict(
        slug="allonnes-budget-participatif", territory="72003",
        title="Un budget participatif porté par le quartier prioritaire",
        key_points=("Deux éditions : 65 projets déposés et 928 votants la première fois.",
                    "Des tables de recueil d'idées au marché et dans les centres sociaux.",
                    "Un observatoire suit la réalisation des projets lauréats."),
        challenges=["impliquer-les-invisibles", "confiance"],
        mechanisms=["budget-participatif", "plateforme-numerique"],
        themes=["budget", "espace-public"],
        audiences=["quartiers-prioritaires", "eloignes-numerique"],
        level="co-decision", recruitment="volunteers", volunteers=None, drawn=None,
        participants=928, start="2019-03-01", end="2021-12-15", status="finished",
        cost=150000, staff_time="1 agent à mi-temps pendant chaque édition", programme="",
        context=p("La moitié des 11 200 habitants vit dans le quartier prioritaire ; la "
                  "municipalité voulait leur confier une part du budget d'investissement."),
        preparation=p("Un règlement écrit avec le conseil citoyen, une plateforme en ligne et "
                      "des permanences physiques pour ne pas exclure ceux qui n'ont pas "
                      "d'ordinateur."),
        steps=p("Dépôt des idées, étude de faisabilité par les services, vote en ligne et "
                "dans des urnes mobiles, réalisation suivie par un observatoire."),
        actors=p("Service Démocratie et communication, centres sociaux, associations de "
                 "quartier, services techniques."),
        results=p("Soixante-cinq projets la première année, soixante-quatre la seconde, et "
                  "des aménagements visibles dans les rues."),
        difficulties=p("Atteindre les habitants les plus éloignés a demandé de multiplier les "
                       "horaires et les lieux."),
        satisfactions=p("La culture de la concertation a progressé dans les services."),
        lessons=p("Le numérique ne suffit pas : les tables de recueil ont fait la différence."),
        milestones=[("2019-03-01", "Lancement du premier budget participatif"),
                    ("2021-03-01", "Deuxième édition")],
        contact=("Nadia Ferreira", "Chargée de participation", "nadia.ferreira@example.org"),
    ),
    dict(
        slug="allonnes-conseil-des-sages", territory="72003",
        title="Un conseil des sages qui porte ses propres actions",
        key_points=("Environ sept réunions par an.",
                    "Six actions par an, imaginées par les membres pour les seniors.",
                    "Associé au projet de résidence pour personnes âgées."),
        challenges=["interet-collectif"], mechanisms=["conseil-des-aines"],
        themes=["solidarites"], audiences=["seniors"], level="concertation",
        recruitment="volunteers", volunteers=25, drawn=None, participants=25,
        start="2010-09-01", end=None, status="ongoing", cost=3000,
        staff_time="Quelques heures par mois d'un agent", programme="",
        context=p("Les retraités avaient du temps et des idées, mais pas d'espace pour "
                  "les proposer."),
        steps=p("Réunions plénières et groupes de travail ; chaque année, le conseil choisit "
                "ses actions et les mène avec les services."),
        results=p("Le conseil a pesé dans la conception de la résidence pour seniors."),
        difficulties=p("Renouveler les membres sans perdre la mémoire du conseil."),
        satisfactions=p("Des seniors qui se sentent utiles et écoutés."),
        lessons=p("Confier de vraies actions à l'instance entretient l'engagement."),
        milestones=[("2010-09-01", "Création du conseil")],
        contact=("Gérard Lemoine", "Agent référent", "gerard.lemoine@example.org"),
    ),
    dict(
        slug="allonnes-comite-des-jeunes", territory="72003",
        title="Un comité des jeunes de 12 à 25 ans",
        key_points=("Sept à huit réunions par an.",
                    "Quatre à cinq actions par an, pensées par et pour les jeunes.",
                    "Un lien direct avec les élus de la jeunesse."),
        challenges=["impliquer-les-invisibles", "recits"], mechanisms=["conseil-des-jeunes"],
        themes=["education-jeunesse"], audiences=["jeunes"], level="concertation",
        recruitment="volunteers", volunteers=30, drawn=None, participants=30,
        start="2012-10-01", end=None, status="ongoing", cost=4000,
        staff_time="Un animateur jeunesse, deux heures par semaine", programme="",
        context=p("Les jeunes venaient peu aux réunions publiques ; il fallait un lieu à eux."),
        steps=p("Recrutement dans les collèges, le lycée et les structures jeunesse, puis "
                "projets menés en petits groupes."),
        results=p("Des événements culturels et sportifs organisés par les jeunes eux-mêmes."),
        difficulties=p("Les plus âgés partent étudier ailleurs."),
        satisfactions=p("Des jeunes qui reviennent ensuite comme bénévoles."),
        lessons=p("Des résultats rapides comptent plus que de longues réunions."),
        milestones=[], contact=None,
    ),
    dict(
        slug="laval-convention-citoyenne-des-quartiers", territory="53130",
        title="Une convention citoyenne pour fixer les objectifs des quartiers",
        key_points=("Trois sessions, sans élus dans la salle.",
                    "Un panel composé pour refléter le genre, l'âge, le diplôme et le quartier.",
                    "25 objectifs et 130 exemples d'actions remis à la Ville."),
        challenges=["confiance", "interet-collectif", "embarquer-les-elus"],
        mechanisms=["assemblee-citoyenne", "garant"], themes=["gouvernance", "solidarites"],
        audiences=["quartiers-prioritaires"], level="co-construction", recruitment="lot",
        volunteers=None, drawn=50, participants=50, start="2023-10-01", end="2024-03-30",
        status="finished", cost=60000, staff_time="Une cheffe de projet à plein temps "
        "pendant six mois", programme="",
        context=p("Le nouveau contrat de ville devait être écrit avec les habitants, dans et "
                  "hors des quartiers prioritaires."),
        preparation=p("Un comité de garants a été constitué pour veiller au bon déroulement "
                      "et à l'indépendance des débats."),
        steps=p("Trois week-ends de travail : comprendre, débattre, proposer. Les élus ont "
                "choisi de ne pas assister aux sessions."),
        actors=p("Ville de Laval, comité des garants, prestataire d'animation."),
        results=p("Les objectifs ont été validés par la convention puis examinés par la Ville "
                  "et ses partenaires."),
        difficulties=p("Les plus jeunes restent difficiles à mobiliser."),
        satisfactions=p("Un portage politique fort et des services très impliqués."),
        lessons=p("L'absence des élus a libéré la parole."),
        milestones=[("2023-10-07", "Première session"), ("2024-03-30", "Remise des objectifs")],
        contact=("Hélène Marchal", "Cheffe de projet politique de la ville",
                 "helene.marchal@example.org"),
    ),
    dict(
        slug="bordeaux-tournee-de-la-democratie-permanente", territory="33063",
        title="Une tournée dans l'espace public avec un parlement mobile",
        key_points=("Un « objet totem » signale la présence de la Ville dans la rue.",
                    "Des temps conviviaux qui alimentent les politiques publiques.",
                    "Les services jeunesse et environnement se sont acculturés."),
        challenges=["impliquer-les-invisibles", "demystifier"],
        mechanisms=["questionnaire"], themes=["espace-public", "gouvernance"],
        audiences=["quartiers-prioritaires", "eloignes-numerique"], level="consultation",
        recruitment="volunteers", volunteers=None, drawn=None, participants=3000,
        start="2023-05-01", end=None, status="ongoing", cost=45000,
        staff_time="Deux agents de la mission participation", programme="",
        context=p("Aller vers les habitants qui ne viennent jamais aux réunions."),
        steps=p("Le parlement mobile s'installe sur les places et les marchés ; on y informe, "
                "on recueille des avis et on partage un moment."),
        results=p("Une participation jugée satisfaisante par la Ville."),
        difficulties=p("Peu de portage par les autres services que celui de la participation."),
        satisfactions=p("Les autres services sont plus sensibles à la participation qu'avant."),
        lessons=p("Un objet visible attire plus qu'une affiche."),
        milestones=[], contact=None,
    ),
    dict(
        slug="toulouse-diagnostics-en-marchant", territory="31555",
        title="Des diagnostics en marchant presque chaque mois",
        key_points=("Des rencontres quasi mensuelles avec les élus de quartier.",
                    "Toutes les remontées centralisées sur une plateforme en ligne.",
                    "Des habitants éloignés des instances classiques enfin entendus."),
        challenges=["impliquer-les-invisibles", "confiance"],
        mechanisms=["diagnostic-en-marchant", "plateforme-numerique"],
        themes=["espace-public", "mobilite"], audiences=["quartiers-prioritaires", "elus"],
        level="consultation", recruitment="volunteers", volunteers=None, drawn=None,
        participants=1200, start="2021-09-01", end=None, status="ongoing", cost=20000,
        staff_time="Un agent par secteur, une demi-journée par mois", programme="",
        context=p("Les instances étaient nombreuses, avec des périmètres différents, et "
                  "n'entendaient pas tout le monde."),
        steps=p("Un parcours est fixé avec les habitants ; on note sur place ce qui ne va pas, "
                "puis chaque signalement est suivi en ligne."),
        results=p("Des besoins remontés directement du terrain et traités par les services."),
        difficulties=p("Les plus jeunes viennent peu."),
        satisfactions=p("Des citoyens qui ne venaient jamais participent."),
        lessons=p("Marcher ensemble change la conversation."),
        milestones=[], contact=("Julien Castex", "Chargé de mission quartiers",
                                "julien.castex@example.org"),
    ),
    dict(
        slug="saillans-gouvernance-collegiale", territory="26289",
        title="Une gouvernance collégiale dans un village",
        key_points=("Des binômes d'élus plutôt qu'un maire qui décide seul.",
                    "Des commissions participatives ouvertes à tous les habitants.",
                    "Un observatoire citoyen évalue la démarche."),
        challenges=["embarquer-les-elus", "confiance", "peu-de-moyens"],
        mechanisms=["atelier-de-quartier", "garant"], themes=["gouvernance"],
        audiences=["elus"], level="co-decision", recruitment="volunteers", volunteers=100,
        drawn=None, participants=300, start="2014-04-01", end="2020-03-15",
        status="finished", cost=10000, staff_time="Secrétariat de mairie et élus bénévoles",
        programme="",
        context=p("Une liste citoyenne élue en 2014 voulait associer les habitants à chaque "
                  "décision."),
        steps=p("Commissions et groupes action-projet ouverts, décisions préparées en public, "
                "comptes rendus systématiques."),
        results=p("Une participation exceptionnelle pour une commune de 1 300 habitants."),
        difficulties=p("La fatigue des bénévoles et des élus au fil du mandat."),
        satisfactions=p("Une transparence saluée bien au-delà du village."),
        lessons=p("Même avec très peu de moyens, on peut partager la décision."),
        milestones=[("2014-03-30", "Élection de la liste citoyenne")],
        contact=None,
    ),
    dict(
        slug="kingersheim-conseils-participatifs", territory="68166",
        title="Des conseils participatifs dont une partie est tirée au sort",
        key_points=("Un conseil par grand projet, dissous une fois le projet livré.",
                    "Un tiers d'habitants tirés au sort, un tiers de volontaires, un tiers "
                    "d'acteurs.",
                    "Une maison de la citoyenneté pour se réunir."),
        challenges=["impliquer-les-invisibles", "interet-collectif"],
        mechanisms=["assemblee-citoyenne", "charte"], themes=["gouvernance", "amenagement"],
        audiences=["associations"], level="co-construction", recruitment="mixed",
        volunteers=20, drawn=20, participants=60, start="2005-01-01", end=None,
        status="ongoing", cost=25000, staff_time="Un agent à temps plein", programme="",
        context=p("Les réunions publiques réunissaient toujours les mêmes personnes."),
        steps=p("Chaque projet important ouvre un conseil ; le tirage au sort complète les "
                "volontaires et les associations."),
        results=p("Des projets d'aménagement mieux acceptés."),
        difficulties=p("Tenir la durée sur des projets longs."),
        satisfactions=p("Des habitants tirés au sort qui deviennent des habitués."),
        lessons=p("Un conseil par projet évite l'usure des instances permanentes."),
        milestones=[], contact=None,
    ),
    dict(
        slug="creteil-conseils-de-quartier", territory="94028",
        title="Relancer les conseils de quartier avec des budgets d'initiative",
        key_points=("Chaque conseil dispose d'une enveloppe pour ses projets.",
                    "Un agent référent par quartier.",
                    "Une formation des conseillers au budget communal."),
        challenges=["ergonomie-administration", "peu-de-moyens"],
        mechanisms=["conseil-de-quartier", "formation"], themes=["budget"],
        audiences=["associations", "agents"], level="concertation",
        recruitment="volunteers", volunteers=200, drawn=None, participants=200,
        start="2022-01-10", end=None, status="ongoing", cost=70000,
        staff_time="Six agents référents à 20 %", programme="",
        context=p("Les conseils existaient mais manquaient de prise sur les décisions."),
        steps=p("Formation sur le budget, puis appels à idées dans chaque quartier."),
        results=p("Une trentaine de micro-projets réalisés."),
        difficulties=p("Articuler les conseils et les services techniques."),
        satisfactions=p("Des conseillers qui comprennent mieux les contraintes de la Ville."),
        lessons=p("Former avant de demander des avis."),
        milestones=[], contact=None,
    ),
    dict(
        slug="sevran-diagnostic-en-marchant", territory="93071",
        title="Des diagnostics en marchant avec les femmes du quartier",
        key_points=("Des marches exploratoires en petits groupes.",
                    "Des trajets choisis par les participantes.",
                    "Des aménagements d'éclairage et de cheminement réalisés."),
        challenges=["impliquer-les-invisibles"], mechanisms=["diagnostic-en-marchant"],
        themes=["espace-public", "mobilite"], audiences=["quartiers-prioritaires"],
        level="concertation", recruitment="volunteers", volunteers=35, drawn=None,
        participants=35, start="2022-04-01", end="2023-06-30", status="finished",
        cost=8000, staff_time="Une chargée de mission, deux jours par mois", programme="",
        context=p("Certaines habitantes évitaient des rues à la tombée de la nuit."),
        steps=p("Trois marches par quartier, une restitution, puis une visite des "
                "aménagements réalisés."),
        results=p("Des éclairages et des cheminements repris."),
        difficulties=p("Trouver des horaires compatibles avec les gardes d'enfants."),
        satisfactions=p("Une fierté visible lors de la visite finale."),
        lessons=p("Revenir montrer les réalisations entretient la confiance."),
        milestones=[], contact=None, adapted_from="toulouse-diagnostics-en-marchant",
    ),
    dict(
        slug="amiens-metropole-budget-participatif", territory="248000531",
        title="Un budget participatif à l'échelle d'une intercommunalité",
        key_points=("Une enveloppe répartie entre communes urbaines et rurales.",
                    "Des urnes dans les mairies des petites communes.",
                    "Un vote ouvert dès 11 ans."),
        challenges=["demystifier", "impliquer-les-invisibles"],
        mechanisms=["budget-participatif"], themes=["budget", "environnement"],
        audiences=["jeunes"], level="co-decision", recruitment="volunteers",
        volunteers=None, drawn=None, participants=5200, start="2022-02-01",
        end="2023-12-31", status="finished", cost=1000000,
        staff_time="Une équipe projet de deux personnes", programme="",
        context=p("Rendre lisible l'action de l'intercommunalité, souvent mal connue des "
                  "habitants."),
        steps=p("Dépôt des idées, ateliers d'accompagnement, analyse, vote et réalisation."),
        results=p("Des projets dans des communes de toutes tailles."),
        difficulties=p("Expliquer ce qui relève de la métropole et non des communes."),
        satisfactions=p("Des maires ruraux devenus relais du dispositif."),
        lessons=p("Une répartition par territoires rassure les petites communes."),
        milestones=[], contact=None, adapted_from="allonnes-budget-participatif",
    ),
    dict(
        slug="nord-budget-participatif-des-colleges", territory="59",
        title="Un budget participatif dans les collèges du département",
        key_points=("Les collégiens proposent et votent des projets pour leur établissement.",
                    "Une enveloppe par collège.",
                    "Une initiation concrète à la décision collective."),
        challenges=["recits", "plan-d-action"], mechanisms=["budget-participatif"],
        themes=["education-jeunesse", "budget"], audiences=["jeunes"],
        level="co-decision", recruitment="volunteers", volunteers=None, drawn=None,
        participants=20000, start="2023-09-01", end=None, status="ongoing", cost=400000,
        staff_time="Une cellule de trois agents", programme="",
        context=p("Le Département voulait associer les collégiens à l'amélioration de "
                  "leurs établissements."),
        steps=p("Ateliers en classe, dépôt des idées, vote dans chaque collège."),
        results=p("Des projets de cours, de foyers et de jardins réalisés."),
        difficulties=p("Coordonner les calendriers scolaires et budgétaires."),
        satisfactions=p("Des élèves qui suivent la réalisation de leur projet."),
        lessons=p("Un calendrier court garde l'attention des élèves."),
        milestones=[], contact=None, adapted_from="allonnes-budget-participatif",
    ),
    dict(
        slug="val-de-marne-visites-citoyennes", territory="94",
        title="Faire visiter les lieux où se prennent les décisions",
        key_points=("Visites de l'hôtel du Département et de la salle des séances.",
                    "Des groupes constitués avec les centres sociaux.",
                    "Une rencontre avec un élu à la fin de chaque visite."),
        challenges=["demystifier", "confiance"], mechanisms=["visite-citoyenne"],
        themes=["gouvernance"], audiences=["quartiers-prioritaires", "seniors"],
        level="information", recruitment="volunteers", volunteers=None, drawn=None,
        participants=800, start="2023-02-01", end=None, status="ongoing", cost=12000,
        staff_time="Un agent du protocole, une journée par semaine", programme="",
        context=p("Beaucoup d'habitants ne savent pas qui décide de quoi."),
        steps=p("Inscription par groupe, visite guidée, échange avec un élu."),
        results=p("Des participants qui reviennent assister aux séances publiques."),
        difficulties=p("Le transport des groupes depuis les communes éloignées."),
        satisfactions=p("Une institution perçue comme plus accessible."),
        lessons=p("Voir les lieux rend la décision publique concrète."),
        milestones=[], contact=None,
    ),
    dict(
        slug="loos-en-gohelle-fifty-fifty", territory="62528",
        title="Des projets « fifty-fifty » : moitié Ville, moitié habitants",
        key_points=("La Ville apporte le matériel, les habitants le temps et le savoir-faire.",
                    "Des chantiers de proximité : jardins, fleurissement, petits travaux.",
                    "Une culture de l'implication installée depuis des années."),
        challenges=["interet-collectif", "peu-de-moyens", "recits"],
        mechanisms=["journees-citoyennes"], themes=["environnement", "espace-public"],
        audiences=["associations", "seniors"], level="co-construction",
        recruitment="volunteers", volunteers=150, drawn=None, participants=150,
        start="2008-04-01", end=None, status="ongoing", cost=15000,
        staff_time="Un agent coordinateur à mi-temps", programme="",
        context=p("Une ville minière qui a fait de la transition et de l'implication des "
                  "habitants un projet de territoire."),
        steps=p("Un habitant propose, la Ville étudie, une convention fixe qui fait quoi, "
                "puis le chantier a lieu ensemble."),
        results=p("Des dizaines de réalisations portées par les habitants."),
        difficulties=p("Assurer les bénévoles et encadrer les chantiers."),
        satisfactions=p("Un lien renforcé entre voisins."),
        lessons=p("Partager la responsabilité crée l'engagement."),
        milestones=[], contact=("Sophie Delattre", "Coordinatrice vie associative",
                                "sophie.delattre@example.org"),
    ),
    dict(
        slug="creteil-assemblee-citoyenne", territory="94028",
        title="Une assemblée citoyenne tirée au sort sur la transition",
        key_points=("Quarante habitants tirés au sort sur les listes électorales.",
                    "Quatre samedis de travail avec des experts.",
                    "Des propositions présentées en conseil municipal."),
        challenges=["confiance", "embarquer-les-elus"],
        mechanisms=["assemblee-citoyenne", "garant"], themes=["environnement"],
        audiences=["elus"], level="concertation", recruitment="lot", volunteers=None,
        drawn=40, participants=40, start="2024-09-01", end="2025-02-28",
        status="finished", cost=35000, staff_time="Une cheffe de projet à mi-temps",
        programme="",
        context=p("Donner la parole à des habitants qui ne participent pas d'habitude, sur "
                  "un sujet de long terme."),
        steps=p("Tirage au sort, relances téléphoniques, quatre sessions et une restitution "
                "publique."),
        results=p("Douze propositions, dont sept inscrites au budget suivant."),
        difficulties=p("Le taux de réponse au tirage au sort, très faible au départ."),
        satisfactions=p("Des élus surpris par la qualité des propositions."),
        lessons=p("Un garant extérieur rassure tout le monde."),
        milestones=[], contact=None,
        adapted_from="laval-convention-citoyenne-des-quartiers",
    ),
]


def ensure_territories():
    for name, code, kind, population, departement, region in EXTRA_TERRITORIES:
        Territory.objects.get_or_create(insee_code=code, defaults=dict(
            name=name, kind=kind, population=population, departement=departement,
            region=region))


def create_sheet(library, data):
    from .models import Audience, Challenge, Mechanism, PracticeMilestone, PracticeSheetPage, Theme

    existing = PracticeSheetPage.objects.filter(external_id=f"demo-{data['slug']}").first()
    if existing is not None:
        return existing
    territory = Territory.objects.filter(insee_code=data["territory"]).first()
    if territory is None:
        return None
    sheet = PracticeSheetPage(
        title=data["title"], slug=data["slug"], external_id=f"demo-{data['slug']}",
        territory=territory,
        key_point_1=data["key_points"][0], key_point_2=data["key_points"][1],
        key_point_3=data["key_points"][2],
        participation_level=data["level"], recruitment=data["recruitment"],
        volunteers_count=data["volunteers"], drawn_count=data["drawn"],
        participants_count=data["participants"],
        start_date=d(data["start"]), end_date=d(data["end"]) if data["end"] else None,
        status=data["status"], total_cost=data["cost"], staff_time=data["staff_time"],
        programme=data["programme"],
        **{name: data.get(name, "") for name in ("context", "preparation", "steps", "actors",
                                                 "results", "difficulties", "satisfactions",
                                                 "lessons")},
    )
    if data.get("contact"):
        sheet.contact_name, sheet.contact_role, sheet.contact_email = data["contact"]
        sheet.contact_consent = True
    if data.get("adapted_from"):
        sheet.adapted_from = PracticeSheetPage.objects.filter(
            external_id=f"demo-{data['adapted_from']}").first()
    # The data names values by their first slugs; with_slugs finds the renamed ones too.
    sheet.challenges = Challenge.objects.with_slugs(data["challenges"])
    sheet.mechanisms = Mechanism.objects.with_slugs(data["mechanisms"])
    sheet.themes = Theme.objects.with_slugs(data["themes"])
    sheet.audiences = Audience.objects.with_slugs(data["audiences"])
    sheet.milestones = [PracticeMilestone(date=d(day), label=label, sort_order=i)
                        for i, (day, label) in enumerate(data["milestones"])]
    if data["slug"] in ILLUSTRATIONS:
        sheet.image = ensure_demo_image(ILLUSTRATIONS[data["slug"]])
        sheet.image_alt = sheet.image.description
    library.add_child(instance=sheet)
    sheet.save_revision().publish()
    return sheet


def create_demo_content(home_page):
    from .models import PracticeLibraryPage

    library = ensure_child_page(
        home_page, PracticeLibraryPage, slug="pratiques", title="Pratiques", show_in_menus=True,
        intro="<p>Des fiches pratiques rédigées par des collectivités, pour s'inspirer de ce "
              "qui fonctionne ailleurs.</p>")
    ensure_territories()
    for data in SHEETS:
        sheet = create_sheet(library, data)
        if sheet is not None and data["slug"] in ILLUSTRATIONS:
            illustrate(sheet, ILLUSTRATIONS[data["slug"]])  # a sheet made by an older demo
    return library


# The demo's own drawings (core/demo_images), for a few sheets.
ILLUSTRATIONS = {"allonnes-budget-participatif": "urne",
                 "toulouse-diagnostics-en-marchant": "marche",
                 "laval-convention-citoyenne-des-quartiers": "assemblee",
                 "creteil-conseils-de-quartier": "concertation"}
