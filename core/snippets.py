"""The base of every snippet viewset in Essaim.

Wagtail's snippet choosers (the modal that picks an object for a form field) answer
anyone with access to the admin, whatever their permissions on the model: a trainer
could page through residents' endorsements from any chooser URL. Here a chooser only
answers those who hold a permission on the model, from the viewset's own permission
policy (so a policy that narrows who sees what, like trainers' own sessions, applies).
"""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet

ANY_PERMISSION = ["add", "change", "delete", "view"]


class PermissionCheckedChooser:
    def dispatch(self, request, *args, **kwargs):
        policy = self.model.snippet_viewset.permission_policy
        if not policy.user_has_any_permission(request.user, ANY_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(PermissionCheckedChooser, chooser.ChooseView):
    pass


class ChooseResultsView(PermissionCheckedChooser, chooser.ChooseResultsView):
    pass


class ChosenView(PermissionCheckedChooser, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(PermissionCheckedChooser, chooser.SnippetChosenMultipleView):
    pass


class CreateView(PermissionCheckedChooser, chooser.SnippetCreateView):
    pass


class ChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


class EssaimSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = ChooserViewSet
