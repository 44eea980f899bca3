"""The Box extras (spec/box_extras/, copied into generated/box_client) over real HTTP on 127.0.0.1.

JWT authentication against tests/fault_server.py as Box's token endpoint: the
assertion's claims and header, checked with the public key; the token cached,
refreshed before it expires and after a 401; the token endpoint's failures as
``SdkError``s. Webhook deliveries sent over HTTP and verified with signatures
this file computes itself. The developer-token shortcut. Sync and async.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from conftest import GENERATED
from fault_server import FaultServer, Respond

BOX_TOKEN_URL = "https://api.box.com/oauth2/token"
PASSPHRASE = "correct horse"
DONE = Respond(202, {"message": "Request is successful, please check the admin events."})


@pytest.fixture(scope="module")
def box(generated_on_path: Path) -> Any:
    import box_client

    return box_client


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def encrypted_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    ).decode()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def terminate(box: Any, mode: str, token: Any, base_url: str, times: int = 1) -> list[Any]:
    """``times`` calls of a Box operation with ``token``, on one sync or async client."""
    if mode == "sync":
        with box.Client(token=token, base_url=base_url) as client:
            return [client.session_termination.terminate_groups_sessions(["1"]) for _ in range(times)]

    async def main() -> list[Any]:
        async with box.AsyncClient(token=token, base_url=base_url) as client:
            return [await client.session_termination.terminate_groups_sessions(["1"]) for _ in range(times)]

    return asyncio.run(main())


def jwt_auth(box: Any, server: FaultServer, pem: Any, clock: Clock | None = None, **kwargs: Any) -> Any:
    """``JWTAuth`` for the local server; ``pem`` the encrypted PEM text, or the key itself (quicker)."""
    options: dict[str, Any] = {"enterprise_id": "8675309", "passphrase": PASSPHRASE, **kwargs}
    return box.JWTAuth(
        "client-ID", "client-SECRET", public_key_id="key-ID", private_key=pem,
        token_url=server.url + "/oauth2/token", clock=clock or time.monotonic, **options,
    )


def token_form(server: FaultServer, index: int = 0) -> dict[str, str]:
    recorded = server.requests[index]
    assert (recorded.method, recorded.path) == ("POST", "/oauth2/token")
    assert recorded.headers["content-type"] == "application/x-www-form-urlencoded"
    return {name: values[0] for name, values in parse_qs(recorded.body.decode()).items()}


# ------------------------------------------------------------------------------- JWT


def test_the_jwt_assertion_is_signed_with_boxs_claims(
    box: Any, server: FaultServer, key: rsa.RSAPrivateKey, encrypted_pem: str, mode: str
) -> None:
    server.script(Respond(200, {"access_token": "jwt-TOKEN", "expires_in": 3600}), DONE)
    before = time.time()
    terminate(box, mode, jwt_auth(box, server, encrypted_pem), server.url)

    form = token_form(server)
    assert form.keys() == {"grant_type", "client_id", "client_secret", "assertion"}
    assert form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert (form["client_id"], form["client_secret"]) == ("client-ID", "client-SECRET")
    header = jwt.get_unverified_header(form["assertion"])
    assert (header["alg"], header["kid"]) == ("RS256", "key-ID")
    claims = jwt.decode(form["assertion"], key.public_key(), algorithms=["RS256"], audience=BOX_TOKEN_URL)
    assert {k: claims[k] for k in ("iss", "sub", "box_sub_type", "aud")} == {
        "iss": "client-ID", "sub": "8675309", "box_sub_type": "enterprise", "aud": BOX_TOKEN_URL,
    }
    assert 16 <= len(claims["jti"]) <= 128  # Box's bounds
    assert before < claims["exp"] <= time.time() + 60  # Box accepts at most 60 s ahead
    assert server.requests[1].headers["authorization"] == "Bearer jwt-TOKEN"


def test_a_user_subject_and_a_new_jti_for_every_assertion(
    box: Any, server: FaultServer, key: rsa.RSAPrivateKey
) -> None:
    auth = jwt_auth(box, server, key).with_user("42")
    first, second = (jwt.decode(auth.assertion(), key.public_key(), algorithms=["RS256"],
                                audience=BOX_TOKEN_URL) for _ in range(2))
    assert (first["sub"], first["box_sub_type"]) == ("42", "user")
    assert first["jti"] != second["jti"]  # Box refuses a jti it has seen


def test_the_token_is_cached_then_refreshed_before_it_expires(
    box: Any, server: FaultServer, key: rsa.RSAPrivateKey, mode: str
) -> None:
    clock = Clock()
    auth = jwt_auth(box, server, key, clock)
    server.script(Respond(200, {"access_token": "first", "expires_in": 3600}), DONE, DONE)
    terminate(box, mode, auth, server.url, times=2)
    assert [r.path for r in server.requests] == ["/oauth2/token", "/groups/terminate_sessions",
                                                 "/groups/terminate_sessions"]
    jti = jwt.decode(token_form(server)["assertion"], key.public_key(), algorithms=["RS256"],
                     audience=BOX_TOKEN_URL)["jti"]

    clock.now += 3600 - 29  # within the last 30 s: fetched again, with a new assertion
    server.script(Respond(200, {"access_token": "second", "expires_in": 3600}), DONE)
    terminate(box, mode, auth, server.url)
    again = jwt.decode(token_form(server)["assertion"], key.public_key(), algorithms=["RS256"],
                       audience=BOX_TOKEN_URL)
    assert again["jti"] != jti
    assert server.requests[1].headers["authorization"] == "Bearer second"


def test_a_401_fetches_a_new_token_once(box: Any, server: FaultServer, key: rsa.RSAPrivateKey, mode: str) -> None:
    server.script(
        Respond(200, {"access_token": "revoked", "expires_in": 3600}),
        Respond(401, {"type": "error", "status": 401}),
        Respond(200, {"access_token": "fresh", "expires_in": 3600}),
        DONE,
    )
    terminate(box, mode, jwt_auth(box, server, key), server.url)
    assert [r.headers.get("authorization") for r in server.requests] == [None, "Bearer revoked", None, "Bearer fresh"]


def test_concurrent_first_calls_make_one_token_request(box: Any, server: FaultServer, key: rsa.RSAPrivateKey) -> None:
    server.script(Respond(200, {"access_token": "shared", "expires_in": 3600}, delay=0.2), DONE, DONE, DONE)
    auth = jwt_auth(box, server, key)

    async def main() -> None:
        async with box.AsyncClient(token=auth, base_url=server.url) as client:
            calls = [client.session_termination.terminate_groups_sessions(["1"]) for _ in range(3)]
            await asyncio.gather(*calls)

    asyncio.run(main())
    assert [r.path for r in server.requests].count("/oauth2/token") == 1
    assert {r.headers.get("authorization") for r in server.requests[1:]} == {"Bearer shared"}


@pytest.mark.parametrize(
    ("answer", "error", "words"),
    [
        (Respond(400, {"error": "invalid_grant", "error_description": "Please check the 'exp' claim."}),
         "BadRequestError", "400"),
        (Respond(200, b"<html>maintenance</html>", {"Content-Type": "text/html"}), "TokenError", "not JSON"),
        (Respond(200, {"token_type": "bearer"}), "TokenError", "no access_token"),
        (Respond(302, b"", {"Location": "https://elsewhere.example/steal"}), "TokenError", "not followed"),
    ],
    ids=["invalid-grant", "not-json", "no-token", "redirect"],
)
def test_token_endpoint_failures_are_sdk_errors(
    box: Any, server: FaultServer, key: rsa.RSAPrivateKey, mode: str, answer: Respond, error: str, words: str
) -> None:
    server.script(answer)
    with pytest.raises(box.SdkError, match=words) as caught:
        terminate(box, mode, jwt_auth(box, server, key), server.url)
    assert type(caught.value).__name__ == error
    assert "client-SECRET" not in str(caught.value)
    assert [r.path for r in server.requests] == ["/oauth2/token"]  # nothing else sent, no redirect followed


def test_the_settings_file_of_the_developer_console(
    box: Any, server: FaultServer, key: rsa.RSAPrivateKey, encrypted_pem: str, tmp_path: Path
) -> None:
    settings = {
        "boxAppSettings": {
            "clientID": "client-ID",
            "clientSecret": "client-SECRET",
            "appAuth": {"publicKeyID": "key-ID", "privateKey": encrypted_pem, "passphrase": PASSPHRASE},
        },
        "enterpriseID": "8675309",
    }
    path = tmp_path / "123_config.json"
    path.write_text(json.dumps(settings))
    auth = box.JWTAuth.from_settings_file(path, token_url=server.url + "/oauth2/token")
    server.script(Respond(200, {"access_token": "from-file", "expires_in": 3600}), DONE)
    terminate(box, "sync", auth, server.url)
    form = token_form(server)
    claims = jwt.decode(form["assertion"], key.public_key(), algorithms=["RS256"], audience=BOX_TOKEN_URL)
    assert (claims["iss"], claims["sub"], claims["box_sub_type"]) == ("client-ID", "8675309", "enterprise")
    assert jwt.get_unverified_header(form["assertion"])["kid"] == "key-ID"
    as_user = box.JWTAuth.from_settings_file(path, user_id="77")
    assert (as_user.subject_type, as_user.subject_id) == ("user", "77")
    assert "SECRET" not in repr(auth) and "PRIVATE" not in repr(auth)


def test_unusable_keys_and_settings_are_refused_up_front(box: Any, server: FaultServer, encrypted_pem: str) -> None:
    with pytest.raises(ValueError, match="private key cannot be read"):
        jwt_auth(box, server, encrypted_pem, passphrase="wrong")
    with pytest.raises(ValueError, match="private key cannot be read"):
        jwt_auth(box, server, "not a key")
    with pytest.raises(ValueError, match="either enterprise_id or user_id"):
        jwt_auth(box, server, encrypted_pem, user_id="1")
    with pytest.raises(ValueError, match="no boxAppSettings"):
        box.JWTAuth.from_settings({"enterpriseID": "1"})


def test_importing_the_package_does_not_import_pyjwt() -> None:
    code = (
        "import sys, box_client; "
        "assert 'jwt' not in sys.modules and 'box_client.jwt_auth' not in sys.modules, 'eager'; "
        "box_client.JWTAuth; assert 'jwt' in sys.modules; "
        "assert box_client.JWTAuth is box_client.JWTAuth and box_client.jwt_auth.JWTAuth is box_client.JWTAuth"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------------------- webhooks

PRIMARY, SECONDARY = "SamplePrimaryKey", "SampleSecondaryKey"
BODY = b'{"type":"webhook_event","id":"eac4a3c2","trigger":"FILE.UPLOADED","source":{"id":"123","type":"file"}}'


def signature(key: str, body: bytes, timestamp: str) -> str:
    """Box's signature, as its guide spells it: base64(HMAC-SHA256(key, body + timestamp))."""
    return base64.b64encode(hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).digest()).decode()


