"""Picking a territory: a text field any browser can fill, enhanced into an ARIA combobox.

Without JavaScript the field is a plain text input: one types "Tours", "37000" or
"37261" and the server finds the territory, or says clearly what to add. With
JavaScript (core/js/autocomplete.js) suggestions come from the `territory_suggestions`
endpoint in a listbox driven by the keyboard; picking one fills in "Tours (37261)".
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.territories import resolve_territory, territory_label

HELP_TEXT = _("Type the beginning of its name, its postal code or its INSEE code, then pick "
              "it in the list. For a national practice, choose “France”.")


class TerritoryAutocomplete(forms.TextInput):
    template_name = "core/widgets/territory_autocomplete.html"

    class Media:
        js = ["core/js/autocomplete.js"]
        css = {"all": ["core/css/autocomplete.css"]}

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false",
                          "class": "autocomplete__input", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, str):
            return value  # what was typed, shown back as it was (a bound form)
        from core.models import Territory

        territory = value if isinstance(value, Territory) else (
            Territory.objects.filter(pk=value).first())
        return territory_label(territory) if territory else str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["autocomplete"] = {
            "url": reverse("territory_suggestions"),
            "label": gettext("Suggested territories"),
            "none": gettext("No territory matches: try its postal code or INSEE code."),
            # French uses the singular for 1 only; 0 has its own message above.
            "one": ngettext("%(count)s territory suggested, use the arrow keys to "
                                 "choose", "%(count)s territories suggested, use the arrow "
                                 "keys to choose", 1) % {"count": "{count}"},
            "many": ngettext("%(count)s territory suggested, use the arrow keys to "
                                  "choose", "%(count)s territories suggested, use the arrow "
                                  "keys to choose", 2) % {"count": "{count}"},
        }
        return context


class TerritoryChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value is typed text, resolved by core.territories."""

    widget = TerritoryAutocomplete

    def __init__(self, queryset=None, **kwargs):
        from core.models import Territory

        if not kwargs.get("help_text"):
            kwargs["help_text"] = HELP_TEXT
        kwargs.pop("to_field_name", None)
        super().__init__(queryset if queryset is not None else Territory.objects.all(),
                         **kwargs)

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return value.pk
        return value

    def to_python(self, value):
        from core.models import Territory

        if value in self.empty_values:
            return None
        if isinstance(value, Territory):
            return value
        territory, error = resolve_territory(str(value))
        if territory is None:
            raise forms.ValidationError(error, code="invalid_choice")
        return territory

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_pk = getattr(initial, "pk", initial)
        try:
            data_value = self.to_python(data)
        except forms.ValidationError:
            return True
        return str(initial_pk or "") != str(getattr(data_value, "pk", "") or "")
