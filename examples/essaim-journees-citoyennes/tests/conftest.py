"""Fixtures for the plugin's tests (Essaim's own tests/conftest.py is not visible here)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db):
    """The site as `essaim demo` builds it, this plugin's demo volunteer day included."""
    call_command("demo", stdout=StringIO())
    from core.models import HomePage

    return HomePage.objects.get()
