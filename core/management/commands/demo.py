import secrets
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from core.demo import ensure_child_page
from core.links import align_default_site
from core.models import BrandingSettings, HomePage, StandardPage, Territory
from core.plugin_manager import get_plugin_manager
from core.territories import load_territories

# Public facts about real local authorities (INSEE codes, populations rounded).
DEMO_TERRITORIES = [
    ("Blois", "41018", "commune", 46_000, "Loir-et-Cher", "centre-val-de-loire", 47.5861, 1.3359),
    ("Allonnes", "72003", "commune", 11_200, "Sarthe", "pays-de-la-loire", 47.9686, 0.1606),
    ("Créteil", "94028", "commune", 92_000, "Val-de-Marne", "ile-de-france", 48.7904, 2.4556),
    ("Sevran", "93071", "commune", 51_000, "Seine-Saint-Denis", "ile-de-france", 48.9386, 2.5275),
    ("Saillans", "26289", "commune", 1_300, "Drôme", "auvergne-rhone-alpes", 44.6967, 5.1953),
    ("Kingersheim", "68166", "commune", 13_000, "Haut-Rhin", "grand-est", 47.7917, 7.3264),
    ("Amiens Métropole", "248000531", "intercommunalite", 180_000, "Somme", "hauts-de-france",
     49.8942, 2.2957),
    ("Département du Nord", "59", "departement", 2_600_000, "Nord", "hauts-de-france",
     50.6292, 3.0573),
    ("Département du Val-de-Marne", "94", "departement", 1_400_000, "Val-de-Marne",
     "ile-de-france", 48.7904, 2.4556),
]

LEGAL_PAGES = {
    "accessibilite": (
        "Déclaration d'accessibilité",
        "<p>Ce site vise la conformité au référentiel général d'amélioration de "
        "l'accessibilité (RGAA 4.1). Il est partiellement conforme : un audit complet reste à "
        "mener.</p><h2>Signaler un défaut</h2><p>Si un contenu vous est inaccessible, écrivez à "
        "l'équipe du site : nous vous répondrons et vous proposerons une alternative.</p>"
        "<h2>Voie de recours</h2><p>Sans réponse satisfaisante, vous pouvez saisir le "
        "Défenseur des droits.</p>",
    ),
    "mentions-legales": (
        "Mentions légales",
        "<p>Éditeur : la collectivité qui héberge cette instance d'Essaim. Directeur de la "
        "publication : à compléter. Hébergeur : à compléter.</p><p>Les fiches pratiques sont "
        "publiées sous licence Creative Commons BY-SA 4.0 sauf mention contraire. Le logiciel "
        "Essaim est un logiciel libre sous licence AGPL.</p>",
    ),
    "donnees-personnelles": (
        "Données personnelles",
        "<p>Nous ne collectons que les données nécessaires au service demandé (inscription à "
        "une visite ou une formation, compte professionnel, soutien à une charte). Aucun "
        "traceur tiers n'est utilisé.</p><p>Chaque courriel contient un lien vers "
        "<a href=\"/mes-donnees/\">Mes données</a>, où vous pouvez consulter, télécharger "
        "ou effacer tout ce que ce site conserve sur votre adresse.</p>"
        "<h2>Ce que nous conservons, pourquoi et combien de temps</h2>",
    ),
}


def personal_data_register_html():
    """The register of every source (core.personal_data), as the page's rich text."""
    from django.utils import translation
    from django.utils.html import escape

    from core.personal_data import register

    with translation.override("fr"):
        items = "".join(f"<li><b>{escape(row['label'])}</b> — {escape(row['kept'])} "
                        f"Durée : {escape(row['retention'])}</li>" for row in register())
    return f"<ul>{items}</ul>"


class Command(BaseCommand):
    help = "Migrate the database, create demo content and an admin account (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@essaim.localhost")

    def handle(self, *args, username, email, **options):
        call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            home = self.ensure_home()
            self.ensure_footer_pages(home)
            self.ensure_territories()
            get_plugin_manager().hook.demo_content(home_page=home)
        if settings.ESSAIM_BASE_URL:
            align_default_site(settings.ESSAIM_BASE_URL)
        self.ensure_admin(username, email)
        self.stdout.write(self.style.SUCCESS("Demo ready: run `essaim run` and open "
                                             "http://127.0.0.1:8000/ (admin at /admin/)."))

    def ensure_home(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title="Essaim", slug="accueil", show_in_menus=False,
                intro="Partager ce qui marche en participation citoyenne : pratiques, chartes, "
                      "formations et visites citoyennes.",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            site = Site.objects.filter(is_default_site=True).first()
            welcome = site.root_page if site else None
            if site is None:
                Site.objects.create(hostname="localhost", port=80, root_page=home,
                                    is_default_site=True, site_name="Essaim")
            else:
                site.root_page, site.site_name = home, "Essaim"
                site.save()
            # Wagtail's placeholder page, replaced by our home.
            if welcome is not None and welcome.specific_class is Page:
                welcome.delete()
        return home

    def ensure_footer_pages(self, home):
        bodies = {slug: body + (personal_data_register_html()
                                if slug == "donnees-personnelles" else "")
                  for slug, (_title, body) in LEGAL_PAGES.items()}
        pages = {slug: ensure_child_page(home, StandardPage, slug=slug, title=title,
                                         body=bodies[slug])
                 for slug, (title, _body) in LEGAL_PAGES.items()}
        branding = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
        branding.accessibility_page = branding.accessibility_page or pages["accessibilite"]
        branding.legal_notice_page = branding.legal_notice_page or pages["mentions-legales"]
        branding.privacy_page = branding.privacy_page or pages["donnees-personnelles"]
        branding.save()

    def ensure_territories(self):
        # Every official territory (the demo ones among them), then the demo ones' map
        # coordinates, which the official list does not carry.
        started = time.monotonic()
        result = load_territories()
        if result["created"] or result["updated"]:
            self.stdout.write(f"Territories: {result['created']} created, {result['updated']} "
                              f"updated in {time.monotonic() - started:.1f} s.")
        for name, code, kind, population, departement, region, lat, lon in DEMO_TERRITORIES:
            territory, created = Territory.objects.get_or_create(insee_code=code, defaults=dict(
                name=name, kind=kind, population=population, departement=departement,
                region=region, latitude=lat, longitude=lon))
            if not created and territory.latitude is None:
                Territory.objects.filter(pk=territory.pk).update(latitude=lat, longitude=lon)

    def ensure_admin(self, username, email):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account {username!r} already exists; its password is "
                              f"unchanged (reset it with `essaim changepassword {username}`).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.WARNING(
            f"Admin account created (shown once): username {username!r}, password {password!r}"))
