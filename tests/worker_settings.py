"""Settings of the Celery worker processes the fault tests start: the test database,
the broker the test gives, emails written as files the test reads."""

import os

from core.settings.test import *  # noqa: F403
from core.settings.test import DATABASES

CELERY_TASK_ALWAYS_EAGER = False
DATABASES["default"]["NAME"] = os.environ["ESSAIM_TEST_DATABASE"]
DATABASES["default"]["TEST"] = {"NAME": os.environ["ESSAIM_TEST_DATABASE"]}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["ESSAIM_TEST_MAIL_DIR"]
# The beat of the fault tests flushes the outbox every second.
CELERY_BEAT_SCHEDULE = {"outbox-flush": {"task": "outbox.flush", "schedule": 1.0}}
