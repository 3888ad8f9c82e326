"""Fetching a document from another server, safely: the one outbound HTTP client.

Whatever asks (federation today), a remote address is treated as hostile:

- only ``https`` unless ``ESSAIM_REMOTE_ALLOW_HTTP`` (development, tests);
- the host name is resolved here and every address checked: private, loopback,
  link-local, multicast, reserved and unspecified addresses are refused unless
  ``ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES`` (tests and the demo federate over
  loopback). The connection then goes to the address that was checked, so a DNS
  answer that changes between check and connection (rebinding) changes nothing;
- connect and read timeouts, and a whole-request deadline;
- the body is streamed and the request abandoned past ``max_bytes``;
- redirects are followed by hand, at most ``MAX_REDIRECTS``, each one checked again.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings

MAX_REDIRECTS = 3
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE_SECONDS = 30.0
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = "Essaim (federation)"


class RemoteError(Exception):
    """The remote document could not be had; the message is safe to show to moderators."""


@dataclass
class RemoteResponse:
    url: str  # after redirects
    status: int
    headers: dict
    body: bytes

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise RemoteError(f"{self.url}: the answer is not valid JSON ({exc.__class__.__name__})"
                              ) from None


def _allow_http() -> bool:
    return bool(getattr(settings, "ESSAIM_REMOTE_ALLOW_HTTP", False))


def _allow_private() -> bool:
    return bool(getattr(settings, "ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES", False))


def address_refused(address: str) -> bool:
    """True for an address no remote server of ours may have (SSRF targets)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an address we may fetch; raises RemoteError otherwise."""
    if not isinstance(url, str) or len(url) > 2000:
        raise RemoteError("the address is not a valid URL")
    parts = urlsplit(url)
    allowed = {"https", "http"} if _allow_http() else {"https"}
    if parts.scheme not in allowed:
        raise RemoteError(f"{url}: only {' or '.join(sorted(allowed))} addresses are accepted")
    if not parts.hostname or parts.username or parts.password:
        raise RemoteError(f"{url}: the address has no host, or carries credentials")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RemoteError(f"{url}: invalid port") from None
    return parts.scheme, parts.hostname, port


def resolve(host: str, port: int) -> str:
    """One address of ``host`` that we may connect to; every address is checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RemoteError(f"{host}: the name does not resolve ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise RemoteError(f"{host}: the name does not resolve")
    if not _allow_private():
        refused = [a for a in addresses if address_refused(a)]
        if refused:
            raise RemoteError(f"{host}: private, loopback or link-local address refused "
                              f"({refused[0]})")
    return addresses[0]


def _open(scheme, host, port, address, path, headers, timeout):
    kwargs = {"timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=host,
                                           assert_hostname=host, cert_reqs="CERT_REQUIRED",
                                           ca_certs=certifi.where(), **kwargs)
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **kwargs)
    host_header = host if port in (80, 443) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port in (80, 443) else f"[{host}]:{port}"
    return pool, pool.urlopen("GET", path, headers={**headers, "Host": host_header},
                              redirect=False, preload_content=False, assert_same_host=False)


def fetch(url: str, headers: dict | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          accept: str = "application/activity+json, application/ld+json, application/json",
          ) -> RemoteResponse:
    """GET ``url`` under the rules above; a 304 is returned as is (empty body)."""
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    deadline = time.monotonic() + DEADLINE_SECONDS
    request_headers = {"Accept": accept, "User-Agent": USER_AGENT,
                       "Accept-Encoding": "identity", **(headers or {})}
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port = check_url(url)
        address = resolve(host, port)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            pool, response = _open(scheme, host, port, address, path, request_headers,
                                   timeout)
        except urllib3.exceptions.HTTPError as exc:
            raise RemoteError(f"{url}: {_reason(exc)}") from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise RemoteError(f"{url}: redirect without a location")
                url = urljoin(url, location)
                continue
            body = _read(response, url, max_bytes, deadline)
            return RemoteResponse(url=url, status=response.status,
                                  headers={k.lower(): v for k, v in response.headers.items()},
                                  body=body)
        finally:
            response.release_conn()
            pool.close()
    raise RemoteError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read(response, url, max_bytes, deadline) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise RemoteError(f"{url}: the answer is larger than {max_bytes} bytes")
    chunks, size = [], 0
    try:
        for chunk in response.stream(CHUNK, decode_content=False):
            size += len(chunk)
            if size > max_bytes:
                raise RemoteError(f"{url}: the answer is larger than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise RemoteError(f"{url}: the answer took longer than {DEADLINE_SECONDS:.0f} s")
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise RemoteError(f"{url}: {_reason(exc)}") from None
    return b"".join(chunks)


def _reason(exc) -> str:
    # NewConnectionError is a kind of ConnectTimeoutError in urllib3: test it first.
    if isinstance(exc, urllib3.exceptions.NewConnectionError | urllib3.exceptions.MaxRetryError):
        return "connection refused or unreachable"
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return "no answer in time"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return "TLS certificate error"
    return f"{exc.__class__.__name__}"


def fetch_json(url: str, headers: dict | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
    """(response, decoded JSON or None for a 304); an error status raises RemoteError."""
    response = fetch(url, headers=headers, max_bytes=max_bytes)
    if response.status == 304:
        return response, None
    if response.status != 200:
        raise RemoteError(f"{response.url}: HTTP status {response.status}")
    return response, response.json()
