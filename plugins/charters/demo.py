"""Demo charters (idempotent): three kinds, three territories, one revised with follow-up.

Facts come from public practitioners' material (Allonnes published its local democracy
charter in 2018, then ran participatory budgets in 2019 and 2021); deliberation
numbers, texts and reports are invented for the demo.
"""

from datetime import date

from wagtail.models import Page

from core.demo import ensure_child_page
from core.models import Territory

from .models import (
    CharterAuthors,
    CharterIndexPage,
    CharterKind,
    CharterPage,
    CharterStatus,
    Commitment,
    FollowUpReport,
)
from .services import adopt_version


def create_demo_charters(home_page):
    index = ensure_child_page(
        home_page, CharterIndexPage, slug="chartes", title="Chartes", show_in_menus=True,
        intro="<p>Les engagements pris par les territoires envers leurs habitants, et leur "
              "suivi.</p>")
    territories = {t.insee_code: t for t in Territory.objects.filter(
        insee_code__in=["72003", "59", "68166"])}
    if len(territories) < 3:  # the core demo creates them; without them, no demo charters
        return
    if not _exists(index, "allonnes-democratie-locale"):
        _allonnes(index, territories["72003"])
    if not _exists(index, "nord-participation-citoyenne"):
        _nord(index, territories["59"])
    if not _exists(index, "kingersheim-guide-concertation"):
        _kingersheim(index, territories["68166"])


def _exists(index, slug):
    return Page.objects.child_of(index).filter(slug=slug).exists()


def _publish(index, page):
    index.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    return CharterPage.objects.get(pk=page.pk)


def _commitment(order, title, text, level, guarantee, indicator=""):
    return Commitment(sort_order=order, title=title, text=text, level=level,
                      guarantee_kind=guarantee, indicator=indicator)


def _allonnes(index, territory):
    page = _publish(index, CharterPage(
        slug="allonnes-democratie-locale", title="Charte de démocratie locale d'Allonnes",
        territory=territory, kind=CharterKind.REFERENCE,
        authored_by=CharterAuthors.CO_CONSTRUCTION, status=CharterStatus.DRAFT,
        scope="Les instances de quartier, le conseil des sages, le comité des jeunes, le "
              "budget participatif et les projets d'aménagement portés par la ville.",
        principles="<p>Aller vers les habitants là où ils vivent, en particulier dans le "
                   "quartier prioritaire ; dire clairement ce qui est ouvert à la discussion ; "
                   "rendre compte de ce que deviennent les propositions.</p>",
        guarantor="Service Qualité de la relation citoyenne",
        follow_up_commission="Un observatoire des engagements, ouvert aux habitants, se "
                             "réunit deux fois par an.",
        reporting_back_rules="Chaque démarche se termine par une réunion publique de retour "
                             "et une synthèse en ligne sous trois mois.",
        evaluation="Bilan annuel présenté en conseil municipal ; révision à mi-mandat.",
        next_review_on=date(2026, 6, 30),
        commitments=[
            _commitment(0, "Des rencontres dans chaque quartier",
                        "La ville organise des rencontres de quartier et des balades urbaines "
                        "avec les centres sociaux.", "consultation", "reporting_back",
                        "nombre de rencontres par quartier et par an"),
            _commitment(1, "Un budget participatif",
                        "Une part du budget d'investissement est confiée aux projets proposés "
                        "et votés par les habitants.", "co-decision", "commission",
                        "projets réalisés sur projets votés"),
            _commitment(2, "Des instances consultées sur les projets qui les concernent",
                        "Le conseil des sages et le comité des jeunes sont consultés sur les "
                        "projets qui les concernent.", "consultation", "public_report"),
        ],
    ))
    adopt_version(page, adopted_on=date(2018, 6, 28),
                  deliberation_reference="Délibération n° 2018-072 du 28 juin 2018",
                  note="Première version, issue des Assises de la ville.")

    page = CharterPage.objects.get(pk=page.pk)
    meetings, budget, bodies = page.commitments.all()
    budget.text = ("Une part du budget d'investissement est confiée chaque année aux projets "
                   "proposés et votés par les habitants, dès 12 ans.")
    bodies.text = ("Le conseil des sages et le comité des jeunes sont consultés sur les projets "
                   "qui les concernent et reçoivent une réponse écrite.")
    bodies.guarantee_kind = "reporting_back"
    page.commitments = [meetings, budget, bodies, _commitment(
        3, "Accompagner les démarches en ligne",
        "Un accueil aide les habitants éloignés du numérique à participer en ligne.",
        "information", "public_report", "personnes accompagnées par an")]
    page.save_revision(log_action=False).publish(log_action=False)
    adopt_version(page, adopted_on=date(2022, 3, 24),
                  deliberation_reference="Délibération n° 2022-031 du 24 mars 2022",
                  note="Révision à mi-mandat après deux budgets participatifs.")

    page = CharterPage.objects.get(pk=page.pk)
    by_title = {c.title: c for c in page.commitments.all()}
    for title, reported_on, summary in [
        ("Un budget participatif", date(2019, 12, 12),
         "Premier budget participatif : 65 projets déposés, 928 votants."),
        ("Un budget participatif", date(2021, 12, 9),
         "Deuxième budget participatif : 64 projets déposés ; un observatoire suit la "
         "réalisation des projets lauréats."),
        ("Des rencontres dans chaque quartier", date(2022, 1, 20),
         "Rencontres de quartier, balades urbaines et stands d'élus au marché tout au long "
         "de l'année."),
    ]:
        FollowUpReport.objects.create(commitment=by_title[title], reported_on=reported_on,
                                      summary=summary)


