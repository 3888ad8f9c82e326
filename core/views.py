from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import overall_status
from core.validators import HEX_COLOUR


@never_cache
@require_GET
def healthz(request):
    payload, status = overall_status()
    return JsonResponse(payload, status=status)


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
