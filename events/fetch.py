"""Articles from the web: one guarded fetcher for pages and feeds, and a fetched page read into
an Article (main text, title, author, publisher, publication date) with trafilatura.

The fetcher is urllib3, the HTTP client trafilatura itself is built on (so no second client):
it lets us refuse a private, loopback or link-local address on the socket actually connected,
before a byte of the request is sent, at every redirect hop; name checks alone are defeated
by DNS that answers differently the second time."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import htmldate
import trafilatura
import urllib3
from django.conf import settings
from trafilatura.utils import decode_file
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from events.extraction import Article, ArticleMeta
from events.extraction.cleaning import clean

USER_AGENT = "NATO-Timeline/0.1 (article import; +https://github.com/)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


class FetchError(Exception):
    """A page or feed that could not be fetched or used, and why (shown to editors)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class BlockedAddress(Exception):  # not an OSError, so that urllib3 lets it through
    """A connection to an address the fetcher may not reach."""


# NAT64 (RFC 6052, RFC 8215): the well-known prefix carries an IPv4 address in its last 32 bits,
# which a NAT64 gateway connects to (64:ff9b::7f00:1 is 127.0.0.1): the IPv4 address is checked.
# The local-use prefix may embed it at several places: it is refused whole (Python 3.12 counts it
# as global).
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, or the well-known NAT64
    prefix), else the address itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in NAT64_WELL_KNOWN:
            return ipaddress.IPv4Address(ip.packed[-4:])
    return ip


def address_allowed(address: str) -> bool:
    """Whether a fetch may connect to this IP address: public ones only, unless the setting
    FETCH_ALLOW_PRIVATE_HOSTS allows every address (True) or the networks it lists (tests
    serve pages on 127.0.0.1)."""
    allow = settings.FETCH_ALLOW_PRIVATE_HOSTS
    if allow is True:
        return True
    ip = embedded_ipv4(ipaddress.ip_address(address.split("%")[0]))
    if ip in NAT64_LOCAL:
        return False
    if allow and any(ip in ipaddress.ip_network(net, strict=False) for net in allow):
        return True
    # Not global: private, loopback, link-local, shared (CGNAT), reserved, unspecified.
    return ip.is_global and not ip.is_multicast


def check_peer(sock: socket.socket) -> None:
    address = sock.getpeername()[0]
    if not address_allowed(address):
        sock.close()
        raise BlockedAddress(f"refused: {address} is a private, loopback or link-local address")


class GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        check_peer(sock)  # the address connected to, before the request is sent
        return sock


class GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        check_peer(sock)  # before the TLS handshake
        return sock


class GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedPoolManager(urllib3.PoolManager):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pool_classes_by_scheme = {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


_pool: GuardedPoolManager | None = None


def pool() -> GuardedPoolManager:
    """One pool per process: connections to a publisher are kept for its next article."""
    global _pool
    if _pool is None:
        _pool = GuardedPoolManager(num_pools=20, maxsize=4, retries=False)
    return _pool


@dataclass(frozen=True)
class Fetched:
    """A response the fetcher accepted: the final URL after redirects, and the body."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body as text: the charset the server declared, else detected."""
        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_file(self.body)


def check_url(url: str) -> str:
    """The URL, if it is one the fetcher may request (http or https with a host)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not a web address (http:// or https://)")
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    # Names of this machine or its network; the address connected to is checked in any case.
    local_name = host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
    if (literal is not None and not address_allowed(str(literal))) or (
        local_name and settings.FETCH_ALLOW_PRIVATE_HOSTS is not True
    ):
        raise FetchError(url, f"refused: {host} is a private, loopback or link-local address")
    return urlunsplit(parts._replace(fragment=""))


def fetch(
    url: str, *, accept: tuple[str, ...] = HTML_TYPES, etag: str = "", last_modified: str = ""
) -> Fetched:
    """GET a URL within the limits of the FETCH_* settings: redirects followed (each hop
    checked), a deadline for the whole fetch, a size cap, a content type among `accept`.
    An ETag or Last-Modified makes the request conditional (a 304 comes back as such)."""
    deadline = time.monotonic() + settings.FETCH_TIMEOUT
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join((*accept, "*/*;q=0.1"))}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = check_url(url)
    for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        response = request(current, headers, deadline)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(url, f"redirect ({response.status}) without a Location")
                current = check_url(urljoin(current, location))
                continue
            return accept_response(url, current, response, accept, deadline)
        finally:
            response.release_conn()
    raise FetchError(url, f"more than {settings.FETCH_MAX_REDIRECTS} redirects")


def request(url: str, headers: dict[str, str], deadline: float) -> urllib3.BaseHTTPResponse:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(url, f"no answer within {settings.FETCH_TIMEOUT:g} s")
    try:
        return pool().request(
            "GET",
            url,
            headers=headers,
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=min(remaining, 10), read=remaining),
        )
    except BlockedAddress as exc:
        raise FetchError(url, str(exc)) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(url, unreachable_reason(exc)) from exc


def unreachable_reason(exc: Exception) -> str:
    # NewConnectionError is a ConnectTimeoutError too, in urllib3: ask about it first.
    if isinstance(exc, urllib3.exceptions.NameResolutionError):
        return "unreachable (the name does not resolve)"
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return "unreachable (the connection was refused)"
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return f"unreachable: no answer within {settings.FETCH_TIMEOUT:g} s"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return "unreachable (TLS failed)"
    return f"unreachable ({type(exc).__name__})"


def accept_response(
    url: str,
    final: str,
    response: urllib3.BaseHTTPResponse,
    accept: tuple[str, ...],
    deadline: float,
) -> Fetched:
    base = {
        "url": final,
        "status": response.status,
        "etag": response.headers.get("ETag", ""),
        "last_modified": response.headers.get("Last-Modified", ""),
    }
    if response.status == 304:
        return Fetched(content_type="", charset=None, body=b"", **base)
    if response.status != 200:
        reason = response.reason or ""
        raise FetchError(url, f"the server answered {response.status} {reason}".rstrip())
    content_type, charset = media_type(response.headers.get("Content-Type", ""))
    if content_type not in accept:
        wanted = "an HTML page" if accept == HTML_TYPES else "a feed (RSS or Atom)"
        raise FetchError(url, f"not {wanted} (the server sent {content_type or 'no type'})")
    limit = settings.FETCH_MAX_BYTES
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, f"larger than the limit of {limit // 1000:,} kB")
    body = bytearray()
    try:
        for chunk in response.stream(64 * 1024, decode_content=True):
            body += chunk
            if len(body) > limit:
                raise FetchError(url, f"larger than the limit of {limit // 1000:,} kB")
            if time.monotonic() > deadline:
                raise FetchError(url, f"not received within {settings.FETCH_TIMEOUT:g} s")
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(url, f"the transfer broke off ({type(exc).__name__})") from exc
    if not body.strip():
        raise FetchError(url, "the page is empty")
    return Fetched(content_type=content_type, charset=charset, body=bytes(body), **base)


def media_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"."""
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


# Reading a page.


@dataclass(frozen=True)
class Page:
    """What trafilatura read from a fetched page."""

