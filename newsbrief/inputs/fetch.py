"""Fetch a web page a user named, safely (GUIDE §5).

The URL is untrusted, so: only http/https; every host (the first one and each redirect
target) is resolved and refused when it points to a private, loopback, link-local, multicast,
reserved or unspecified address, unless ``allow_private`` (SSRF); redirects are followed by
hand, a bounded number of times; the body is streamed and cut off past ``max_bytes``; only
text-like content types are accepted. Every failure is a one-line ``FetchError`` naming the URL.

Note: the address check and httpx's own connection resolve the name separately, so a DNS
server that answers differently the second time (DNS rebinding) is not stopped here; a proxy
that pins the address would be needed for that.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..model import NewsbriefError

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml")
USER_AGENT = "newsbrief/0.1 (+https://github.com/newsbrief)"


class FetchError(NewsbriefError):
    """A URL could not be fetched (bad scheme, refused address, too big, wrong type, HTTP error)."""


@dataclass
class FetchedPage:
    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # lower-case media type without parameters, e.g. "text/html"
    charset: str | None  # from the Content-Type header, if given
    body: bytes
    headers: dict[str, str] | None = None  # response headers (lower-case names)

    @property
    def not_modified(self) -> bool:
        """A conditional request was answered 304: nothing new since the ETag/date we sent."""
        return self.status == 304


def _is_forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return _is_forbidden(mapped)
        if ip.teredo:
            return True
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def check_host(url: str, host: str, port: int) -> None:
    """Resolve ``host`` and raise FetchError if any of its addresses is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as e:
        raise FetchError(f"{url}: cannot resolve host {host!r} ({e})") from None
    if not infos:
        raise FetchError(f"{url}: host {host!r} has no address")
    for info in infos:
        addr = info[4][0].split("%", 1)[0]  # drop an IPv6 zone id
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            raise FetchError(f"{url}: host {host!r} resolved to an unusable address {addr!r}") from None
        if _is_forbidden(ip):
            raise FetchError(
                f"{url}: refused: {host} resolves to the non-public address {ip} "
                "(private, loopback, link-local or reserved addresses are not fetched)")


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise FetchError(f"{url}: not a valid URL ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http:// and https:// URLs can be fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: the URL has no host name")
    return scheme, host, port or (443 if scheme == "https" else 80)


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"\'') or None
    return media.strip().lower(), charset


def fetch_url(url: str, *, allow_private: bool = False, timeout: float = 10.0,
              max_bytes: int = 5_000_000, max_redirects: int = 5,
              accept: tuple[str, ...] = ACCEPTED_TYPES,
              conditional: dict[str, str] | None = None) -> FetchedPage:
    """Fetch ``url`` and return its body; raise FetchError with a one-line reason otherwise.

    ``accept``: the content types taken (feeds pass ``FEED_TYPES`` too); ``conditional``:
    If-None-Match / If-Modified-Since headers, answered by a ``not_modified`` page (304).
    """
    import httpx

    current = url
    deadline = time.monotonic() + timeout * (max_redirects + 2)  # a slow drip cannot hang us
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ";q=0.9, */*;q=0.1",
               **(conditional or {})}
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers=headers,
                          trust_env=False) as client:
            for _ in range(max_redirects + 1):
                _, host, port = _split(current)
                if not allow_private:
                    check_host(url if current == url else f"{url} (redirected to {current})", host, port)
                with client.stream("GET", current) as resp:
                    if resp.status_code == 304:  # httpx counts it among redirects: it is not one
                        return FetchedPage(url=url, final_url=str(resp.url), status=304,
                                           content_type="", charset=None, body=b"",
                                           headers=dict(resp.headers))
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"{url}: redirect ({resp.status_code}) without a Location")
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"{url}: HTTP error {resp.status_code} {resp.reason_phrase}".rstrip())
                    media, charset = _media_type(resp.headers.get("content-type", ""))
                    if media and media not in accept:
                        raise FetchError(
                            f"{url}: unsupported content type {media!r} "
                            "(only HTML, plain text or JSON articles can be read)")
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{url}: response is {int(declared):,} bytes, "
                                         f"over the {max_bytes:,}-byte limit")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{url}: response is over the {max_bytes:,}-byte limit; "
                                             "stopped reading")
                        chunks.append(chunk)
                        if time.monotonic() > deadline:
                            raise httpx.ReadTimeout("total time limit")
                    return FetchedPage(url=url, final_url=str(resp.url), status=resp.status_code,
                                       content_type=media or "text/html", charset=charset,
                                       body=b"".join(chunks), headers=dict(resp.headers))
            raise FetchError(f"{url}: too many redirects (more than {max_redirects})")
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise FetchError(f"{url}: cannot fetch ({msg})") from None
