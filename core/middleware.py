"""Request hygiene applied before any view runs, and the security headers of responses."""

from csp.middleware import CSPMiddleware

from core.text import clean_query_dict

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class StripControlCharactersMiddleware:
    """Remove control characters from every query-string and form value.

    One place for every form and query string of the site and the admin, so no
    view can forget it. Files are left as they are; their content is validated
    by what accepts them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_query_dict(request.GET)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = clean_query_dict(request.POST)
        return self.get_response(request)


ADMIN_PREFIX = "/admin/"
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics"))


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY: scripts and
    styles from our own origin only, so cached pages need no nonce), loosened for the
    Wagtail admin — whose editor still relies on inline styles and scripts — and framed
    only by itself there (its preview panel); plus a Permissions-Policy on every response."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            from django.conf import settings

            parts.replace = {**(parts.replace or {}), **settings.ESSAIM_ADMIN_CSP}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
