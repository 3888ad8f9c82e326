"""Filters of the /visites/ list: institution, month, accessibility, seats left."""

import datetime

from django.utils import timezone

from .models import VisitPage, VisitSlot


def filter_slots(params, now=None):
    slots = VisitSlot.objects.upcoming(now).select_related("page", "page__image")
    institutions = sorted(set(VisitPage.objects.live().values_list("institution", flat=True)))
    institution = params.get("institution", "")
    if institution:
        slots = slots.filter(page__institution=institution)
    month = params.get("mois", "")
    if month:
        try:
            first = datetime.datetime.strptime(month, "%Y-%m")
        except ValueError:
            month = ""
        else:
            start = timezone.make_aware(first)
            end = timezone.make_aware(datetime.datetime(first.year + first.month // 12,
                                                        first.month % 12 + 1, 1))
            slots = slots.filter(starts_at__gte=start, starts_at__lt=end)
    accessible = params.get("accessible") == "1"
    if accessible:
        slots = slots.filter(page__reduced_mobility_access=True)
    seats_left = params.get("places") == "1"
    slots = list(slots.prefetch_related("page__image__renditions")[:300])
    if seats_left:
        slots = [slot for slot in slots if slot.seats_left > 0]
    # Only the dates: without the seats counted for every upcoming slot.
    months = sorted({timezone.localtime(starts_at).date().replace(day=1) for starts_at in
                     VisitSlot.objects.upcoming(now).values_list("starts_at", flat=True)})
    months = [(first.strftime("%Y-%m"), first) for first in months]
    return {"slots": slots, "institutions": institutions, "months": months,
            "filters": {"institution": institution, "mois": month, "accessible": accessible,
                        "places": seats_left}}
