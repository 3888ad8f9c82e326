from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin_columns import YesNoColumn
from core.snippets import EssaimSnippetViewSet

from . import services
from .models import Certificate, TrainingSession, TrainingTopic


class TrainingTopicViewSet(EssaimSnippetViewSet):
    model = TrainingTopic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]


class SessionPermissionPolicy(ModelPermissionPolicy):
    """Per session, as well as per model: a trainer acts only on the sessions they lead
    (bulk actions and any other view asking the policy included)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return (self.user_has_permission(user, action)
                and services.sessions_editable_by(user).filter(pk=instance.pk).exists())

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return TrainingSession.objects.none()
        return services.sessions_editable_by(user)


register_permission_policy(TrainingSession, SessionPermissionPolicy(TrainingSession))


class OwnSessionsOnly:
    """A trainer reaches only the sessions they lead; another's answers like a missing one."""

    def get_object(self, *args, **kwargs):
        session = super().get_object(*args, **kwargs)
        if not services.sessions_editable_by(self.request.user).filter(pk=session.pk).exists():
            raise Http404
        return session


class TrainingSessionViewSet(EssaimSnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["__str__", "capacity",
                    YesNoColumn("agents_only", label=_("reserved for agents"))]
    list_filter = ["agents_only"]
    copy_view_enabled = False  # a copy would show (and clone) another trainer's session
    edit_view_class = type("EditView", (OwnSessionsOnly, snippet_views.EditView), {})
    delete_view_class = type("DeleteView", (OwnSessionsOnly, snippet_views.DeleteView), {})
    usage_view_class = type("UsageView", (OwnSessionsOnly, snippet_views.UsageView), {})
    history_view_class = type("HistoryView", (OwnSessionsOnly, snippet_views.HistoryView), {})
    inspect_view_class = type("InspectView", (OwnSessionsOnly, snippet_views.InspectView), {})

    def get_queryset(self, request):
        return services.sessions_editable_by(request.user)


class CertificateViewSet(EssaimSnippetViewSet):
    """Editors revoke a certificate by giving a date and a reason; nothing else changes."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    add_to_admin_menu = False
    copy_view_enabled = False  # a certificate is issued, not duplicated
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
