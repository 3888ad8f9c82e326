from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    address = forms.URLField(
        label=_("Address of the other Essaim site"), max_length=500,
        assume_scheme="https",
        help_text=_("Its federation address, e.g. https://participation.blois.fr/federation/"
                    " (the site's address followed by /federation/)."))
