"""Beat entries of the sign-up engine; importable before Django is set up.

Core's settings schedule them once for every offering, whichever plugins
(visits, trainings, a city's own) use the engine. Every task is idempotent,
so a late or repeated run is harmless.
"""

ENGINE_TASKS = {
    "send-reminders": ("core.bookings.tasks.send_due_reminders", 15 * 60),
    "expire-offers": ("core.bookings.tasks.expire_offers", 5 * 60),
    "feedback-requests": ("core.bookings.tasks.send_due_feedback_requests", 60 * 60),
}

BEAT_SCHEDULE = {f"bookings-{name}": {"task": task, "schedule": seconds}
                 for name, (task, seconds) in ENGINE_TASKS.items()}
