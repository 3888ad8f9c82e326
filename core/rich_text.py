"""The admin's rich text editor, named by its field's label for screen readers.

Wagtail's Draftail editor is a ``contenteditable`` textbox that the field's ``<label>``
does not name (the label points to a hidden input), so axe reports
``aria-input-field-name`` on every rich text field of our page types. Draftail takes an
``ariaLabelledBy`` option: this widget points it to the label Wagtail renders for the
field (``<id>-label``, in panels as in inline panels).
"""

import json

from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            options = json.loads(widget_attrs["data-w-init-detail-value"])
            options["ariaLabelledBy"] = f"{widget_attrs['id']}-label"
            widget_attrs["data-w-init-detail-value"] = json.dumps(options)
        return context
