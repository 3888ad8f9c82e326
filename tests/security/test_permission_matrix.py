"""Who may do what, for every URL of the site and every role: generated from the URL
configuration, so a URL added without a row here fails the suite.

Roles: anonymous, a resident holding the links emailed to them (and nothing else), a
professional, two trainers (A leads the session tried, B does not), a moderator, an
editor, a superuser. Each cell is "ok" (served or redirected on), "login" (sent to log
in) or "refused" (400, 403, 404, 405, 410). A resident's links tried by anyone else are
tried with a forged token: they only hold their own.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .matrix import ROLES, build_world, fill, outcome, request, url_patterns

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous", "resident"}
STAFF = {"moderator", "editor", "superuser"}
TRAINERS = {"trainer_a", "trainer_b"}
ADMIN_USERS = STAFF | TRAINERS  # the groups with access to the Wagtail admin


def only(*roles, login=True):
    """Allowed for ``roles``; the others refused, or sent to log in when anonymous."""
    allowed = set(roles)
    return {role: "ok" if role in allowed else
            ("login" if login and role in ("anonymous", "resident") else "refused")
            for role in ROLES}


OPEN = only(*ALL)
RESIDENT = {role: "ok" if role == "resident" else "refused" for role in ROLES}
CLOSED = {role: "refused" for role in ROLES}


def pdf():
    return SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
                              content_type="application/pdf")


def forged(token):
    return token[:-4] + ("abcd" if not token.endswith("abcd") else "wxyz")


def token_for(world, role, name):
    token = world.tokens[name]
    return token if role == "resident" else forged(token)


# name → (method, builder(world, role) → path [, data], expected outcomes by role)
FRONT = {
    "healthz": ("get", lambda w, r: "/healthz", OPEN),
    "theme_css": ("get", lambda w, r: "/theme.css", OPEN),
    "csrf_token": ("get", lambda w, r: "/jeton-formulaire/", OPEN),
    "wagtaildocs_serve": ("get", lambda w, r: w.objects["document"].url, OPEN),
    "wagtaildocs_authenticate_with_password": (
        "get", lambda w, r: "/documents/authenticate_with_password/999999/", CLOSED),
    "wagtailapi:pages:listing": ("get", lambda w, r: "/api/v2/pages/", OPEN),
    "wagtailapi:pages:detail": ("get", lambda w, r: f"/api/v2/pages/{w.objects['sheet'].pk}/",
                                OPEN),
    "wagtailapi:pages:find": ("get", lambda w, r: f"/api/v2/pages/find/?html_path="
                              f"{w.objects['sheet'].url}", OPEN),
    "wagtailapi:images:listing": ("get", lambda w, r: "/api/v2/images/", OPEN),
    "wagtailapi:images:detail": ("get", lambda w, r: "/api/v2/images/999999/", CLOSED),
    "wagtailapi:images:find": ("get", lambda w, r: "/api/v2/images/find/?id=999999", CLOSED),
    "wagtailapi:documents:listing": ("get", lambda w, r: "/api/v2/documents/", OPEN),
    # A session's material is listed to those its collection is restricted to (Wagtail's
    # rule); anyone else is told it does not exist.
    "wagtailapi:documents:detail": (
        "get", lambda w, r: f"/api/v2/documents/{w.objects['private_document'].pk}/",
        only("moderator", "editor", "superuser", login=False)),
    "wagtailapi:documents:find": (
        "get", lambda w, r: f"/api/v2/documents/find/?id={w.objects['private_document'].pk}",
        only("moderator", "editor", "superuser", login=False)),
    "set_language": ("post", lambda w, r: ("/i18n/setlang/", {"language": "en"}), OPEN),
    "sitemap": ("get", lambda w, r: "/sitemap.xml", OPEN),
    "search:search": ("get", lambda w, r: "/recherche/?q=budget", OPEN),
    "search:suggest": ("get", lambda w, r: "/recherche/suggestions/?q=bud", OPEN),
    "territory_suggestions": ("get", lambda w, r: "/territoires/suggestions/?q=blois", OPEN),
    "charters:compare": ("get", lambda w, r: "/chartes/comparer/", OPEN),
    "practice_federation:actor": ("get", lambda w, r: "/federation/", OPEN),
    "practice_federation:outbox": ("get", lambda w, r: "/federation/outbox", OPEN),
    "practice_federation:context": ("get", lambda w, r: "/federation/context.jsonld", OPEN),
    "practice_federation:sheet": (
        "get", lambda w, r: f"/federation/fiches/{w.objects['sheet_key']}", OPEN),
    "practice_library:remote_sheet": (
        "get", lambda w, r: w.objects["remote_sheet"].get_absolute_url(), OPEN),
    "practice_library:feed": ("get", lambda w, r: "/pratiques/flux.atom", OPEN),
    "practice_library:dashboard": ("get", lambda w, r: "/pratiques/contribuer/",
                                   only("professional", *STAFF) | {"trainer_a": "refused",
                                                                   "trainer_b": "refused"}),
    "practice_library:create": ("get", lambda w, r: "/pratiques/contribuer/nouvelle/",
                                only("professional", *STAFF)),
    "practice_library:review": (
        "get", lambda w, r: f"/pratiques/contribuer/{w.objects['draft'].pk}/relecture/",
        only("professional", "moderator", "editor", "superuser")),
    "practice_library:submit": (
        "post", lambda w, r: (f"/pratiques/contribuer/{w.objects['draft'].pk}/soumettre/", {}),
        only("professional", "moderator", "editor", "superuser")),
    "practice_library:step": (
        "get", lambda w, r: f"/pratiques/contribuer/{w.objects['draft'].pk}/essentiel/",
        only("professional", "moderator", "editor", "superuser")),
    "trainings:sign_up": (
        "get", lambda w, r: f"/formations/sessions/{w.objects['session'].pk}/inscription/", OPEN),
    "trainings:calendar": (
        "get", lambda w, r: f"/formations/sessions/{w.objects['session'].pk}/calendrier.ics",
        OPEN),
    "trainings:calendar_feed": ("get", lambda w, r: "/formations/calendrier.ics", OPEN),
    "trainings:my_booking": (
        "get", lambda w, r: f"/formations/inscription/{token_for(w, r, 'training')}/", RESIDENT),
    "trainings:my_booking_material": (
        "get", lambda w, r: f"/formations/inscription/{token_for(w, r, 'training')}/documents/"
                            f"{w.objects['material'].pk}/", RESIDENT),
    "trainings:my_booking_certificate": (
        "get", lambda w, r: f"/formations/inscription/{token_for(w, r, 'training')}/"
                            f"attestations/{w.objects['certificate'].code}.pdf", RESIDENT),
    "trainings:my_trainings": ("get", lambda w, r: "/formations/mes-formations/",
                               only(*SIGNED_IN)),
    # The resident's certificate: nobody's account holds it.
    "trainings:my_certificate": (
        "get", lambda w, r: f"/formations/mes-formations/attestations/"
                            f"{w.objects['certificate'].code}.pdf", only()),
    "trainings:workspace": ("get", lambda w, r: "/formations/espace-formateur/",
                            only(*TRAINERS)),
    "trainings:workspace_session": (
        "get", lambda w, r: f"/formations/espace-formateur/sessions/{w.objects['session'].pk}/",
        only("trainer_a")),
    "trainings:workspace_attendance": (
        "post", lambda w, r: (f"/formations/espace-formateur/sessions/"
                              f"{w.objects['session'].pk}/presences/{w.objects['part'].pk}/",
                              {}), only("trainer_a")),
    "trainings:workspace_export": (
        "get", lambda w, r: f"/formations/espace-formateur/sessions/"
                            f"{w.objects['session'].pk}/inscrits.csv", only("trainer_a")),
    "trainings:workspace_message": (
        "post", lambda w, r: (f"/formations/espace-formateur/sessions/"
                              f"{w.objects['session'].pk}/message/",
                              {"subject": "Salle", "body": "Salle 4"}), only("trainer_a")),
    "trainings:workspace_material": (
        "post", lambda w, r: (f"/formations/espace-formateur/sessions/"
                              f"{w.objects['session'].pk}/documents/",
                              {"title": "Plan", "file": pdf()}), only("trainer_a")),
    "trainings:workspace_material_download": (
        "get", lambda w, r: f"/formations/espace-formateur/sessions/{w.objects['session'].pk}"
                            f"/documents/{w.objects['material'].pk}/", only("trainer_a")),
    "trainings:check_certificate": ("get", lambda w, r: "/attestations/", OPEN),
    "trainings:verify_certificate": (
        "get", lambda w, r: f"/attestations/{w.objects['certificate'].code}", OPEN),
    "visits:sign_up": (
        "get", lambda w, r: f"/visites/creneaux/{w.objects['slot'].pk}/inscription/", OPEN),
    "visits:calendar": (
        "get", lambda w, r: f"/visites/creneaux/{w.objects['slot'].pk}/calendrier.ics", OPEN),
    "visits:calendar_feed": ("get", lambda w, r: "/visites/calendrier.ics", OPEN),
    # The example city plugin, when installed.
    "essaim_journees_citoyennes:sign_up": (
        "get", lambda w, r: f"/journees-citoyennes/{day_pk()}/inscription/", OPEN),
    "essaim_journees_citoyennes:calendar": (
        "get", lambda w, r: f"/journees-citoyennes/{day_pk()}/calendrier.ics", OPEN),
    "essaim_journees_citoyennes:calendar_feed": (
        "get", lambda w, r: "/journees-citoyennes/calendrier.ics", OPEN),
    "accounts:signup": ("get", lambda w, r: "/compte/inscription/", OPEN),
    "accounts:signup_done": ("get", lambda w, r: "/compte/inscription/envoyee/", OPEN),
    "accounts:verify": (
        "get", lambda w, r: "/compte/verifier/{}/{}/".format(
            w.tokens["verify"][0], w.tokens["verify"][1] if r == "resident"
            else forged(w.tokens["verify"][1])), RESIDENT),
    "accounts:login": ("get", lambda w, r: "/compte/connexion/", OPEN),
    "accounts:logout": ("post", lambda w, r: ("/compte/deconnexion/", {}), OPEN),
    "accounts:delete": ("get", lambda w, r: "/compte/supprimer/", only(*SIGNED_IN)),
    "accounts:password_reset": ("get", lambda w, r: "/compte/mot-de-passe/", OPEN),
    "accounts:password_reset_done": ("get", lambda w, r: "/compte/mot-de-passe/envoye/", OPEN),
    # Django shows an "invalid link" page (200) for a forged token: nothing is granted.
    "accounts:password_reset_confirm": (
        "get", lambda w, r: "/compte/mot-de-passe/{}/{}/".format(
            w.tokens["reset"][0], forged(w.tokens["reset"][1])), OPEN),
    "personal_data:request": ("get", lambda w, r: "/mes-donnees/", OPEN),
    "personal_data:manage": (
        "get", lambda w, r: f"/mes-donnees/{token_for(w, r, 'my_data')}/", RESIDENT),
    "bookings:confirm": (
        "get", lambda w, r: f"/inscriptions/confirmer/{token_for(w, r, 'confirm')}/", RESIDENT),
    "bookings:manage": (
        "get", lambda w, r: f"/inscriptions/gerer/{token_for(w, r, 'manage')}/", RESIDENT),
    "bookings:cancel": (
        "post", lambda w, r: (f"/inscriptions/gerer/{token_for(w, r, 'manage')}/annuler/", {}),
        RESIDENT),
    "bookings:accept_offer": (
        "post", lambda w, r: (f"/inscriptions/gerer/{token_for(w, r, 'manage')}/accepter/", {}),
        RESIDENT),
    "bookings:feedback": (
        "post", lambda w, r: (f"/inscriptions/gerer/{token_for(w, r, 'manage')}/avis/",
                              {"rating": "5"}), RESIDENT),
    "inscriptions/mes-donnees/": ("get", lambda w, r: "/inscriptions/mes-donnees/", OPEN),
    "wagtailcore_authenticate_with_password": (
        "get", lambda w, r: "/_util/authenticate_with_password/999999/999999/", CLOSED),
    "wagtailcore_login": ("get", lambda w, r: "/_util/login/", OPEN),
    "wagtail_serve": ("get", lambda w, r: w.objects["sheet"].url, OPEN),
}
# The charter's endorsement links are sub-pages of its page (Wagtail's routable pages).
CHARTER_ENDORSEMENT = RESIDENT


def day_pk():
    from core import kit

    return kit.model("essaim_journees_citoyennes.VolunteerDayPage").objects.get(
        slug="journee-matrice").pk


# Rows of plugins that may not be installed (the example plugin).
OPTIONAL = ("essaim_journees_citoyennes:",)


def front_rows():
    return [(route, name) for route, name in url_patterns() if not route.startswith("admin/")]


def test_every_public_url_has_a_row():
    names = {name for _route, name in front_rows()}
    rows = {name for name in FRONT if name in names or not name.startswith(OPTIONAL)}
    assert names == rows, (f"URLs without a row: {sorted(names - rows)}; "
                           f"rows without a URL: {sorted(rows - names)}")


def test_front_end_matrix(demo_site):
    world = build_world()
    differences = []
    names = {name for _route, name in front_rows()}
    for name, (method, build, expected) in sorted(FRONT.items()):
        if name not in names:  # an optional plugin that is not installed
            continue
        for role in ROLES:
            built = build(world, role)
            path, data = built if isinstance(built, tuple) else (built, None)
            got = outcome(request(world, role, method, path, data))
            if got != expected[role]:
                differences.append(f"{name} as {role}: {got}, expected {expected[role]}")
    charter = world.objects["charter"]
    for role in ROLES:
        token = world.tokens["endorsement"] if role == "resident" \
            else forged(world.tokens["endorsement"])
        got = outcome(request(world, role, "get",
                              f"{charter.url}soutenir/confirmer/?jeton={token}"))
        if got != CHARTER_ENDORSEMENT[role]:
            differences.append(f"endorsement confirmation as {role}: {got}")
        # A received sheet a moderator hid is nobody's to read here.
        got = outcome(request(world, role, "get",
                              world.objects["hidden_remote_sheet"].get_absolute_url()))
        if got != "refused":
            differences.append(f"hidden received sheet as {role}: {got}")
    assert differences == [], "\n".join(differences)


# --- the admin ---------------------------------------------------------------------------

# Wagtail's own screens that anyone may reach (the login and password-reset pages).
ADMIN_PUBLIC = {"wagtailadmin_login", "wagtailadmin_password_reset",
                "wagtailadmin_password_reset_done", "wagtailadmin_password_reset_confirm",
                "wagtailadmin_password_reset_complete", "wagtailadmin_logout",
                # the admin's icons and its JavaScript translations: static assets
                "wagtailadmin_sprite", "wagtailadmin_javascript_catalog"}


def admin_rows():
    return [(route, name) for route, name in url_patterns() if route.startswith("admin/")]


def test_no_admin_url_serves_anyone_without_admin_access(demo_site):
    """Every admin URL (Wagtail's and ours), generated: anonymous visitors, residents and
    professionals are sent to log in or refused, whatever the object asked for."""
    world = build_world()
    served = []
    for route, name in admin_rows():
        if name in ADMIN_PUBLIC:
            continue
        path = fill(route, {})
        for role in ("anonymous", "resident", "professional"):
            response = request(world, role, "get", path)
            if outcome(response) in ("ok", "error"):
                served.append(f"{path} ({name}) as {role}: {response.status_code}")
    assert served == [], "\n".join(served)


# Our own admin screens, explicitly, for every role. An area's views are grouped by what
# they do: "list" (index, results, choosers), "view" (inspect), "add" (add, create,
# copy), "edit" (edit, usage, history), "delete" (its confirmation page). A trainer's "edit"
# is tried on trainer A's session. Anonymous visitors and residents are sent to log in.
ORGANISERS = {"moderator", "editor", "superuser"}
SUPERUSER = {"superuser"}


def admin_only(*roles):
    """Allowed for ``roles``; anyone without admin access sent to the admin's login page."""
    return {role: "ok" if role in roles else
            ("login" if role in ("anonymous", "resident", "professional") else "refused")
            for role in ROLES}


def admin(**actions):
    return {action: admin_only(*roles) for action, roles in actions.items()}


ADMIN = {
    "bookings_admin_offerings": admin_only(*ORGANISERS),
    "bookings_admin_offering": admin_only(*ORGANISERS),
    "bookings_admin_export": admin_only(*ORGANISERS),
    "charters_new_from_template": admin_only(*ORGANISERS),
    "charters_adopt_version": admin_only("moderator", "superuser"),
    "outbox_retry": admin_only(*SUPERUSER),
    "outbox": admin(list=SUPERUSER, view=SUPERUSER, add=(), edit=(), delete=()),
    "lockouts": admin(list=SUPERUSER, add=SUPERUSER, edit=SUPERUSER, delete=SUPERUSER),
    "practice_federation_admin": admin(list=ORGANISERS, edit=ORGANISERS),
    "core_territory": admin(list=ORGANISERS, add=ORGANISERS, edit=ORGANISERS,
                            delete=ORGANISERS),
    # Endorsements come from the charter's page; organisers confirm, correct or remove one.
    "charters_endorsement": admin(list=ORGANISERS, add=SUPERUSER, edit=ORGANISERS,
                                  delete=ORGANISERS),
    "charters_followupreport": admin(list=ORGANISERS, add=ORGANISERS, edit=ORGANISERS,
                                     delete=ORGANISERS),
    "trainings_trainingsession": admin(list=ADMIN_USERS, add=ADMIN_USERS,
                                       edit={"trainer_a", *ORGANISERS}, delete=ORGANISERS),
    "trainings_trainingtopic": admin(list=ORGANISERS, add=ORGANISERS, edit=ORGANISERS,
                                     delete={"moderator", "superuser"}),
    # Certificates are issued, never written by hand; organisers revoke one (its edit form).
    "trainings_certificate": admin(list=ORGANISERS, add=SUPERUSER, edit=ORGANISERS,
                                   delete=SUPERUSER),
    "essaim_search_synonymgroup": admin(list={"moderator", "superuser"},
                                        add={"moderator", "superuser"},
                                        edit={"moderator", "superuser"},
                                        delete={"moderator", "superuser"}),
    "essaim_search_searchquerystat": admin(list={"moderator", "superuser"}, add=SUPERUSER,
                                           edit=SUPERUSER, delete=SUPERUSER),
    **{f"practice_library_{taxonomy}": admin(list=SUPERUSER, add=SUPERUSER, edit=SUPERUSER,
                                             delete=SUPERUSER)
       for taxonomy in ("challenge", "mechanism", "theme", "audience")},
}
ACTIONS = {"index": "list", "index_results": "list", "list": "list", "list_results": "list",
           "choose": "list", "choose_results": "list", "chosen_multiple": "list",
           "chosen": "list", "sheets": "list", "inspect": "view",
           "add": "add", "create": "add", "copy": "add",
           "edit": "edit", "usage": "edit", "history": "edit", "history_results": "edit",
           "delete": "delete"}
# Views that only take POST: tried with POST, an empty form.
POST_ONLY = {"practice_federation_admin:sync": "edit",
             "practice_federation_admin:unsubscribe": "edit",
             "practice_federation_admin:hide": "edit"}


def our_admin_rows():
    """Our admin URLs: our plain views, our viewsets, the snippets of our models."""
    from django.apps import apps

    labels = {config.label for config in apps.get_app_configs()
              if config.name.split(".")[0] in ("core", "plugins", "search")}
    snippet = re.compile(r"^wagtailsnippet(?:s|choosers)_(\w+?)_[a-z0-9]+:(\w+)$")
    rows = []
    for route, name in admin_rows():
        match = snippet.match(name)
        if match and any(name.startswith(f"wagtailsnippets_{label}_") or
                         name.startswith(f"wagtailsnippetchoosers_{label}_")
                         for label in labels):
            area = name.split(":")[0].split("_", 1)[1]
            rows.append((route, name, area, ACTIONS[match.group(2)]))
        elif name.split(":")[0] in ADMIN and ":" in name:
            area, action = name.split(":")
            rows.append((route, name, area, POST_ONLY.get(name) or ACTIONS[action]))
        elif name in ADMIN or (name != route and not name.startswith("wagtail")
                               and name not in ADMIN_PUBLIC):
            rows.append((route, name, name, None))
    return rows


def admin_objects(world):
    """The pk each area's one-object views are tried on."""
    from axes.models import AccessAttempt
    from django.apps import apps

    from core.outbox.models import OutboxMessage
    from plugins.charters.models import FollowUpReport
    from plugins.practice_library.federation.models import Subscription
    from search.models import SearchQueryStat

    charter = world.objects["charter"]
    commitment = charter.commitments.first()
    report = FollowUpReport.objects.create(commitment=commitment, summary="Fait",
                                           reported_on=timezone_week())
    stat = SearchQueryStat.objects.create(query="budget", searches=1, zero_results=0,
                                          week=timezone_week())
    attempt = AccessAttempt.objects.create(username="x@example.org", ip_address="203.0.113.9",
                                           user_agent="test", failures_since_start=1)
    pks = {"outbox": OutboxMessage.objects.first().pk, "lockouts": attempt.pk,
           "trainings_trainingsession": world.objects["session"].pk,
           "charters_followupreport": report.pk, "essaim_search_searchquerystat": stat.pk,
           "trainings_certificate": world.objects["certificate"].pk,
           "practice_federation_admin": Subscription.objects.first().pk,
           "practice_federation_admin:hide": world.objects["remote_sheet"].pk}
    for area in ADMIN:
        if area not in pks and "_" in area:
            label, model = area.rsplit("_", 1)
            try:
                pks[area] = apps.get_model(label, model).objects.first().pk
            except LookupError:
                pass
    return pks


def timezone_week():
    from django.utils import timezone

    today = timezone.localdate()
    return today - __import__("datetime").timedelta(days=today.weekday())


def test_every_admin_url_of_ours_has_a_row():
    missing = sorted(name for _route, name, area, _action in our_admin_rows()
                     if area not in ADMIN)
    assert missing == [], f"admin URLs without a row in ADMIN: {missing}"


def test_admin_matrix(demo_site):
    world = build_world()
    pks = admin_objects(world)
    values = {"offering_id": world.objects["offering"].pk, "fmt": "csv",
              "page_id": world.objects["charter"].pk}
    differences = []
    for route, name, area, action in our_admin_rows():
        expected = ADMIN[area] if action is None else ADMIN[area][action]
        path = fill(route, {**values, "pk": pks.get(name, pks.get(area, 999999))})
        method = "post" if name in POST_ONLY else "get"
        for role in ROLES:
            got = outcome(request(world, role, method, path))
            if got != expected[role]:
                differences.append(f"{name} ({path}) as {role}: {got}, "
                                   f"expected {expected[role]}")
    assert differences == [], "\n".join(differences)
