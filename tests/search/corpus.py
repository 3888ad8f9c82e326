"""A corpus of practice-like documents, and a test-only search document for it."""

from elasticsearch_dsl import Date, Document, Integer, Keyword, Text

from search.documents import SearchDocument

DOC = "test_sheet"


class TestSheetDocument(Document):
    title = Text(analyzer="french", fields={"raw": Keyword()})
    key_points = Text(analyzer="french")
    body = Text(analyzer="french")
    territory = Text(analyzer="french", fields={"raw": Keyword()})
    url = Keyword(index=False)
    theme = Keyword(multi=True)
    audience = Keyword(multi=True)
    region = Keyword()
    kind = Keyword()
    year = Integer()
    published_at = Date()


FACETS = ("theme", "audience", "region", "kind", "year")


def sheet(pk, title, body, territory, theme, audience, region, kind, year, key_points=""):
    return {"id": pk, "title": title, "key_points": key_points, "body": body,
            "territory": territory, "url": f"/pratiques/fiche-{pk}/", "theme": theme,
            "audience": audience, "region": region, "kind": kind, "year": year,
            "published_at": f"{year}-06-{(pk % 27) + 1:02d}T10:00:00+00:00"}


CORPUS = [
    sheet(1, "Budget participatif des quartiers",
          "Les habitants proposent et votent des projets financés par le budget municipal.",
          "Rennes", ["budget", "democratie"], ["habitants"], "bretagne", "commune", 2019,
          "Vote en ligne et en mairie"),
    sheet(2, "Un budget participatif pour les collégiens",
          "Les élèves de troisième décident de l'usage d'une enveloppe départementale.",
          "Gironde", ["budget", "jeunesse"], ["jeunes"], "nouvelle-aquitaine", "departement", 2021),
    sheet(3, "Convention citoyenne tirée au sort",
          "Cent citoyens tirés au sort délibèrent sur la transition écologique du territoire.",
          "Grenoble", ["climat", "democratie"], ["habitants"], "auvergne-rhone-alpes", "commune",
          2022, "Tirage au sort sur les listes électorales"),
    sheet(4, "Le tirage au sort des membres du conseil de développement",
          "Une partie du conseil est désignée par tirage au sort parmi les volontaires.",
          "Nantes Métropole", ["democratie"], ["habitants"], "pays-de-la-loire", "epci", 2020),
    sheet(5, "Conseil municipal des jeunes",
          "Les jeunes élus de 11 à 15 ans portent des projets pour la jeunesse de la ville.",
          "Lorient", ["jeunesse"], ["jeunes"], "bretagne", "commune", 2018),
    sheet(6, "Maison de la jeunesse et concertation",
          "Une politique jeunesse co-construite avec les associations et les familles.",
          "Poitiers", ["jeunesse", "associations"], ["jeunes", "familles"], "nouvelle-aquitaine",
          "commune", 2023),
    sheet(7, "Conseils citoyens des quartiers prioritaires",
          "Dans les quartiers prioritaires de la politique de la ville, les conseils citoyens "
          "associent habitants et acteurs locaux au contrat de ville.",
          "Marseille", ["politique-de-la-ville"], ["habitants"], "provence-alpes-cote-d-azur",
          "commune", 2017),
    sheet(8, "Réduire la fracture numérique",
          "Des médiateurs numériques accompagnent les seniors dans leurs démarches en ligne.",
          "Saint-Étienne", ["numerique", "solidarite"], ["seniors"], "auvergne-rhone-alpes",
          "commune", 2021),
    sheet(9, "Ateliers d'inclusion numérique en médiathèque",
          "Initiation aux outils numériques pour les personnes éloignées du numérique.",
          "Besançon", ["numerique"], ["seniors", "habitants"], "bourgogne-franche-comte", "commune",
          2022),
    sheet(10, "Grand Débat National : la synthèse locale",
          "Restitution des cahiers de doléances et des réunions publiques du Grand Débat National.",
          "Bordeaux", ["democratie"], ["habitants"], "nouvelle-aquitaine", "commune", 2019),
    sheet(11, "Débat public sur le plan local d'urbanisme",
          "Réunions publiques et registre en ligne sur l'aménagement de la ville.",
          "Lille", ["urbanisme"], ["habitants"], "hauts-de-france", "commune", 2020),
    sheet(12, "L'assemblée citoyenne permanente",
          "Une assemblée de citoyens volontaires et tirés au sort siège toute l'année.",
          "Poitiers", ["democratie"], ["habitants"], "nouvelle-aquitaine", "commune", 2021),
    sheet(13, "Assemblées de quartier",
          "Chaque quartier réunit son assemblée deux fois par an pour suivre les projets.",
          "Paris", ["democratie", "urbanisme"], ["habitants"], "ile-de-france", "commune", 2016),
    sheet(14, "Jardins partagés et végétalisation",
          "Les habitants cultivent des parcelles communes au pied des immeubles.",
          "Strasbourg", ["climat", "urbanisme"], ["habitants", "familles"], "grand-est", "commune",
          2020),
    sheet(15, "Plan climat co-construit avec les habitants",
          "Ateliers de concertation sur la rénovation énergétique et les mobilités douces.",
          "Métropole de Lyon", ["climat"], ["habitants"], "auvergne-rhone-alpes", "epci", 2022),
    sheet(16, "Pétition locale et droit d'interpellation",
          "Au-delà de mille signatures, une pétition est inscrite à l'ordre du jour du conseil.",
          "Grenoble", ["democratie"], ["habitants"], "auvergne-rhone-alpes", "commune", 2018),
    sheet(17, "Accueil des familles monoparentales",
          "Un guichet unique et des ateliers parents-enfants coconstruits avec les familles.",
          "Roubaix", ["solidarite"], ["familles"], "hauts-de-france", "commune", 2023),
    sheet(18, "Conseil des seniors",
          "Les aînés donnent leur avis sur les transports, le logement et l'isolement.",
          "Nice", ["solidarite"], ["seniors"], "provence-alpes-cote-d-azur", "commune", 2019),
    sheet(19, "Mobilités douces : consultation sur les pistes cyclables",
          "Carte collaborative des itinéraires vélo et vote sur les aménagements prioritaires.",
          "Strasbourg", ["climat", "urbanisme"], ["habitants"], "grand-est", "commune", 2021),
    sheet(20, "Budget participatif écologique",
          "Projets de végétalisation et de réduction des déchets votés par les habitants.",
          "Paris", ["budget", "climat"], ["habitants"], "ile-de-france", "commune", 2022),
    sheet(21, "Jury citoyen sur la tarification de l'eau",
          "Douze habitants tirés au sort auditionnent des experts et rendent un avis.",
          "Montpellier Méditerranée Métropole", ["climat", "democratie"], ["habitants"],
          "occitanie", "epci", 2020),
    sheet(22, "Chantiers jeunes l'été",
          "Des adolescents rénovent des équipements publics en échange d'une bourse.",
          "Sarcelles", ["jeunesse"], ["jeunes"], "ile-de-france", "commune", 2022),
    sheet(23, "Observatoire des engagements",
          "Suivi public des engagements du mandat avec des indicateurs ouverts.",
          "Dijon", ["democratie"], ["habitants"], "bourgogne-franche-comte", "commune", 2021),
    sheet(24, "Marches exploratoires des femmes",
          "Des habitantes repèrent les lieux peu sûrs de leur quartier et proposent des "
          "aménagements.",
          "Toulouse", ["politique-de-la-ville", "urbanisme"], ["habitants"], "occitanie",
          "commune", 2019),
    sheet(25, "Forum associatif et vie locale",
          "Les associations présentent leurs activités et recrutent des bénévoles.",
          "Angers", ["associations"], ["habitants", "familles"], "pays-de-la-loire", "commune",
          2023),
    sheet(26, "Référendum local sur la piétonnisation",
          "Les électeurs se prononcent sur la fermeture du centre-ville aux voitures.",
          "Quimper", ["urbanisme"], ["habitants"], "bretagne", "commune", 2018),
    sheet(27, "Cafés numériques intergénérationnels",
          "Des lycéens aident les seniors à utiliser smartphones et tablettes.",
          "Limoges", ["numerique", "jeunesse"], ["jeunes", "seniors"], "nouvelle-aquitaine",
          "commune", 2023),
    sheet(28, "Bureau des temps et horaires de la ville",
          "Concertation sur les horaires des services publics avec les usagers et les salariés.",
          "Rennes", ["urbanisme"], ["habitants"], "bretagne", "commune", 2017),
]


def search_document(items=None):
    items = CORPUS if items is None else items
    return SearchDocument(
        name=DOC, label="Fiches de test", document=TestSheetDocument,
        queryset=lambda: list(items), prepare=dict, facets=FACETS)
