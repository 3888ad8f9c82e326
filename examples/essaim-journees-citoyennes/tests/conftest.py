# Essaim's fixtures for plugins: ``home``, and search indexes of each test's own.
from core.testing import essaim_search_indexes, home  # noqa: F401
