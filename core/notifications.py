"""Emails: rendered from templates, sent through the outbox once the transaction commits.

A view never sends mail itself: if the request's transaction rolls back, no
email about it leaves; a slow or unreachable mail server never slows a page
down, and a broker that is down only delays the email.
"""

from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import translation

from core import outbox


def render_templated_email(template_prefix, recipients, context, language="fr"):
    """The one way an email is written: ``<prefix>_subject.txt``, ``<prefix>.txt`` and the
    optional ``<prefix>.html``, rendered in ``language`` (the recipient's); the subject
    on one line, the body without the blank lines template tags leave at its ends.

    ``template_prefix`` may be a list, tried in order for each part (a plugin's template
    before the engine's)."""
    prefixes = [template_prefix] if isinstance(template_prefix, str) else list(template_prefix)

    def render(suffix):
        return select_template([f"{prefix}{suffix}" for prefix in prefixes]).render(context)

    with translation.override(language):
        subject = " ".join(render("_subject.txt").split())
        body = render(".txt").strip() + "\n"
        message = EmailMultiAlternatives(subject=subject, body=body, to=list(recipients))
        try:
            html = render(".html")
        except TemplateDoesNotExist:  # the HTML part is optional
            html = None
        if html:
            message.attach_alternative(html, "text/html")
    return message


def deliver_templated_email(template_prefix, recipients, context, language="fr",
                            headers=None):
    message = render_templated_email(template_prefix, recipients, context, language)
    message.extra_headers.update(headers or {})
    message.send()


@outbox.handler
def deliver_templated_email_message(payload, message=None):
    deliver_templated_email(payload["template"], payload["to"], payload["context"],
                            payload.get("language") or "fr",
                            headers=outbox.message_id_header(message) if message else None)


def send_email_on_commit(template_prefix, recipients, context, language=None, key=None):
    """Queue a templated email that leaves only if the current transaction commits.

    ``context`` must be JSON-serialisable: it is stored in the outbox.
    """
    language = language or translation.get_language() or "fr"
    return outbox.enqueue(deliver_templated_email_message, {
        "template": template_prefix, "to": list(recipients), "context": context,
        "language": language}, key=key)