def _nord(index, territory):
    page = _publish(index, CharterPage(
        slug="nord-participation-citoyenne",
        title="Manifeste pour la participation citoyenne du Nord", territory=territory,
        kind=CharterKind.MANIFESTO, authored_by=CharterAuthors.ELECTED,
        status=CharterStatus.DRAFT,
        scope="Les politiques départementales et les démarches menées avec les habitants "
              "des cantons.",
        principles="<p>Faire avec les habitants plutôt qu'en leur nom ; la diversité des "
                   "participants plutôt que leur représentativité.</p>",
        guarantor="Un garant indépendant, désigné pour chaque atelier citoyen départemental",
        reporting_back_rules="Un avis écrit répond à chaque atelier citoyen.",
        evaluation="Évaluation par la mission démocratie participative tous les trois ans.",
        commitments=[
            _commitment(0, "Des ateliers citoyens départementaux",
                        "Des habitants tirés au sort rendent un avis sur une politique "
                        "départementale.", "concertation", "guarantor",
                        "avis rendus et réponses publiées"),
            _commitment(1, "Des conseils cantonaux de concertation",
                        "Chaque canton dispose d'un lieu de dialogue entre élus, services et "
                        "habitants.", "concertation", "reporting_back"),
            _commitment(2, "Former les agents",
                        "Un réseau de référents internes accompagne les services qui "
                        "concertent.", "information", "other"),
        ],
    ))
    adopt_version(page, adopted_on=date(2015, 2, 9),
                  deliberation_reference="Délibération n° DPC/2015/014")


def _kingersheim(index, territory):
    _publish(index, CharterPage(
        slug="kingersheim-guide-concertation", title="Guide pratique de la concertation",
        territory=territory, kind=CharterKind.PRACTICAL_GUIDE,
        authored_by=CharterAuthors.CITIZENS, status=CharterStatus.CONSULTATION,
        scope="Les projets d'aménagement et d'équipement de la commune.",
        principles="<p>Chaque projet commence par un temps d'écoute ; les contraintes "
                   "techniques et financières sont expliquées simplement.</p>",
        follow_up_commission="Une commission des suites, composée d'habitants volontaires.",
        reporting_back_rules="Un compte rendu est publié après chaque atelier.",
        commitments=[
            _commitment(0, "Expliquer le cadre",
                        "Le budget, les délais et ce qui reste à décider sont présentés "
                        "dès le premier atelier.", "information", "public_report"),
            _commitment(1, "Co-construire les projets d'équipement",
                        "Un groupe d'habitants travaille avec les services du diagnostic "
                        "jusqu'au choix final.", "co-construction", "commission",
                        "projets d'équipement menés en co-construction"),
        ],
    ))
