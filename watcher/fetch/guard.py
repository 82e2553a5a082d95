"""SSRF guard: which addresses a feed fetch may connect to.

With ``allow_private_networks = false`` (the default) loopback, link-local (cloud metadata at
169.254.169.254), private, CGNAT, unique-local, multicast, reserved and IPv4-mapped forms of
those are refused, for the feed URL and for every redirect hop. Host names are checked in the
DNS resolver the connection itself uses (:class:`GuardedResolver`), so the address that was
checked is the address that is connected to: a second, different DNS answer (rebinding) never
gets used. A name with any non-public address is refused as a whole.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any, Iterable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_BLOCKED = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
)]


class BlockedAddress(OSError):
    """Raised by the resolver (an OSError so aiohttp treats it as a DNS failure)."""


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False
    allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, allow_private: bool, allow_networks: Iterable[str]) -> AddressPolicy:
        """The policy of ``[fetch] allow_private_networks`` and ``allow_networks`` (CIDR strings)."""
        return cls(allow_private, tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks))

    def refusal(self, ip: IPAddress) -> str | None:
        """Why ``ip`` may not be connected to, or None when it may."""
        if self.allow_private:
            return None
        if isinstance(ip, ipaddress.IPv6Address):
            mapped = ip.ipv4_mapped or ip.sixtofour
            if mapped is not None:
                return self.refusal(mapped)
        if any(ip in net for net in self.allow):
            return None
        if any(ip in net for net in _BLOCKED) or not ip.is_global:
            return f"{ip} is a private, loopback or reserved address"
        return None


def literal_ip(host: str) -> IPAddress | None:
    """The address a host names literally, including the legacy IPv4 spellings resolvers still
    accept (``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``)."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host) and any(c.isdigit() for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


class GuardedResolver(AbstractResolver):
    """Resolves with ``inner`` and refuses names that resolve to a forbidden address."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self.policy = policy
        self.inner = inner or DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self.inner.resolve(host, port, family)
        for result in results:
            ip = ipaddress.ip_address(result["host"])
            reason = self.policy.refusal(ip)
            if reason:
                raise BlockedAddress(f"refused to connect to {host}: {reason} "
                                     "(set [fetch] allow_private_networks = true for LAN feeds)")
        return results

    async def close(self) -> None:
        await self.inner.close()


def find_blocked(exc: BaseException | None) -> BlockedAddress | None:
    """Walk an exception's cause/context chain for the resolver's refusal."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, BlockedAddress):
            return exc
        nested: Any = getattr(exc, "os_error", None)
        if isinstance(nested, BlockedAddress):
            return nested
        exc = exc.__cause__ or exc.__context__
    return None