def stamp(seconds_ago: float) -> str:
    moment = datetime.now(timezone.utc) - timedelta(seconds=seconds_ago)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "-00:00")


def deliver(server: FaultServer, mode: str, body: bytes, headers: dict[str, str]) -> tuple[bytes, httpx.Headers]:
    """POST the delivery to the local server as Box would; the body and headers as received."""
    server.script(Respond(200))
    url = server.url + "/box-webhook"
    if mode == "sync":
        httpx.post(url, content=body, headers=headers)
    else:
        async def send() -> None:
            async with httpx.AsyncClient() as client:
                await client.post(url, content=body, headers=headers)

        asyncio.run(send())
    received = server.requests[-1]
    return received.body, httpx.Headers(received.headers)


def headers_for(timestamp: str, primary: str, secondary: str) -> dict[str, str]:
    return {
        "BOX-DELIVERY-ID": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
        "BOX-DELIVERY-TIMESTAMP": timestamp,
        "BOX-SIGNATURE-ALGORITHM": "HmacSHA256",
        "BOX-SIGNATURE-PRIMARY": primary,
        "BOX-SIGNATURE-SECONDARY": secondary,
        "BOX-SIGNATURE-VERSION": "1",
        "Content-Type": "application/json; charset=utf-8",
    }


@pytest.mark.parametrize(
    ("case", "seconds_ago", "valid"),
    [
        ("both", 5, True),
        ("primary-only", 5, True),  # the secondary key was rotated
        ("secondary-only", 5, True),  # the primary key was rotated
        ("wrong-keys", 5, False),
        ("tampered-body", 5, False),
        ("nine-minutes-old", 9 * 60, True),
        ("eleven-minutes-old", 11 * 60, False),
        ("clock-skew-30s", -30, True),
        ("two-minutes-ahead", -120, False),
    ],
)
def test_webhook_signatures(box: Any, server: FaultServer, case: str, seconds_ago: float, valid: bool) -> None:
    timestamp = stamp(seconds_ago)
    primary, secondary = signature(PRIMARY, BODY, timestamp), signature(SECONDARY, BODY, timestamp)
    if case == "primary-only":
        secondary = signature("old secondary", BODY, timestamp)
    elif case == "secondary-only":
        primary = signature("old primary", BODY, timestamp)
    elif case == "wrong-keys":
        primary, secondary = signature("a", BODY, timestamp), signature("b", BODY, timestamp)
    body, headers = deliver(server, "sync", BODY, headers_for(timestamp, primary, secondary))
    if case == "tampered-body":
        body = body.replace(b"123", b"124")
    assert box.verify_webhook(body, headers, PRIMARY, SECONDARY) is valid


