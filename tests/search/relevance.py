"""The relevance suite: French queries a practitioner types, and the sheets they expect.

The sheets are the demo's (``essaim demo``) and a corpus of realistic sheets of
this suite's own (territories and texts written for it, not the demo's). Each
query names the sheets that must be among the first three results. It is
measured on both engines by tests/search/test_relevance.py (which fails below
a threshold) and by bench/relevance.py (which prints the numbers).

precision@3 is the share of a query's expected sheets found in its top 3
(divided by min(3, expected), so a query with one expected sheet scores 1 when
it is there); nDCG@10 is the usual binary-relevance normalised discounted
cumulative gain over the first ten results. Both are averaged over the queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# name, INSEE code (or SIREN), kind, population, département, région
TERRITORIES = [
    ("Grenoble", "38185", "commune", 158_000, "Isère", "auvergne-rhone-alpes"),
    ("Poitiers", "86194", "commune", 89_000, "Vienne", "nouvelle-aquitaine"),
    ("Lorient", "56121", "commune", 57_000, "Morbihan", "bretagne"),
    ("Pessac", "33318", "commune", 66_000, "Gironde", "nouvelle-aquitaine"),
    ("Brest Métropole", "242900314", "intercommunalite", 210_000, "Finistère", "bretagne"),
    ("Villeurbanne", "69266", "commune", 152_000, "Rhône", "auvergne-rhone-alpes"),
    ("Orléans", "45234", "commune", 117_000, "Loiret", "centre-val-de-loire"),
    ("Saint-Malo", "35288", "commune", 47_000, "Ille-et-Vilaine", "bretagne"),
    ("Le Mans", "72181", "commune", 145_000, "Sarthe", "pays-de-la-loire"),
    ("Montreuil", "93048", "commune", 111_000, "Seine-Saint-Denis", "ile-de-france"),
    ("Tulle", "19272", "commune", 14_500, "Corrèze", "nouvelle-aquitaine"),
    ("Trémargat", "22372", "commune", 200, "Côtes-d'Armor", "bretagne"),
    ("Département de la Gironde", "33", "departement", 1_650_000, "Gironde",
     "nouvelle-aquitaine"),
    ("Région Occitanie", "76", "region", 6_000_000, "", "occitanie"),
    ("Metz", "57463", "commune", 120_000, "Moselle", "grand-est"),
    ("Dunkerque", "59183", "commune", 87_000, "Nord", "hauts-de-france"),
]


def sheet(slug, territory, title, key_points, body, challenges=(), mechanisms=(), themes=(),
          audiences=()):
    return {"slug": slug, "territory": territory, "title": title, "key_points": key_points,
            "body": body, "challenges": list(challenges), "mechanisms": list(mechanisms),
            "themes": list(themes), "audiences": list(audiences)}


SHEETS = [
    sheet("rel-grenoble-votation", "38185", "Une votation citoyenne sur les projets de la ville",
          ("Les habitants de plus de seize ans votent sur une question locale.",
           "Deux mille signatures déclenchent le scrutin.",
           "Le résultat est débattu en conseil municipal."),
          "La votation permet aux habitants de trancher une question que la municipalité "
          "n'avait pas mise à son programme. Les résidents étrangers votent aussi.",
          challenges=["confiance"], themes=["gouvernance"]),
    sheet("rel-poitiers-interpellation", "86194", "Un droit d'interpellation du conseil municipal",
          ("Mille signatures inscrivent un sujet à l'ordre du jour.",
           "Les porteurs présentent leur demande en séance publique.",
           "La réponse du maire est publiée sous trois mois."),
          "Le règlement intérieur du conseil a été modifié pour que les habitants puissent "
          "saisir les élus d'une question d'intérêt local.",
          challenges=["confiance"], mechanisms=["charte"], themes=["gouvernance"]),
    sheet("rel-lorient-illectronisme", "56121",
          "Lutter contre l'illectronisme dans les mairies annexes",
          ("Des permanences sans rendez-vous pour les démarches en ligne.",
           "Des ateliers d'initiation sur tablette.",
           "Un réseau de bénévoles formés à l'accompagnement."),
          "Un habitant sur cinq n'utilise jamais internet. Les médiateurs reçoivent dans les "
          "mairies de quartier ceux qui ne peuvent plus faire seuls leurs démarches.",
          challenges=["impliquer-les-invisibles"], mechanisms=["formation"],
          themes=["solidarites"], audiences=["eloignes-numerique"]),
    sheet("rel-pessac-bien-vieillir", "33318", "Des retraités qui conseillent la ville",
          ("Trente retraités volontaires se réunissent chaque mois.",
           "Ils ont proposé des bancs le long des trajets vers le marché.",
           "Un avis est rendu sur chaque projet d'aménagement."),
          "Les retraités connaissent les trottoirs trop étroits et les arrêts de bus sans abri : "
          "leurs avis sont transmis aux services techniques.",
          challenges=["interet-collectif"], mechanisms=["conseil-des-aines"],
          themes=["amenagement", "solidarites"], audiences=["seniors"]),
    sheet("rel-brest-cours-d-ecole", "242900314", "Les écoliers dessinent leur cour de récréation",
          ("Chaque classe vote pour un aménagement.",
           "Des maquettes réalisées avec un architecte.",
           "Des cours plus vertes et plus fraîches en été."),
          "Les élèves de six écoles ont imaginé des cours végétalisées, avec les enseignants et "
          "les parents, avant les travaux de l'été.",
          challenges=["recits"], mechanisms=["atelier-de-quartier"],
          themes=["education-jeunesse", "environnement"], audiences=["jeunes"]),
    sheet("rel-villeurbanne-habitants-tires-au-sort", "69266",
          "Cinquante habitants tirés au sort pour parler propreté",
          ("Une assemblée de cinquante personnes réunie quatre samedis.",
           "Des propositions chiffrées remises au maire.",
           "Un suivi public des engagements."),
          "Les membres ont été tirés au sort sur les listes électorales puis complétés pour "
          "représenter tous les quartiers.",
          challenges=["confiance"], mechanisms=["assemblee-citoyenne"],
          themes=["espace-public"]),
    sheet("rel-orleans-bords-de-loire", "45234", "Réaménager les bords de Loire avec les riverains",
          ("Des balades commentées le long du fleuve.",
           "Un atelier sur les quais et les guinguettes.",
           "Un projet revu après la concertation."),
          "Les quais de la Loire devaient accueillir un parking : les riverains ont obtenu une "
          "promenade plantée.",
          challenges=["confiance"], mechanisms=["diagnostic-en-marchant"],
          themes=["amenagement", "environnement"]),
    sheet("rel-saint-malo-panel-tourisme", "35288", "Un panel sur les flux touristiques",
          ("Trente habitants choisis par le hasard.",
           "Des auditions de commerçants et de loueurs.",
           "Des recommandations sur les meublés de tourisme."),
          "Le panel tiré au sort a travaillé trois mois sur la cohabitation entre habitants et "
          "visiteurs pendant l'été.",
          challenges=["interet-collectif"], mechanisms=["assemblee-citoyenne"],
          themes=["gouvernance", "espace-public"]),
    sheet("rel-le-mans-budget-11-25", "72181", "Un budget participatif réservé aux 11-25 ans",
          ("Les projets sont déposés par des groupes de jeunes.",
           "Le vote a lieu dans les collèges et les lycées.",
           "Cent mille euros chaque année."),
          "Les adolescents défendent leurs projets devant un jury d'élus lycéens avant le vote.",
          challenges=["impliquer-les-invisibles"], mechanisms=["budget-participatif"],
          themes=["budget", "education-jeunesse"], audiences=["jeunes"]),
    sheet("rel-montreuil-budget-participatif", "93048",
          "Un budget participatif de dix pour cent de l'investissement",
          ("Les habitants décident de l'usage d'une part du budget d'investissement.",
           "Les projets sont étudiés avec les services.",
           "Un vote ouvert dès seize ans."),
          "Le budget participatif finance des jardins, des fresques et des équipements sportifs "
          "dans tous les quartiers.",
          challenges=["confiance"], mechanisms=["budget-participatif"], themes=["budget"]),
    sheet("rel-tulle-conseil-citoyen", "19272", "Un conseil citoyen dans le quartier de la gare",
          ("Des habitants et des associations au contrat de ville.",
           "Un local prêté par le bailleur.",
           "Une formation à la prise de parole."),
          "Dans le quartier de la politique de la ville, le conseil citoyen suit le "
          "renouvellement urbain.",
          challenges=["impliquer-les-invisibles"], mechanisms=["conseil-citoyen"],
          themes=["amenagement"], audiences=["quartiers-prioritaires", "associations"]),
    sheet("rel-tremargat-gouvernance", "22372",
          "Des commissions ouvertes à tous dans une commune rurale",
          ("Chaque commission est ouverte aux habitants.",
           "Les décisions sont préparées en réunion publique.",
           "Un compte rendu affiché à l'épicerie."),
          "Dans cette commune de Bretagne centrale, les habitants participent aux commissions "
          "municipales aux côtés des élus.",
          challenges=["embarquer-les-elus"], mechanisms=["atelier-de-quartier"],
          themes=["gouvernance"], audiences=["elus"]),
    sheet("rel-gironde-cantines", "33", "Consulter les collégiens sur la restauration scolaire",
          ("Un questionnaire rempli par huit mille élèves.",
           "Des menus testés dans dix établissements.",
           "Moins de gaspillage à la cantine."),
          "Le Département a interrogé les élèves de ses collèges avant de renouveler les "
          "marchés de restauration.",
          challenges=["interet-collectif"], mechanisms=["questionnaire"],
          themes=["education-jeunesse", "sante"], audiences=["jeunes"]),
    sheet("rel-occitanie-budget-regional", "76", "Un budget participatif régional pour le climat",
          ("Des projets portés par des associations et des collectifs.",
           "Un vote en ligne ouvert à tous les habitants de la région.",
           "Des lauréats dans chaque département."),
          "La Région finance des projets de transition écologique choisis par les habitants.",
          challenges=["interet-collectif"], mechanisms=["budget-participatif",
                                                        "plateforme-numerique"],
          themes=["budget", "environnement"], audiences=["associations"]),
    sheet("rel-metz-marches-de-nuit", "57463", "Des marches exploratoires de nuit",
          ("Des groupes d'habitantes parcourent leur quartier la nuit.",
           "Un relevé des lieux mal éclairés.",
           "Des travaux d'éclairage programmés."),
          "Les participantes ont repéré les passages où elles ne se sentent pas en sécurité et "
          "proposé des aménagements.",
          challenges=["impliquer-les-invisibles"], mechanisms=["diagnostic-en-marchant"],
          themes=["espace-public"], audiences=["quartiers-prioritaires"]),
    sheet("rel-dunkerque-garant-mobilite", "59183",
          "Un garant indépendant pour le plan de mobilité",
          ("Un garant nommé pour toute la concertation.",
           "Un bilan public de la concertation.",
           "Des réponses écrites à chaque contribution."),
          "Le garant veille à ce que chaque avis reçoive une réponse et publie son rapport.",
          challenges=["confiance"], mechanisms=["garant"], themes=["mobilite"]),
    sheet("rel-villeurbanne-charte", "69266",
          "Une charte de la participation écrite avec les associations",
          ("Six engagements de la Ville.",
           "Un comité de suivi mixte.",
           "Une évaluation annuelle publique."),
          "Les associations et les conseils de quartier ont rédigé avec les services les règles "
          "communes de la concertation.",
          challenges=["demystifier"], mechanisms=["charte"], themes=["gouvernance"],
          audiences=["associations"]),
    sheet("rel-lorient-nouveaux-arrivants", "56121",
          "Faire découvrir l'hôtel de ville aux nouveaux arrivants",
          ("Une visite de la salle du conseil.",
           "Une rencontre avec les élus.",
           "Un livret d'accueil."),
          "Chaque trimestre, les nouveaux habitants visitent la mairie et découvrent comment "
          "les décisions sont prises.",
          challenges=["demystifier"], mechanisms=["visite-citoyenne"], themes=["gouvernance"]),
    sheet("rel-poitiers-plateforme", "86194", "Une plateforme en ligne pour les consultations",
          ("Chaque projet est mis en consultation sur le site.",
           "Des contributions modérées publiquement.",
           "Une synthèse rendue aux participants."),
          "Le site recueille les avis des habitants sur les projets d'aménagement et publie les "
          "réponses des services.",
          challenges=["confiance"], mechanisms=["plateforme-numerique", "questionnaire"],
          themes=["amenagement"]),
    sheet("rel-grenoble-formation-agents", "38185",
          "Former les agents à l'animation de réunions publiques",
          ("Trois jours de formation par an.",
           "Des mises en situation avec des comédiens.",
           "Un réseau d'animateurs internes."),
          "Les agents de tous les services apprennent à animer une réunion et à rendre compte "
          "des avis recueillis.",
          challenges=["ergonomie-administration"], mechanisms=["formation"],
          themes=["gouvernance"], audiences=["agents"]),
    sheet("rel-pessac-equipe-municipale", "33318",
          "Associer toute l'équipe municipale à la démarche",
          ("Un séminaire des élus en début de mandat.",
           "Un référent participation dans chaque délégation.",
           "Un point d'étape au bureau municipal."),
          "La participation n'est plus l'affaire de l'adjoint chargé de la démocratie locale : "
          "chaque délégation porte une concertation par an.",
          challenges=["embarquer-les-elus"], mechanisms=["formation"], themes=["gouvernance"],
          audiences=["elus"]),
    sheet("rel-brest-podcasts", "242900314", "Raconter les projets des habitants en podcasts",
          ("Douze épisodes enregistrés avec les porteurs de projets.",
           "Une diffusion sur la radio locale.",
           "Des écoutes publiques dans les médiathèques."),
          "Les habitants racontent eux-mêmes leurs projets, ce qui a donné envie à d'autres de "
          "se lancer.",
          challenges=["recits"], mechanisms=["journees-citoyennes"], themes=["culture"]),
    sheet("rel-saint-malo-journees-citoyennes", "35288",
          "Des journées citoyennes pour entretenir les espaces verts",
          ("Deux journées par an de chantiers bénévoles.",
           "Un repas partagé offert par la Ville.",
           "Des chantiers proposés par les habitants."),
          "Les bénévoles nettoient les sentiers, repeignent les bancs et plantent des haies avec "
          "les agents des espaces verts.",
          challenges=["interet-collectif"], mechanisms=["journees-citoyennes"],
          themes=["environnement", "espace-public"], audiences=["associations"]),
]


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]  # sheet slugs that must be in the top 3
    kind: str  # synonym, typo, inflection, taxonomy, phrase, multi, plain
    doc: str | None = "practice_sheet"  # None: the global search (every document type)


def case(query, *expected, kind="plain", doc="practice_sheet"):
    return Case(query, expected, kind, doc)


BUDGET = ("rel-montreuil-budget-participatif", "allonnes-budget-participatif",
          "amiens-metropole-budget-participatif", "nord-budget-participatif-des-colleges",
          "rel-le-mans-budget-11-25", "rel-occitanie-budget-regional",
          "blois-nouvelle-offre-de-participation")

CASES = [
    # --- written from the demo sheets ----------------------------------------------------
    case("budget participatif quartier prioritaire", "allonnes-budget-participatif",
         kind="multi"),
    case("conseil des sages", "allonnes-conseil-des-sages", kind="phrase"),
    case("seniors", "allonnes-conseil-des-sages", "rel-pessac-bien-vieillir", kind="taxonomy"),
    case("aînés", "allonnes-conseil-des-sages", "rel-pessac-bien-vieillir", kind="synonym"),
    case("personnes âgées", "allonnes-conseil-des-sages", "rel-pessac-bien-vieillir",
         kind="synonym"),
    case("comité des jeunes", "allonnes-comite-des-jeunes", kind="multi"),
    case("convention citoyenne", "laval-convention-citoyenne-des-quartiers", kind="plain"),
    case("parlement mobile", "bordeaux-tournee-de-la-democratie-permanente", kind="multi"),
    case("diagnostic en marchant", "toulouse-diagnostics-en-marchant",
         "sevran-diagnostic-en-marchant", kind="inflection"),
    case("gouvernance collégiale", "saillans-gouvernance-collegiale", kind="multi"),
    case("village", "saillans-gouvernance-collegiale", kind="plain"),
    case("conseils participatifs tirés au sort", "kingersheim-conseils-participatifs",
         kind="multi"),
    case("budgets d'initiative", "creteil-conseils-de-quartier", kind="plain"),
    case("marches exploratoires femmes", "sevran-diagnostic-en-marchant", kind="synonym"),
    case("budget participatif intercommunalité", "amiens-metropole-budget-participatif",
         kind="taxonomy"),
    case("budget participatif collèges", "nord-budget-participatif-des-colleges", kind="multi"),
    case("visites citoyennes", "val-de-marne-visites-citoyennes", kind="plain"),
    case("fifty-fifty", "loos-en-gohelle-fifty-fifty", kind="plain"),
    case("assemblée citoyenne transition", "creteil-assemblee-citoyenne", kind="multi"),
    case("Loir-et-Cher", "blois-nouvelle-offre-de-participation", kind="taxonomy"),
    case("Sarthe", "allonnes-budget-participatif", "allonnes-conseil-des-sages",
         "allonnes-comite-des-jeunes", "rel-le-mans-budget-11-25", kind="taxonomy"),
    case("Hauts-de-France", "amiens-metropole-budget-participatif",
         "nord-budget-participatif-des-colleges", "loos-en-gohelle-fifty-fifty",
         "rel-dunkerque-garant-mobilite", kind="taxonomy"),
    case("garant de la concertation", "laval-convention-citoyenne-des-quartiers",
         "creteil-assemblee-citoyenne", kind="taxonomy"),
    case("essoufflement des instances", "blois-nouvelle-offre-de-participation",
         kind="inflection"),
    case("budjet participatif", *BUDGET,
         kind="typo"),
    case("gouvernence", "saillans-gouvernance-collegiale", kind="typo"),
    case("diagnostiques en marchant", "toulouse-diagnostics-en-marchant",
         "sevran-diagnostic-en-marchant", kind="typo"),
    case('"conseil des sages"', "allonnes-conseil-des-sages", kind="phrase"),
    case('"tirée au sort"', "kingersheim-conseils-participatifs", "creteil-assemblee-citoyenne",
         kind="phrase"),
    case("Blois", "blois-nouvelle-offre-de-participation", kind="plain"),
    # --- this suite's own sheets --------------------------------------------------------
    case("votation", "rel-grenoble-votation", kind="plain"),
    case("votaton", "rel-grenoble-votation", kind="typo"),
    case("votation citoyene", "rel-grenoble-votation", kind="typo"),
    case("pétition", "rel-poitiers-interpellation", kind="synonym"),
    case("droit d'interpellation", "rel-poitiers-interpellation", kind="phrase"),
    case("interpelation", "rel-poitiers-interpellation", kind="typo"),
    case("illectronisme", "rel-lorient-illectronisme", kind="plain"),
    case("fracture numérique", "rel-lorient-illectronisme", kind="synonym"),
    case("exclusion numérique", "rel-lorient-illectronisme", kind="synonym"),
    case("personnes éloignées du numérique", "rel-lorient-illectronisme", kind="taxonomy"),
    case("retraités", "rel-pessac-bien-vieillir", "allonnes-conseil-des-sages", kind="plain"),
    case("seniors aménagement", "rel-pessac-bien-vieillir", kind="taxonomy"),
    case("jeunes", "rel-brest-cours-d-ecole", "rel-le-mans-budget-11-25",
         "rel-gironde-cantines", "allonnes-comite-des-jeunes",
         "amiens-metropole-budget-participatif", "nord-budget-participatif-des-colleges",
         kind="taxonomy"),
    case("jeunesse", "rel-le-mans-budget-11-25", "allonnes-comite-des-jeunes",
         kind="inflection"),
    case("cour d'école végétalisée", "rel-brest-cours-d-ecole", kind="inflection"),
    case("élèves", "rel-brest-cours-d-ecole", "rel-gironde-cantines", kind="plain"),
    case("tirage au sort", "rel-villeurbanne-habitants-tires-au-sort",
         "rel-saint-malo-panel-tourisme", "kingersheim-conseils-participatifs",
         "creteil-assemblee-citoyenne", kind="inflection"),
    case("habitants tirés au sort", "rel-villeurbanne-habitants-tires-au-sort", kind="multi"),
    case("assemblée citoyenne", "rel-villeurbanne-habitants-tires-au-sort",
         "creteil-assemblee-citoyenne", "rel-saint-malo-panel-tourisme",
         "laval-convention-citoyenne-des-quartiers", "blois-nouvelle-offre-de-participation",
         "kingersheim-conseils-participatifs", kind="plain"),
    case("panel citoyen", "rel-saint-malo-panel-tourisme", kind="synonym"),
    case("convention citoyenne tourisme", "rel-saint-malo-panel-tourisme", kind="synonym"),
    case("la Loire", "rel-orleans-bords-de-loire", kind="plain", doc=None),
    case("bords de Loire", "rel-orleans-bords-de-loire", kind="phrase"),
    case("Loiret", "rel-orleans-bords-de-loire", kind="taxonomy"),
    case("budget participatif jeunes", "rel-le-mans-budget-11-25", kind="taxonomy"),
    case("budget participatif adolescents", "rel-le-mans-budget-11-25", kind="multi"),
    case("budget participatif", *BUDGET,
         kind="plain"),
    case("budget participatif région", "rel-occitanie-budget-regional", kind="taxonomy"),
    case("budget participatif climat", "rel-occitanie-budget-regional", kind="multi"),
    case("conseil citoyen quartier prioritaire", "rel-tulle-conseil-citoyen", kind="taxonomy"),
    case("politique de la ville", "rel-tulle-conseil-citoyen", kind="phrase"),
    case("QPV", "rel-tulle-conseil-citoyen", kind="synonym"),
    case("commune rurale", "rel-tremargat-gouvernance", kind="plain"),
    case("moins de 2 000 habitants", "rel-tremargat-gouvernance",
         "saillans-gouvernance-collegiale", kind="taxonomy"),
    case("embarquer les élus", "rel-pessac-equipe-municipale", "rel-tremargat-gouvernance",
         kind="taxonomy"),
    case("cantine collégiens", "rel-gironde-cantines", kind="multi"),
    case("restauration scolaire département", "rel-gironde-cantines", kind="taxonomy"),
    case("marches exploratoires", "rel-metz-marches-de-nuit", kind="plain"),
    case("marche exploratoire nuit", "rel-metz-marches-de-nuit", kind="inflection"),
    case("garant", "rel-dunkerque-garant-mobilite", kind="plain"),
    case("garant concertation mobilité", "rel-dunkerque-garant-mobilite", kind="taxonomy"),
    case("charte de la participation associations", "rel-villeurbanne-charte", kind="taxonomy"),
    case("nouveaux arrivants", "rel-lorient-nouveaux-arrivants", kind="multi"),
    case("visite de la mairie", "rel-lorient-nouveaux-arrivants", kind="synonym"),
    case("consultation en ligne", "rel-poitiers-plateforme", kind="synonym"),
    case("former les agents", "rel-grenoble-formation-agents", kind="inflection"),
    case("formation des agents réunions publiques", "rel-grenoble-formation-agents",
         kind="multi"),
    case("podcasts", "rel-brest-podcasts", kind="plain"),
    case("mise en récit", "rel-brest-podcasts", kind="taxonomy"),
    case("bénévolat espaces verts", "rel-saint-malo-journees-citoyennes", kind="taxonomy"),
    case("journées citoyennes", "rel-saint-malo-journees-citoyennes", kind="plain"),
    case('"budget participatif"', *BUDGET,
         kind="phrase"),
]


# --- building the corpus -----------------------------------------------------------------


def create_corpus(library) -> list:
    """This suite's sheets, live, under ``library`` (the demo's): their pages."""
    from core.models import Territory
    from plugins.practice_library.models import (
        Audience,
        Challenge,
        Mechanism,
        PracticeSheetPage,
        Theme,
    )

    territories = {}
    # The corpus's own territory data, whatever the official list loaded (rolled back after).
    for name, code, kind, population, departement, region in TERRITORIES:
        territories[code] = Territory.objects.update_or_create(insee_code=code, defaults=dict(
            name=name, kind=kind, population=population, departement=departement,
            region=region))[0]
    # The corpus names values by their first slugs; those renamed since are former slugs.
    taxonomies = {model: {slug: t for t in model.objects.all()
                          for slug in (t.slug, *t.former_slugs)}
                  for model in (Challenge, Mechanism, Theme, Audience)}
    pages = []
    for data in SHEETS:
        page = PracticeSheetPage(
            title=data["title"], slug=data["slug"], territory=territories[data["territory"]],
            key_point_1=data["key_points"][0], key_point_2=data["key_points"][1],
            key_point_3=data["key_points"][2], context=f"<p>{data['body']}</p>", live=True)
        page.challenges = [taxonomies[Challenge][s] for s in data["challenges"]]
        page.mechanisms = [taxonomies[Mechanism][s] for s in data["mechanisms"]]
        page.themes = [taxonomies[Theme][s] for s in data["themes"]]
        page.audiences = [taxonomies[Audience][s] for s in data["audiences"]]
        library.add_child(instance=page)
        pages.append(page)
    return pages


# --- measuring ---------------------------------------------------------------------------


def ranked_slugs(result, slugs_by_id) -> list[str]:
    """The result's hits as sheet slugs (other document types as "type:id")."""
    return [slugs_by_id.get(hit.id, f"{hit.type}:{hit.id}") if hit.type == "practice_sheet"
            else f"{hit.type}:{hit.id}" for hit in result.hits]


