"""URLs: canonical form for deduplication, allowed schemes and addresses, poll intervals.

Two links to one article differ in tracking parameters, letter case of the host, default ports,
fragments and the order of query parameters; :func:`canonical_url` removes those differences so an
article announced by three feeds (or twice by one) is fetched and stored once.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from ..errors import ConfigError

#: Query parameters that only track where a click came from; they never select different content.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "ocid", "cmpid", "wt_mc", "wt.mc_id", "ito", "xtor", "ns_mchannel", "ns_source",
    "ns_campaign", "ns_linkname", "ns_fee", "at_medium", "at_campaign", "at_custom1", "at_custom2",
    "ref_src", "spm", "smid",
})
#: Prefixes of tracking parameters (utm_source, utm_medium, pk_campaign, mtm_kwd ...).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "hsa_", "oly_", "vero_")
SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
#: "15m", "2h", "90s", "1d" or a plain number of seconds.
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class UrlError(ValueError):
    """A URL that lagebild will not fetch (scheme, address, syntax)."""


def canonical_url(url: str, base: str | None = None) -> str:
    """``url`` (relative to ``base``) without tracking parameters, fragment, default port; host in
    lower case, query parameters sorted, path percent-encoding normalised. Raises UrlError for
    anything but http(s) with a host."""
    from urllib.parse import urljoin

    raw = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UrlError(f"only http and https URLs are fetched, not {scheme or 'a relative URL'}: {url[:200]}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UrlError(f"URL without a host: {url[:200]}")
    try:
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"bad port in {url[:200]}") from exc
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _tracking(key: str) -> bool:
    k = key.lower()
    return k in TRACKING_PARAMS or k.startswith(TRACKING_PREFIXES)


def host_key(url: str) -> str:
    """``host[:port]`` of a URL: the unit of politeness (rate limit, concurrency, robots.txt)."""
    return urlsplit(url).netloc.lower()


def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs whose host resolves to a loopback, private, link-local or otherwise
    non-public address unless ``allow_private`` (setting ``fetch_private_addresses``)."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise UrlError(f"only http and https URLs are fetched: {url[:200]}")
    if allow_private:
        return
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or DEFAULT_PORTS[parts.scheme], type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UrlError(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not addr.is_global or addr.is_multicast:
            raise UrlError(f"{host} resolves to the non-public address {addr}; "
                           "set fetch_private_addresses to fetch it")


def parse_duration(text: str | float | int) -> int:
    """Seconds in ``"15m"``, ``"2h"``, ``"90s"``, ``"1d"`` or a number; ConfigError otherwise."""
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        m = _DURATION.match(text)
        if not m:
            raise ConfigError(f"cannot read {text!r} as a duration (examples: 90s, 15m, 2h, 1d)")
        seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()]
    if seconds <= 0:
        raise ConfigError(f"a duration must be positive, not {text!r}")
    return int(round(seconds))
