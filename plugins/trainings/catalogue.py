"""Filters of the /formations/ catalogue: topic, audience, format, dates, seats left."""

import datetime

from django.db.models import Count
from django.utils import timezone

from .models import (
    AUDIENCE_FIELDS,
    Audience,
    LearningPathPage,
    TrainingFormat,
    TrainingModulePage,
    TrainingSession,
    TrainingTopic,
)

PERIODS = {"7": 7, "30": 30, "90": 90}


def filter_catalogue(params, now=None):
    now = now or timezone.now()
    modules = TrainingModulePage.objects.live().select_related("topic").order_by("title")
    sessions = TrainingSession.objects.upcoming(now).select_related("module").prefetch_related(
        "parts")
    topic = params.get("theme", "")
    if topic:
        modules = modules.filter(topic__slug=topic)
    audience = params.get("public", "")
    if audience in AUDIENCE_FIELDS:
        modules = modules.filter(**{AUDIENCE_FIELDS[audience]: True})
    else:
        audience = ""
    training_format = params.get("format", "")
    if training_format in TrainingFormat.values:
        modules = modules.filter(format=training_format)
    else:
        training_format = ""
    period = params.get("periode", "")
    if period in PERIODS:
        sessions = sessions.filter(offering__starts_at__lt=now + datetime.timedelta(
            days=PERIODS[period]))
    else:
        period = ""
    seats_left = params.get("places") == "1"
    sessions = [s for s in sessions.filter(module__in=modules)[:300]
                if not seats_left or s.seats_left > 0]
    if period or seats_left:
        module_ids = {s.module_id for s in sessions}
        modules = modules.filter(pk__in=module_ids)
    modules = list(modules.select_related("image").prefetch_related("image__renditions"))
    next_sessions = {}
    for session in sessions:  # soonest first
        next_sessions.setdefault(session.module_id, session)
    for module in modules:
        module.next_session = next_sessions.get(module.pk)
    return {
        "modules": modules, "sessions": sessions,
        "paths": list(LearningPathPage.objects.live().order_by("title").annotate(
            module_count=Count("path_modules"))),
        "topics": list(TrainingTopic.objects.all()), "audiences": Audience.choices,
        "formats": TrainingFormat.choices, "periods": list(PERIODS),
        "filters": {"theme": topic, "public": audience, "format": training_format,
                    "periode": period, "places": seats_left},
    }