    url: str  # canonical: the page's own <link rel=canonical> / og:url, else the URL fetched
    title: str
    author: str
    site_name: str
    published: dt.date | None
    text: str
    html: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def read_page(html: str, url: str) -> Page:
    """The main text and metadata of an HTML page, without its navigation, banners and links."""
    # htmldate through trafilatura, on the page's metadata only (JSON-LD, Open Graph, <time>,
    # the URL): an "extensive" search would take any date in a footer for the publication date.
    params = {"original_date": True, "extensive_search": False, "max_date": today()}
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=params,
    )
    if doc is None:
        return Page(url, "", "", "", None, "", html)
    published = parse_day(getattr(doc, "date", None))
    if published is None:
        # htmldate where the metadata gave none: the page's text and markup, searched widely.
        found = htmldate.find_date(html, url=url, original_date=True, max_date=today())
        published = parse_day(found)
    return Page(
        url=canonical_url(getattr(doc, "url", None) or "", url),
        title=(doc.title or "").strip(),
        author=(doc.author or "").strip(),
        site_name=(doc.sitename or "").strip(),
        published=published,
        text=(doc.text or "").strip(),
        html=html,
    )


def today() -> str:
    return dt.date.today().isoformat()


def parse_day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def canonical_url(declared: str, fetched: str) -> str:
    """The page's declared canonical URL when it is an absolute web address on the fetched
    page's own site (its host or a subdomain of it: a page cannot claim another site's
    address), else the URL fetched; without its fragment."""
    candidate = urljoin(fetched, declared) if declared else fetched
    parts, own = urlsplit(candidate), urlsplit(fetched).hostname or ""
    host = parts.hostname or ""
    same_site = host == own or host.endswith("." + own) or own.endswith("." + host)
    if parts.scheme not in ("http", "https") or not host or not same_site:
        parts = urlsplit(fetched)
    return urlunsplit(parts._replace(fragment=""))


def page_article(page: Page, *, publisher: str = "", kind: str = "news") -> Article:
    """The Article to import: the extracted text (what citations point into) with the fetched
    HTML as its original. Too little text is refused: a paywall, a cookie wall, not an article."""
    minimum = settings.FETCH_MIN_WORDS
    if page.words < minimum:
        got = "no article text" if not page.words else f"only {page.words} words of article text"
        raise FetchError(
            page.url,
            f"{got} (under {minimum}): a paywall, a cookie wall or not an article",
        )
    meta = ArticleMeta(
        file_name=page.url[:255],
        title=page.title[:500],
        publisher=(publisher or page.site_name)[:200],
        kind=kind,
        url=page.url,
        published=page.published,
    )
    return Article(meta, page.html, clean(page.text, page.title))
