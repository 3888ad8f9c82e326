from django import forms
from django.utils.translation import gettext_lazy as _

from core.bookings.forms import BookingForm
from core.uploads import DocumentField


class SessionBookingForm(BookingForm):
    """The engine's sign-up form; one seat per person for a training."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_party_size=1, **kwargs)
        self.fields["party_size"].widget = forms.HiddenInput()
        self.fields["party_size"].initial = 1
        self.fields["accessibility_needs"].help_text = _(
            "Wheelchair, hearing loop, large print materials… so we can prepare.")


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=255)
    file = DocumentField(label=_("File"),
                         help_text=_("PDF, OpenDocument, Word, Excel, PowerPoint, CSV or text; "
                                     "10 MB at most. Only the session's participants see it."))


class CertificateCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"), max_length=200,
        error_messages={"required": _("Type the code printed on the document.")},
        help_text=_("The 20 letters and digits printed under the QR code of the document."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}))
