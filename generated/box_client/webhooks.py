"""Box webhook signatures: is this delivery from Box, unaltered and fresh?

Hand-written (spec/box_extras/): no API description says how Box signs
webhook deliveries. Follows Box's guide "Signature Verification"
(developer.box.com/guides/webhooks/v2/signatures-v2/) and box-sdk-gen's
``WebhooksManager.validate_message`` (box_sdk_gen/managers/webhooks.py):

- each signature is base64(HMAC-SHA256(key, body bytes + the bytes of the
  ``BOX-DELIVERY-TIMESTAMP`` header)), sent in ``BOX-SIGNATURE-PRIMARY``
  (primary key) and ``BOX-SIGNATURE-SECONDARY`` (secondary key); a delivery
  is genuine if either matches (so a key can be rotated while the other
  still verifies), compared in constant time;
- ``BOX-SIGNATURE-VERSION`` must be ``1`` and ``BOX-SIGNATURE-ALGORITHM``
  ``HmacSHA256``, as box-sdk-gen requires;
- a delivery timestamped more than 10 minutes ago is refused (a replay).

Two choices of our own: box-sdk-gen refuses any timestamp in the future,
which refuses genuine deliveries whenever this machine's clock is a little
behind Box's, so up to 60 seconds ahead is accepted and more is refused; and
the body is the request's bytes exactly as received (box-sdk-gen, given text,
also tries it re-escaped: bytes need no second try).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping
from datetime import datetime

__all__ = ["verify_webhook"]

MAX_AGE = 10 * 60.0
MAX_AHEAD = 60.0


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    primary_key: str | None,
    secondary_key: str | None = None,
    *,
    max_age: float = MAX_AGE,
    now: float | None = None,
) -> bool:
    """Whether a webhook delivery is genuine: signed with either key, and recent.

    ``body`` is the request's body as received (bytes, not parsed JSON);
    ``headers`` its headers, in any case (a dict, or your framework's
    headers); ``now`` the Unix time to judge the timestamp by (default: now).
    """
    found = {name.lower(): value for name, value in headers.items()}
    if found.get("box-signature-version") != "1":
        return False
    if found.get("box-signature-algorithm") != "HmacSHA256":
        return False
    stamp = found.get("box-delivery-timestamp")
    sent = _unix_time(stamp) if stamp is not None else None
    if stamp is None or sent is None:
        return False
    age = (time.time() if now is None else now) - sent
    if not -MAX_AHEAD <= age <= max_age:
        return False
    signed = body + stamp.encode("utf-8")
    return any(
        _matches(key, signed, found.get(header))
        for key, header in (
            (primary_key, "box-signature-primary"),
            (secondary_key, "box-signature-secondary"),
        )
    )


def _matches(key: str | None, signed: bytes, signature: str | None) -> bool:
    if not key or signature is None:
        return False
    digest = hmac.new(key.encode("utf-8"), signed, hashlib.sha256).digest()
    expected = base64.b64encode(digest)
    return hmac.compare_digest(expected, signature.strip().encode("utf-8", "replace"))


def _unix_time(stamp: str) -> float | None:
    """An RFC 3339 date-time as Unix time; None if it is not one, or has no offset."""
    text = stamp.strip()
    if text[-1:] in ("Z", "z"):  # fromisoformat takes no Z before Python 3.11
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.timestamp()
