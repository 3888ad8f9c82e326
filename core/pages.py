"""Page querysets shared by every plugin's pages and home sections."""

from django.db.models import Q


def restricted_paths() -> list[str]:
    """The tree paths of the pages behind a view restriction (password, members…), read
    once per change of the page tree (core.pagecache.remember) instead of once per query."""
    from wagtail.models import PageViewRestriction

    from core.pagecache import remember

    return remember("view-restrictions", ["wagtailcore"], lambda: sorted(
        PageViewRestriction.objects.values_list("page__path", flat=True)))


def public(queryset):
    """``queryset.public()``: without the pages behind a view restriction and their
    descendants. Wagtail's reads every restriction each time it is called; a home page
    calling it for each section paid a query each."""
    condition = Q()
    for path in restricted_paths():
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset
