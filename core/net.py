"""Who is asking: the client's address, behind the reverse proxies we trust.

Behind a reverse proxy every request comes from the proxy's address; the client's is in
X-Forwarded-For, which anyone can also write. ``ESSAIM_TRUSTED_PROXIES`` (addresses or
networks, comma-separated in the environment) names the proxies whose word we take:
the client is the right-most address of the chain that is not one of them.
"""

import ipaddress

from django.conf import settings


def _networks():
    networks = []
    for item in getattr(settings, "ESSAIM_TRUSTED_PROXIES", []):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The client's IP address (rate limits, login lockouts key on it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
             if part.strip()]
    for address in reversed(chain):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a forged, unparsable header: count the proxy
    return remote
