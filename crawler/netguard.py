"""Which network addresses a crawler fed with users' URLs may connect to.

A sources file or a link on a page can point anywhere, including the machine's own services
(``http://127.0.0.1:6379``), the private network or a cloud metadata endpoint
(``169.254.169.254``). These checks run on the resolved address, so a public name that resolves
to a private address is caught too, and they run again for every redirect (a redirect is a new
request) and at connection time (crawler.resolver), so a name that changes its answer between the
check and the connection is caught as well.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from twisted.internet.error import DNSLookupError

__all__ = ["AddressPolicy", "BlockedAddress", "BlockedAddressLookup", "address_kind", "literal_address"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddress(IgnoreRequest):
    """A request to an address the crawler may not reach; the message names host and address."""


class BlockedAddressLookup(DNSLookupError):
    """The resolver's form of BlockedAddress (raised while connecting)."""


def literal_address(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal (``[::1]`` included), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def address_kind(address: IPAddress) -> str:
    """``public``, or why the address is special: loopback, private, link_local, reserved..."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified:
        return "unspecified"
    if address.is_private:
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return "public"


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """What may be reached: public addresses always; loopback and private ranges only when allowed.

    ``allow_loopback`` is what the local fixture web and the demo need (``*.localhost`` names
    resolve to 127.0.0.1); ``allow_private`` opens every non-public range (an intranet crawl).
    """

    allow_loopback: bool = False
    allow_private: bool = False

    def allows(self, address: IPAddress) -> bool:
        kind = address_kind(address)
        if kind == "public" or self.allow_private:
            return True
        return kind == "loopback" and self.allow_loopback

    def check(self, host: str, address: str | IPAddress) -> None:
        """Raise BlockedAddress unless ``address`` (what ``host`` resolved to) may be reached."""
        parsed = literal_address(address) if isinstance(address, str) else address
        if parsed is None:
            raise BlockedAddress(f"blocked_address: {host} resolved to an unreadable address {address!r}")
        if not self.allows(parsed):
            setting = "NEWSARCHIVE_ALLOW_LOOPBACK" if address_kind(parsed) == "loopback" else \
                "NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS"
            raise BlockedAddress(f"blocked_address: {host} is {parsed}, a {address_kind(parsed)} address; "
                                 f"set {setting} to crawl it")

    def check_url(self, url: str) -> None:
        """The cheap check before any lookup: IP literals and ``localhost`` names in a URL."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        literal = literal_address(host)
        if literal is not None:
            self.check(host, literal)
        elif host == "localhost" or host.endswith(".localhost"):
            self.check(host, "127.0.0.1")
