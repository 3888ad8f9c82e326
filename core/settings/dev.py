"""Embedded default: what `essaim demo` and `essaim run` use."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)


def _local_secret_key():
    """A random key kept in var/ so sessions survive restarts; never a fixed key."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()

# Instances on this machine federate with each other over loopback (the demo, tests).
ESSAIM_REMOTE_ALLOW_HTTP = env_bool("ESSAIM_REMOTE_ALLOW_HTTP", True)
ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = env_bool("ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES", True)
