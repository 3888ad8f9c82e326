"""Listing columns for the admin viewsets we configure."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, with the word beside them ("Oui", "Non") rather than only
    an icon titled "True" or "False"."""

    cell_template_name = "core/admin/yes_no_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["value"]
        context["text"] = "—" if value is None else (_("Yes") if value else _("No"))
        return context
