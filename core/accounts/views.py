from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.tokens import InvalidToken, link_view

from . import services
from .forms import EmailAuthenticationForm, OutboxPasswordResetForm, SignUpForm, VerifyForm


@require_http_methods(["GET", "POST"])
def sign_up(request):
    form = SignUpForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST":
        if not ratelimit.allow(request, request.POST.get("email"), scope="account"):
            return render(request, "bookings/rate_limited.html", {}, status=429)
        if form.is_valid():
            if not form.is_spam():
                services.sign_up(form.cleaned_data, next_url=next_url)
            # The same page whatever the address: whether it has an account is told to
            # its owner only, by email.
            return redirect("accounts:signup_done")
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url},
                  status=400 if form.errors else 200)


def sign_up_done(request):
    return render(request, "accounts/sign_up_done.html", {"days": services.link_days()})


@require_http_methods(["GET", "POST"])
@link_view(advice=gettext_lazy("Log in if your account is active, or sign up again: we will "
                               "send you a new link."),
           back=lambda uidb64, token: (_("Sign up again"), reverse("accounts:signup")))
def verify(request, uidb64, token):
    """The form asks for the password chosen at sign-up; a GET changes nothing, so mail
    scanners that follow links activate nothing."""
    user = services.user_for_verification(uidb64, token)
    if user is None:
        raise InvalidToken(_("This activation link is not valid: it was already used, has "
                             "expired, or a newer one was sent."))
    next_url = services.safe_next(request.GET.get("next", ""))
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.verify_email(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your email address is verified: welcome!"))
        return redirect(next_url)
    return render(request, "accounts/verify.html", {"account": user, "form": form},
                  status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return self.next_page or "/"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signup_url"] = reverse("accounts:signup")
        return context


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not ratelimit.allow(request, request.POST.get("email"), scope="password-reset"):
            return render(request, "bookings/rate_limited.html", {}, status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed: log in with it."))
        return super().form_valid(form)


class DeleteAccountForm(VerifyForm):
    """Deleting an account takes its password, as activating it did."""


@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Everything the site keeps about the account's address is erased; what the person
    published stays published, credited to a former member."""
    from django.contrib.auth import logout
    from django.contrib.auth.views import redirect_to_login

    from core.personal_data import erase_all

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        email = request.user.email
        erase_all(email)
        logout(request)
        messages.success(request, _("Your account is deleted, and the data kept about your "
                                    "address erased."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form},
                  status=400 if form.errors else 200)


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows after too many failed logins (AXES_LOCKOUT_CALLABLE)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
