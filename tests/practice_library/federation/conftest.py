import pytest

from .instances import Instance


@pytest.fixture(scope="session")
def instance_a(tmp_path_factory):
    """Another Essaim (“Ville d'Allonnes”), its demo published, served on loopback."""
    instance = Instance(tmp_path_factory.mktemp("instance-a"), "Ville d'Allonnes")
    instance.build()
    instance.start()
    yield instance
    instance.stop()
