"""Wagtail's workflow buttons and history put our workflow's and task's names inside a
sentence ("Soumettre à Modération des contributions"). core's catalogue, which Django
prefers to Wagtail's (core comes first in INSTALLED_APPS), quotes them instead; the
msgids are declared here so that makemessages keeps them."""

from django.utils.translation import gettext_noop

WAGTAIL_WORDING = (
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
)
