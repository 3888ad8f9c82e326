from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Certificate, TrainingSession, TrainingTopic


class TrainingTopicViewSet(SnippetViewSet):
    model = TrainingTopic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["__str__", "capacity", "agents_only"]
    list_filter = ["agents_only"]


class CertificateViewSet(SnippetViewSet):
    """Editors revoke a certificate by giving a date and a reason; nothing else changes."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    add_to_admin_menu = False
    list_display = ["holder_name", "training_title", "kind", "code", "issued_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["holder_name", "training_title", "code"]
    edit_handler = ObjectList([
        FieldRowPanel([FieldPanel("holder_name", read_only=True),
                       FieldPanel("training_title", read_only=True)]),
        FieldPanel("revoked_at"), FieldPanel("revocation_reason"),
    ])


class TrainingsGroup(SnippetViewSetGroup):
    items = (TrainingSessionViewSet, TrainingTopicViewSet, CertificateViewSet)
    menu_icon = "group"
    menu_label = _("Trainings")
    menu_name = "trainings"


register_snippet(TrainingsGroup)
