import itertools

import pytest

from plugins.charters.models import CharterIndexPage, CharterPage, Commitment

_slugs = itertools.count(1)


@pytest.fixture
def charter_index(demo_site):
    return CharterIndexPage.objects.get()


@pytest.fixture
def make_charter(charter_index):
    """Publish a charter under /chartes/; commitments as (title, text, level, guarantee)."""
    from core.models import Territory

    def make(title="Charte de test", commitments=(), territory=None, **fields):
        page = CharterPage(
            title=title, slug=f"charte-test-{next(_slugs)}",
            territory=territory or Territory.objects.get(insee_code="41018"), **fields,
            commitments=[Commitment(sort_order=i, title=t, text=text, level=level,
                                    guarantee_kind=guarantee)
                         for i, (t, text, level, guarantee) in enumerate(commitments)])
        charter_index.add_child(instance=page)
        page.save_revision().publish()
        return CharterPage.objects.get(pk=page.pk)

    return make
