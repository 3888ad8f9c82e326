import pytest

from .instances import Instance


@pytest.fixture(scope="session")
def instance_a(embedded_demo):
    """Another Essaim (“Ville d'Allonnes”), its demo published, served on loopback."""
    var_dir, _output = embedded_demo("instance-a")
    instance = Instance(var_dir, "Ville d'Allonnes")
    instance.build()
    instance.start()
    yield instance
    instance.stop()
