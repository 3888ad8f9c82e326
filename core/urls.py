from django.conf import settings
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import personal_data_views
from core.api import api_router
from core.plugin_manager import get_plugin_manager
from core.sitemap import PublicSitemap
from core.views import csrf_token, healthz, territory_suggestions, theme_css

plugin_urlpatterns = [
    pattern for patterns in get_plugin_manager().hook.urlpatterns() for pattern in (patterns or [])
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("theme.css", theme_css, name="theme_css"),
    path("jeton-formulaire/", csrf_token, name="csrf_token"),
    path("territoires/suggestions/", territory_suggestions, name="territory_suggestions"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # Without a CSRF token, so the footer's language switch keeps every page cacheable:
    # a forged request could only change a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("", include("search.urls")),
    *plugin_urlpatterns,
    path("compte/", include("core.accounts.urls")),
    path("mes-donnees/", include(([
        path("", personal_data_views.request_link, name="request"),
        path("<str:token>/", personal_data_views.manage, name="manage"),
    ], "personal_data"))),
    # The sign-up engine's resident pages (confirm, manage, my data), for every offering.
    path("inscriptions/", include("core.bookings.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