def test_a_delivery_sent_by_an_async_client_verifies(box: Any, server: FaultServer) -> None:
    timestamp = stamp(5)
    sent = headers_for(timestamp, signature(PRIMARY, BODY, timestamp), signature(SECONDARY, BODY, timestamp))
    body, headers = deliver(server, "async", BODY, sent)
    assert box.verify_webhook(body, headers, PRIMARY, SECONDARY)
    assert not box.verify_webhook(body + b" ", headers, PRIMARY, SECONDARY)


def test_webhook_headers_that_are_refused(box: Any) -> None:
    timestamp = stamp(5)
    good = headers_for(timestamp, signature(PRIMARY, BODY, timestamp), signature(SECONDARY, BODY, timestamp))
    assert box.verify_webhook(BODY, good, PRIMARY, SECONDARY)
    assert box.verify_webhook(BODY, {k.lower(): v for k, v in good.items()}, PRIMARY)  # any case
    assert box.verify_webhook(BODY, good, None, SECONDARY)
    assert not box.verify_webhook(BODY, good, None, None)
    for name, value in [("BOX-SIGNATURE-VERSION", "2"), ("BOX-SIGNATURE-ALGORITHM", "HmacSHA1"),
                        ("BOX-DELIVERY-TIMESTAMP", "yesterday"), ("BOX-DELIVERY-TIMESTAMP", "2030-01-01T00:00:00")]:
        assert not box.verify_webhook(BODY, {**good, name: value}, PRIMARY, SECONDARY), (name, value)
    # The timestamp's bytes are signed as sent: a Z form verifies against its own signature.
    zulu = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert box.verify_webhook(BODY, headers_for(zulu, signature(PRIMARY, BODY, zulu), ""), PRIMARY)


# ------------------------------------------------------------------------------- developer token


def test_a_developer_token_is_sent_until_its_hour_is_over(box: Any, server: FaultServer, mode: str) -> None:
    clock = Clock()
    token = box.DeveloperToken("dev-TOKEN", clock=clock)
    assert "dev-TOKEN" not in repr(token)
    server.script(DONE)
    terminate(box, mode, token, server.url)
    assert server.requests[0].headers["authorization"] == "Bearer dev-TOKEN"

    clock.now += 60 * 60
    server.script(DONE)
    with pytest.raises(box.TokenError, match="developer token has expired"):
        terminate(box, mode, token, server.url)
    assert server.requests == []  # refused here, not sent to be refused
