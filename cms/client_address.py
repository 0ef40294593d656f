"""The client's address as this server sees it through its trusted proxies.

One answer for every limit that keys on the client (readership counting, form rate limits,
login lockouts): behind the load balancer REMOTE_ADDR is the balancer, the same for everyone.
Callers hash it before it is stored or used as a key; the raw address is never kept.
"""

import ipaddress

from django.conf import settings


def _networks():
    networks = []
    for entry in settings.STORYWERK_TRUSTED_PROXIES:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return networks


def _in(networks, address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """The reader's IP; X-Forwarded-For only when the peer is a configured trusted proxy.

    Walks X-Forwarded-For from the right (the entries our proxies appended) and takes the
    first address that is not itself a trusted proxy, so a client cannot spoof it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _in(networks, remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    for candidate in reversed(forwarded):
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break
        if not _in(networks, candidate):
            return candidate
    return remote
