"""DNS resolver that sends ``*.localhost`` names to loopback (RFC 6761) and enforces the network guard.

The bundled fixture web serves every outlet on its own ``<key>.localhost`` host from one local
server; the system resolver on many machines does not map such names, so Scrapy's must. Because
every connection Scrapy makes asks this resolver, it is also the last line of the network guard:
an address the policy forbids fails here, at connection time, whatever the middleware saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.defer import Deferred

from crawler.netguard import AddressPolicy, BlockedAddress, BlockedAddressLookup

__all__ = ["LoopbackAliasResolver", "is_localhost_alias", "policy_from_settings"]


def is_localhost_alias(name: str) -> bool:
    name = name.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


def policy_from_settings(settings: Any) -> AddressPolicy:
    return AddressPolicy(allow_loopback=settings.getbool("NEWSARCHIVE_ALLOW_LOOPBACK"),
                         allow_private=settings.getbool("NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS"))


class LoopbackAliasResolver(CachingThreadedResolver):
    """Caching threaded resolver (Scrapy's default) plus the ``.localhost`` rule and the guard."""

    policy = AddressPolicy(allow_loopback=True, allow_private=True)  # until from_crawler says otherwise

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> LoopbackAliasResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = policy_from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        found = defer.succeed("127.0.0.1") if is_localhost_alias(name) else super().getHostByName(name, timeout)
        return found.addCallback(self._guard, name)

    def _guard(self, address: str, name: str) -> str:
        try:
            self.policy.check(name, address)
        except BlockedAddress as exc:
            raise BlockedAddressLookup(str(exc)) from exc
        return address
