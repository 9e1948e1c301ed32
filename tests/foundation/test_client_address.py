"""The real client address (client_address.py) and the login lockout that uses it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.client_address import client_address
from gongkai.organisations.roles import Role

PROXIES = ["127.0.0.1/32", "10.0.0.0/8", "2001:db8:1::/48"]


def address(settings, peer, forwarded=None, proxies=PROXIES):
    settings.GONGKAI_TRUSTED_PROXIES = proxies
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    assert address(settings, "127.0.0.1", "198.51.100.7", proxies=[]) == "127.0.0.1"


def test_from_an_untrusted_peer_the_header_is_ignored(settings):
    assert address(settings, "203.0.113.9", "198.51.100.7") == "203.0.113.9"


def test_behind_a_trusted_proxy_the_forwarded_client_counts(settings):
    assert address(settings, "127.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert address(settings, "2001:db8:1::5", "2001:db8:99::1") == "2001:db8:99::1"


def test_the_right_most_untrusted_hop_wins_over_what_the_client_claimed(settings):
    # The client wrote "1.2.3.4" itself; nginx appended its peer, an inner proxy appended its.
    forwarded = "1.2.3.4, 198.51.100.7, 10.0.0.3"
    assert address(settings, "127.0.0.1", forwarded) == "198.51.100.7"


def test_a_client_inside_the_proxy_network_is_its_own_address(settings):
    assert address(settings, "127.0.0.1", "10.9.8.7, 10.0.0.3") == "10.9.8.7"


def test_garbage_in_the_header_stops_the_walk(settings):
    assert address(settings, "127.0.0.1", "unknown") == "127.0.0.1"
    assert address(settings, "127.0.0.1", "bogus, 10.0.0.3") == "10.0.0.3"
    assert address(settings, "127.0.0.1", "") == "127.0.0.1"
    assert address(settings, "127.0.0.1") == "127.0.0.1"


def test_ipv4_mapped_peers_are_ipv4(settings):
    assert address(settings, "::ffff:127.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert address(settings, "::ffff:203.0.113.9", proxies=[]) == "203.0.113.9"


def _fail(client, user, times):
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})


@pytest.mark.django_db
def test_an_attackers_failures_lock_only_the_attacker_behind_the_proxy(
    role_users, settings, password
):
    settings.GONGKAI_TRUSTED_PROXIES = PROXIES
    user = role_users[Role.HANDLER]
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    _fail(attacker, user, settings.AXES_FAILURE_LIMIT)
    credentials = {"username": user.username, "password": password}
    assert attacker.post(reverse("accounts:login"), credentials).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    # The staff member comes through the same nginx from another address and gets in.
    staff = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert staff.post(reverse("accounts:login"), credentials).status_code == 302


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_cannot_lock_out_the_address_it_names(
    role_users, settings, password
):
    settings.GONGKAI_TRUSTED_PROXIES = PROXIES
    user = role_users[Role.HANDLER]
    # Straight to the server, claiming to be the staff member's address.
    attacker = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="198.51.100.20")
    _fail(attacker, user, settings.AXES_FAILURE_LIMIT)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    staff = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    credentials = {"username": user.username, "password": password}
    assert staff.post(reverse("accounts:login"), credentials).status_code == 302


def test_lockouts_count_per_username_and_address(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_CLIENT_IP_CALLABLE == "gongkai.client_address.client_address"
