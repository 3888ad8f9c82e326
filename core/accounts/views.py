from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.tokens import TokenError

from . import services
from .forms import EmailAuthenticationForm, SignUpForm


def sign_up(request):
    form = SignUpForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        services.sign_up(form.cleaned_data, next_url=next_url)
        return redirect("accounts:signup_done")
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


def sign_up_done(request):
    return render(request, "accounts/sign_up_done.html")


def verify(request, token):
    """GET shows a button, POST verifies: mail scanners that follow links change nothing."""
    try:
        user, next_url = services.read_verification(token)
    except TokenError as exc:
        return render(request, "accounts/link_error.html", {"message": exc.message},
                      status=400)
    if request.method == "POST":
        services.verify_email(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your email address is verified: welcome!"))
        return redirect(services.safe_next(next_url))
    return render(request, "accounts/verify.html", {"account": user})


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
