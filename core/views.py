from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from core.health import overall_status
from core.validators import HEX_COLOUR


@never_cache
@require_GET
def healthz(request):
    payload, status = overall_status()
    return JsonResponse(payload, status=status)


@require_GET
@never_cache
def csrf_token(request):
    """This visitor's CSRF token, for the forms of pages served from the shared page cache
    (core/static/core/js/forms.js); sets the CSRF cookie when there is none."""
    return JsonResponse({"token": get_token(request)})


@require_GET
def theme_css(request):
    """The site's brand colour as a stylesheet (no inline style: the CSP allows none).
    Linked with the colour in its query string, so browsers may keep it for a year."""
    from wagtail.models import Site

    from core.models import BrandingSettings

    site = Site.find_for_request(request)
    colour = BrandingSettings.for_site(site).primary_colour if site else "#1f4e79"
    if not HEX_COLOUR.match(colour or ""):
        colour = "#1f4e79"
    response = HttpResponse(f":root {{ --essaim-primary: {colour}; }}\n",
                            content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def territory_suggestions(request):
    """Territories whose name, postal code or INSEE code starts with ?q=, for the
    autocomplete: at most ?limit= (10 by default, 20 at most), two indexed queries."""
    from core.territories import DEFAULT_LIMIT, suggestions

    try:
        limit = int(request.GET.get("limit", DEFAULT_LIMIT))
    except ValueError:
        limit = DEFAULT_LIMIT
    response = JsonResponse({"results": suggestions(request.GET.get("q", "")[:100], limit)})
    # The same answer for everyone until the list is next loaded.
    response["Cache-Control"] = "public, max-age=3600"
    return response
