import pytest
from django.core.management import call_command


@pytest.fixture
def committed_demo(transactional_db, migrated_data):
    """The demo committed, for tests whose other processes (a worker) must see it."""
    from io import StringIO

    from tests.conftest import restore_migration_data

    restore_migration_data(migrated_data)
    call_command("demo", stdout=StringIO())


def read_mail_dir(directory):
    """The messages the file email backend wrote, parsed."""
    from email import message_from_string, policy

    messages = []
    for path in sorted(directory.iterdir()):
        for raw in path.read_text().split("-" * 79 + "\n"):
            if raw.strip():
                messages.append(message_from_string(raw, policy=policy.default))
    return messages
