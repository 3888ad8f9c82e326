"""French formats: Django's, with the narrow no-break space (U+202F) that French
typography puts between groups of thousands ("92 000 habitants")."""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
