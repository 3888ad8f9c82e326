"""Form pieces shared by every public form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    """A field people never see nor fill; robots that fill every field give themselves away.

    The view answers a robot exactly as it answers a person (nothing is saved, nothing
    sent), so the field teaches it nothing.
    """

    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website")))
