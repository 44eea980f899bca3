"""mypy --strict infers what with_raw_response, with_streaming_response, with_options and
_request_id give, from the emitted box_client's own annotations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import GENERATED
from mypy_run import mypy

pytestmark = pytest.mark.slow

USE = '''
from box_client import AsyncClient, Client

client = Client(token="t").with_options(timeout=3.0, max_retries=0, headers={"X": "1"})
raw = client.session_termination.with_raw_response.terminate_groups_sessions(["1"])
reveal_type(raw.parse())
reveal_type(raw.request_id)
with client.session_termination.with_streaming_response.terminate_groups_sessions(["1"]) as streamed:
    reveal_type(streamed.parse())
reveal_type(client.copy())
reveal_type(client.session_termination.terminate_groups_sessions(["1"], extra_body={"a": 1})._request_id)


async def main() -> None:
    aclient = AsyncClient(token="t").with_options(max_retries=1)
    araw = await aclient.session_termination.with_raw_response.terminate_users_sessions(["1"], ["a"])
    reveal_type(araw.parse())
    async with aclient.session_termination.with_streaming_response.terminate_groups_sessions(["1"]) as s:
        reveal_type(await s.parse())
'''

MESSAGE = "box_client.models.session_termination_message.SessionTerminationMessage"


def test_the_accessors_are_typed(tmp_path: Path) -> None:
    shutil.copytree(GENERATED / "box_client", tmp_path / "box_client")
    (tmp_path / "use.py").write_text(USE)
    result = mypy(Path("use.py"), cwd=tmp_path)
    revealed = [line.split('Revealed type is "', 1)[1].rstrip('"') for line in result.stdout.splitlines() if "Revealed" in line]
    assert revealed == [
        MESSAGE, "str | None", MESSAGE, "box_client._client.Client", "str | None", MESSAGE, MESSAGE,
    ], result.stdout
    assert "error:" not in result.stdout.replace("note:", ""), result.stdout
