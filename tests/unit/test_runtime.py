"""The emitted runtime (models, enums, errors) in the generated Box package."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

pytestmark = pytest.mark.usefixtures("generated_on_path")

ERROR_BODY: dict[str, Any] = {
    "type": "error",
    "status": 404,
    "code": "not_found",
    "message": "Not Found",
    "context_info": {"errors": [{"reason": "invalid_parameter"}]},
    "help_url": "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/",
    "request_id": "abc",
}


def test_models_are_typed_dataclasses_with_docstrings() -> None:
    from box_client.models import ClientError, SessionTerminationMessage

    assert dataclasses.is_dataclass(ClientError)
    assert ClientError.__doc__ == "A generic error."
    assert SessionTerminationMessage.__doc__ and "termination job status" in SessionTerminationMessage.__doc__
    assert [f.name for f in dataclasses.fields(ClientError)][:2] == ["extra_fields", "type"]


def test_from_dict_to_dict_round_trip_with_real_enums() -> None:
    from box_client.models import ClientError, ClientErrorCode, ClientErrorType

    error = ClientError.from_dict(ERROR_BODY)
    assert error.type is ClientErrorType.ERROR
    assert error.code is ClientErrorCode.NOT_FOUND
    assert error.status == 404
    assert error.to_dict() == ERROR_BODY


def test_unknown_fields_and_enum_values_are_kept() -> None:
    from box_client.models import ClientError, ClientErrorCode

    body = {**ERROR_BODY, "code": "brand_new_code", "retry_after": 3}
    error = ClientError.from_dict(body)
    assert isinstance(error.code, ClientErrorCode)
    assert error.code.value == "brand_new_code"
    assert error.code not in list(ClientErrorCode)
    assert error.extra_fields == {"retry_after": 3}
    assert error.to_dict() == body


def test_absent_and_null_are_distinguishable_on_nullable_fields() -> None:
    from box_client import UNSET
    from box_client.models import ClientError

    absent = ClientError.from_dict({"message": "m"})
    null = ClientError.from_dict({"message": "m", "context_info": None})
    assert absent.context_info is UNSET
    assert null.context_info is None
    assert absent.to_dict() == {"message": "m"}
    assert null.to_dict() == {"message": "m", "context_info": None}
    # Non-nullable optional fields: None means "not sent".
    assert ClientError(message=None).to_dict() == {}


def test_required_fields_are_required() -> None:
    from box_client._serde import DecodeError
    from box_client.models import TerminateGroupsSessionsRequestBody

    body = TerminateGroupsSessionsRequestBody(group_ids=["1"])
    assert body.to_dict() == {"group_ids": ["1"]}
    with pytest.raises(TypeError):
        TerminateGroupsSessionsRequestBody()  # type: ignore[call-arg]
    with pytest.raises(DecodeError, match="required field 'group_ids'"):
        TerminateGroupsSessionsRequestBody.from_dict({})


def test_wrong_types_raise_decode_error_with_path() -> None:
    from box_client._serde import DecodeError
    from box_client.models import ClientError, TerminateGroupsSessionsRequestBody

    with pytest.raises(DecodeError, match=r"expected integer, got string at \['status'\]"):
        ClientError.from_dict({"status": "404"})
    with pytest.raises(DecodeError, match=r"expected string, got integer at \['group_ids'\]\[1\]"):
        TerminateGroupsSessionsRequestBody.from_dict({"group_ids": ["1", 2]})
    with pytest.raises(DecodeError, match="expected an object"):
        ClientError.from_dict([])  # type: ignore[arg-type]


def test_error_classes_by_status() -> None:
    import box_client as bc
    from box_client._errors import error_class_for_status

    expected = {
        400: bc.BadRequestError,
        401: bc.AuthenticationError,
        403: bc.PermissionDeniedError,
        404: bc.NotFoundError,
        409: bc.ConflictError,
        422: bc.UnprocessableEntityError,
        429: bc.RateLimitError,
        500: bc.InternalServerError,
        503: bc.InternalServerError,
        418: bc.ApiError,
    }
    for status, cls in expected.items():
        assert error_class_for_status(status) is cls
        assert issubclass(cls, bc.ApiError) and issubclass(cls, bc.SdkError)


def test_client_repr_hides_token_and_resource_groups_are_cached() -> None:
    from box_client import Client

    client = Client(token="very-secret-token")
    assert "very-secret-token" not in repr(client)
    assert client.base_url == "https://api.box.com/2.0"
    assert client.session_termination is client.session_termination
    assert "very-secret-token" not in repr(client.session_termination)
    client.close()


def test_importing_the_package_does_not_import_models() -> None:
    import subprocess
    import sys

    from conftest import GENERATED

    code = (
        "import sys, box_client; box_client.Client(token='t'); "
        "print(sorted(m for m in sys.modules if m.startswith('box_client.models')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
