"""Moderation emails through the outbox, one per person and event, in French first.

Wagtail's own notifiers send inline during the moderator's request (an SMTP
failure loses the email) and a superuser who is also a moderator receives two
"submitted" emails (one for the workflow, one for its task). These subclasses
keep Wagtail's choice of recipients and send through the outbox instead, with
an idempotency key per workflow, event and person. A page type may give its own
wording (``<app_label>/emails/moderation_<event>.txt``) and add to the context
with a ``moderation_email_context(workflow_state)`` method.
"""

from django.urls import reverse
from wagtail.admin import mail as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from core.links import absolute_url
from core.notifications import send_email_on_commit


def _page(workflow_state):
    obj = workflow_state.content_object
    return getattr(obj, "specific", obj)


def _templates(page, event):
    return [f"{page._meta.app_label}/emails/moderation_{event}",
            f"moderation/emails/{event}"]


def _context(workflow_state, recipient, **extra):
    page = _page(workflow_state)
    requester = workflow_state.requested_by
    context = {
        "recipient": recipient.get_full_name().strip(),  # or a plain "Bonjour," not "Bonjour admin"
        "title": str(page), "kind": str(page._meta.verbose_name),
        "url": absolute_url(page.url) if getattr(page, "live", False) and page.url else "",
        "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "requested_by": (requester.get_full_name() or requester.get_username())
        if requester else "",
        **extra,
    }
    if hasattr(page, "moderation_email_context"):
        context.update(page.moderation_email_context(workflow_state))
    return context


def _send(event, workflow_state, recipients, **extra):
    from django.template import TemplateDoesNotExist
    from django.template.loader import select_template

    page = _page(workflow_state)
    names = _templates(page, event)
    try:
        prefix = select_template([f"{name}.txt" for name in names]).template.name[:-4]
    except TemplateDoesNotExist:
        prefix = names[-1]
    for user in recipients:
        language = user.wagtail_userprofile.get_preferred_language() \
            if hasattr(user, "wagtail_userprofile") else None
        send_email_on_commit(prefix, [user.email], _context(workflow_state, user, **extra),
                             language=language or "fr",
                             key=f"moderation:{workflow_state.pk}:{event}:{user.pk}")
    return True


class Submitted(wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    def send_notifications(self, template_set, context, recipients, **kwargs):
        return _send("submitted", context["workflow_state"], recipients)

    def get_context(self, workflow_state, **kwargs):
        return {**super().get_context(workflow_state, **kwargs),
                "workflow_state": workflow_state}


class TaskSubmitted(wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    def send_notifications(self, template_set, context, recipients, **kwargs):
        task_state = context["task_state"]
        preview = absolute_url(reverse("wagtailadmin_pages:workflow_preview",
                                       args=[task_state.workflow_state.object_id,
                                             task_state.task_id]))
        # Same key as Submitted: a superuser who moderates gets one email, not two.
        return _send("submitted", task_state.workflow_state, recipients,
                     task=str(task_state.task), preview_url=preview)

    def get_context(self, task_state, **kwargs):
        return {**super().get_context(task_state, **kwargs), "task_state": task_state}


class Approved(wagtail_mail.WorkflowStateApprovalEmailNotifier):
    def send_notifications(self, template_set, context, recipients, **kwargs):
        return _send("approved", context["workflow_state"], recipients,
                     comment=_last_comment(context["workflow_state"]))

    def get_context(self, workflow_state, **kwargs):
        return {**super().get_context(workflow_state, **kwargs),
                "workflow_state": workflow_state}


class Rejected(wagtail_mail.WorkflowStateRejectionEmailNotifier):
    def send_notifications(self, template_set, context, recipients, **kwargs):
        return _send("rejected", context["workflow_state"], recipients,
                     comment=_last_comment(context["workflow_state"]))

    def get_context(self, workflow_state, **kwargs):
        return {**super().get_context(workflow_state, **kwargs),
                "workflow_state": workflow_state}


def _last_comment(workflow_state):
    task_state = (workflow_state.task_states.exclude(comment="")
                  .order_by("-finished_at", "-pk").first())
    return task_state.comment if task_state else ""


def replace_wagtail_notifiers():
    for signal, sender, uid, notifier in (
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
         TaskSubmitted()),
        (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
         Submitted()),
        (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification",
         Rejected()),
        (workflow_approved, WorkflowState, "workflow_state_approved_email_notification",
         Approved()),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=f"essaim_{uid}", weak=False)
