import pytest


@pytest.fixture
def committed_visits(transactional_db, migrated_data):
    """A home page and the demo's civic visits, committed, for tests whose other processes
    (a worker) must see them: the rest of the demo is not needed."""
    from wagtail.models import Page, Site

    from core.models import HomePage
    from plugins.visits.demo import create_demo_visits
    from tests.conftest import restore_migration_data

    restore_migration_data(migrated_data)
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Accueil",
                                                                  slug="accueil"))
    Site.objects.filter(is_default_site=True).update(root_page=home)
    create_demo_visits(home)


def read_mail_dir(directory):
    """The messages the file email backend wrote, parsed."""
    from email import message_from_string, policy

    messages = []
    for path in sorted(directory.iterdir()):
        for raw in path.read_text().split("-" * 79 + "\n"):
            if raw.strip():
                messages.append(message_from_string(raw, policy=policy.default))
    return messages