def precision_at_3(ranking, expected) -> float:
    return len(set(ranking[:3]) & set(expected)) / min(3, len(expected))


def ndcg_at_10(ranking, expected) -> float:
    gains = sum(1 / math.log2(position + 2) for position, slug in enumerate(ranking[:10])
                if slug in expected)
    ideal = sum(1 / math.log2(position + 2) for position in range(min(10, len(expected))))
    return gains / ideal


@dataclass
class Measure:
    case: Case
    ranking: list[str]

    @property
    def precision(self):
        return precision_at_3(self.ranking, self.case.expected)

    @property
    def ndcg(self):
        return ndcg_at_10(self.ranking, self.case.expected)


def measure(search, slugs_by_id) -> list[Measure]:
    """Run every case through ``search(doc, query)`` (an api.search-like callable)."""
    return [Measure(c, ranked_slugs(search(c.doc, c.query), slugs_by_id)) for c in CASES]


def summary(measures) -> dict:
    def mean(values):
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    kinds = sorted({m.case.kind for m in measures})
    return {
        "precision@3": mean(m.precision for m in measures),
        "ndcg@10": mean(m.ndcg for m in measures),
        "queries": len(measures),
        "by_kind": {kind: (mean(m.precision for m in measures if m.case.kind == kind),
                           sum(1 for m in measures if m.case.kind == kind)) for kind in kinds},
    }


def misses(measures) -> list[str]:
    """The cases whose expected sheets are not all in the top 3, for failure messages."""
    return [f"{m.case.query!r} [{m.case.kind}]: expected {list(m.case.expected)}, "
            f"top 3 {m.ranking[:3]}" for m in measures if m.precision < 1]


def index_everything(elasticsearch=None) -> dict[str, str]:
    """Index every searchable object in the database engine and, given an Elasticsearch
    engine, in fresh indexes behind its aliases; returns {sheet id: slug}."""
    from plugins.practice_library.models import PracticeSheetPage
    from search.engines.database import DatabaseEngine
    from search.indexing import batches
    from search.registry import get_documents

    database = DatabaseEngine()
    for document in get_documents().values():
        items = [item for batch, _last in batches(document, 500) for item in batch]
        database.bulk_index(document, items)
        if elasticsearch is not None:
            index = elasticsearch.create_index(document)
            elasticsearch.bulk_index(document, items, index=index)
            elasticsearch.swap_alias(document.name, index)
    if elasticsearch is not None:
        elasticsearch.refresh()
    return {str(pk): slug for pk, slug in PracticeSheetPage.objects.values_list("pk", "slug")}
