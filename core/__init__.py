"""Essaim core: settings, plugin manager, shared models, bookings engine, theme and CLI."""

__version__ = "0.1.0"

from .celery import app as celery_app  # noqa: E402

__all__ = ["__version__", "celery_app"]
