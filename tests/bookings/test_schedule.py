"""The engine's periodic tasks are scheduled once, by core, whichever plugins use it."""

import os
import subprocess
import sys

from django.conf import settings

ENGINE_TASKS = {"core.bookings.tasks.send_due_reminders", "core.bookings.tasks.expire_offers",
                "core.bookings.tasks.send_due_feedback_requests",
                "core.tasks.purge_personal_data"}


def test_each_engine_task_is_scheduled_exactly_once():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    for task in ENGINE_TASKS:
        assert tasks.count(task) == 1, task


def test_engine_tasks_stay_scheduled_when_the_plugins_using_them_are_disabled(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(' '.join(sorted(e['task'] for e in s.CELERY_BEAT_SCHEDULE.values())))")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False,
        env={"PATH": os.environ["PATH"], "ESSAIM_VAR_DIR": str(tmp_path),
             "DJANGO_SETTINGS_MODULE": "core.settings.dev",
             "ESSAIM_DISABLED_PLUGINS": "visits,trainings"})
    assert result.returncode == 0, result.stderr
    assert ENGINE_TASKS <= set(result.stdout.split())
