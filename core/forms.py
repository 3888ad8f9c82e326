"""Form pieces shared by every public form."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _


class EssaimFormRenderer(DjangoTemplates):
    """Every form rendered one way (``FORM_RENDERER``): ``{{ form }}`` gives the error
    summary and each field as ``core/forms/field.html`` lays it out — label above, the
    field full width, its help under it, its errors next to it, both tied to the field
    by ``aria-describedby``, required fields marked."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class HoneypotMixin(forms.Form):
    """A field people never see nor fill; robots that fill every field give themselves away.

    The view answers a robot exactly as it answers a person (nothing is saved, nothing
    sent), so the field teaches it nothing.
    """

    honeypot_field = "website"
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website")))
