"""The header's account menu: what a signed-in person reaches from every page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AccountLink:
    """One link of the account menu; plugins return them from the ``account_links`` hook."""

    label: str
    url: str
    order: int = 100


def account_links(user) -> list[AccountLink]:
    """The account menu of ``user``: the plugins' links by order, then core's own."""
    from core.plugin_manager import get_plugin_manager

    links = [link for batch in get_plugin_manager().hook.account_links(user=user) for link in batch]
    if user.is_staff:
        links.append(AccountLink(_("Administration"), reverse("wagtailadmin_home"), order=900))
    return sorted(links, key=lambda link: (link.order, str(link.label)))


def account_menu(request):
    """Context for the header: the signed-in user's links, computed only if the page asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return SimpleLazyObject(lambda: account_links(user))
