"""Forms of the resident pages: sign-up, feedback, "my data"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin


class BookingForm(HoneypotMixin):
    name = forms.CharField(label=_("Your name"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email address"),
                             help_text=_("We send the confirmation link to this address."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False,
                            help_text=_("Only used to reach you on the day if needed."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                          "type": "tel"}))
    party_size = forms.TypedChoiceField(label=_("Number of people, including you"),
                                        coerce=int)
    minors = forms.IntegerField(label=_("Of whom minors"), min_value=0, initial=0,
                                required=False)
    guardian_name = forms.CharField(
        label=_("Name of the accompanying adult"), max_length=200, required=False,
        help_text=_("Required when minors come: they must be accompanied by an adult."))
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"), required=False,
        help_text=_("Wheelchair, hearing loop, seat during the event… so we can prepare."),
        widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label=_("I agree that my data is used to manage this "
                                         "sign-up, as described above."))

    def __init__(self, *args, max_party_size=4, minimum_age=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.minimum_age = minimum_age
        self.fields["party_size"].choices = [(n, str(n)) for n in range(1, max_party_size + 1)]
        if minimum_age:
            self.fields["minors"].help_text = _(
                "Open from the age of %(age)d.") % {"age": minimum_age}
        else:
            del self.fields["minors"]
            del self.fields["guardian_name"]

    def clean(self):
        cleaned = super().clean()
        minors = cleaned.get("minors") or 0
        party_size = cleaned.get("party_size") or 1
        if minors > party_size:
            self.add_error("minors", _("There cannot be more minors than people."))
        if minors and not (cleaned.get("guardian_name") or "").strip():
            self.add_error("guardian_name", _("Name the adult accompanying the minors."))
        cleaned["minors"] = minors
        return cleaned


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("From 1 (disappointing) to 5 (excellent)."))
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class MessageForm(forms.Form):
    """A message from the organisers (or a session's trainers) to every confirmed
    participant (``services.message_participants``)."""

    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}))
