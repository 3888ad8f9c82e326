from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from core.territory_fields import TerritoryChoiceField
from core.typography import capitalised_choices

from .models import EndorserKind


class EndorsementForm(HoneypotMixin):
    kind = forms.ChoiceField(label=_("I endorse this charter as"),
                             choices=capitalised_choices(EndorserKind.choices),
                             widget=forms.RadioSelect, initial=EndorserKind.RESIDENT)
    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organisation = forms.CharField(
        label=_("Organisation name (if you endorse for an organisation)"), max_length=200,
        required=False, help_text=_("Organisations that endorse a charter are listed publicly."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    email = forms.EmailField(
        label=_("Your email"), help_text=_("We send you a link to confirm; it is never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    show_name = forms.BooleanField(
        label=_("Show my name in the list of residents who endorse this charter"),
        required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == EndorserKind.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Give the name of the organisation you endorse for."))
        return data


class AdoptVersionForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adoption date"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    deliberation_reference = forms.CharField(label=_("Council deliberation"), max_length=200,
                                             required=False)
    note = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea)


class NewCharterFromTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    territory = TerritoryChoiceField(label=_("Territory"))
