"""Request hygiene applied before any view runs."""

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
