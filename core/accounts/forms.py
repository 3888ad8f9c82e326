from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin


class SignUpForm(HoneypotMixin):
    first_name = forms.CharField(label=_("First name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("Professional email address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation = forms.CharField(label=_("Organisation"), max_length=200,
                                   help_text=_("Local authority, association or company."),
                                   widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    job_title = forms.CharField(
        label=_("Job title"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 10 characters, not only digits, not too "
                                            "close to your name or address."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    # Whether an account already exists with the address is never said here: the owner
    # of the address is emailed instead (services.sign_up).
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = get_user_model()(email=data.get("email", ""),
                                         first_name=data.get("first_name", ""),
                                         last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class VerifyForm(forms.Form):
    """Activating an account takes the password chosen at sign-up: whoever signed up
    with someone else's address cannot have it activated by a click of its owner."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not the password chosen at sign-up."))
        return password


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form; the username of a professional is their email address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, its email sent through the outbox like every other."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        from django.urls import reverse

        from core.links import absolute_url
        from core.notifications import send_email_on_commit

        send_email_on_commit("accounts/emails/password_reset", [to_email], {
            "first_name": context["user"].first_name,
            "url": absolute_url(reverse("accounts:password_reset_confirm",
                                        args=[context["uid"], context["token"]])),
        })
