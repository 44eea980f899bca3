"""naming: the one place identifiers are made."""

from __future__ import annotations

import keyword
import re

import pytest

from generator.naming import (
    MAX_CLASS,
    MAX_MODULE,
    Scope,
    class_names,
    member,
    method,
    module_names,
    pascal,
    snake,
    upper,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("post_groups_terminate_sessions", "post_groups_terminate_sessions"),
        ("File--Full", "file_full"),
        ("userID", "user_id"),
        ("HTTPServer", "http_server"),
        ("ISO8601Date", "iso8601_date"),
        ("OAuthToken", "oauth_token"),
        ("OAuth2Token", "oauth2_token"),
        ("OAuth Delegations", "oauth_delegations"),
        ("HTTPSProxy", "https_proxy"),
        ("getURLs", "get_urls"),
        ("userIDs", "user_ids"),
        ("IPv4Address", "ipv4_address"),
        ("XMLHttpRequest", "xml_http_request"),
        ("Session termination", "session_termination"),
        ("If-Match", "if_match"),
        ("$type", "type"),
        ("class", "class_"),
        ("list", "list_"),
        ("2fa", "n_2fa"),
        ("prénom", "prenom"),
        ("", "value"),
        ("日本", "value"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("File--Full", "FileFull"),
        ("session_termination", "SessionTermination"),
        ("SessionTerminationMessage", "SessionTerminationMessage"),
        ("OAuthToken", "OAuthToken"),
        ("OAuth Delegations", "OAuthDelegations"),
        ("HTTPSProxy", "HTTPSProxy"),
        ("oauth_token", "OauthToken"),
        ("client-error", "ClientError"),
        ("2fa", "N2fa"),
        ("None", "None_"),
        ("", "Model"),
    ],
)
def test_pascal(text: str, expected: str) -> None:
    assert pascal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("item_name_invalid", "ITEM_NAME_INVALID"), ("asc", "ASC"), ("image/png", "IMAGE_PNG"), ("", "VALUE")],
)
def test_upper(text: str, expected: str) -> None:
    assert upper(text) == expected


@pytest.mark.parametrize("text", ["class", "def", "None", "import", "match", "_", "1", "a b", "\x00", '"""'])
def test_every_result_is_an_identifier(text: str) -> None:
    for make in (snake, pascal, upper):
        name = make(text)
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name)


def test_scope_is_deterministic_and_unique() -> None:
    scope = Scope({"to_dict"})
    names = [scope.unique(snake(t)) for t in ["user_id", "userId", "USER_ID", "to_dict", "class"]]
    assert names == ["user_id", "user_id_2", "user_id_3", "to_dict_2", "class_"]


def test_scope_casefold_for_file_names() -> None:
    # FOO and Foo differ only in case: as file names they would clash on macOS/Windows.
    scope = Scope(casefold=True)
    assert [scope.unique(pascal(t)) for t in ["Foo", "FOO", "foo"]] == ["Foo", "FOO_2", "Foo_3"]
    assert [Scope().unique(pascal(t)) for t in ["Foo", "FOO"]] == ["Foo", "FOO"]
    scope = Scope(casefold=True)
    assert scope.unique(snake("Foo")) == "foo"
    assert scope.unique(snake("FOO")) == "foo_2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("list", "list"), ("type", "type"), ("id", "id"), ("class", "class_"), ("self", "self_"), ("2fa", "n_2fa")],
)
def test_member_names_may_be_builtins(text: str, expected: str) -> None:
    assert member(text) == expected


@pytest.mark.parametrize(
    ("operation_id", "group", "expected"),
    [
        ("repos/get", "repos", "get"),
        ("repos/list-for-org", "repos", "list_for_org"),
        ("pets_list", "Pets", "list"),
        ("petsList", "Pet", "list"),
        ("session_termination_terminate", "Session termination", "terminate"),
        ("usage-costs", "Usage", "costs"),
        ("listRepos", "repos", None),  # the group's name is not a prefix
        ("inviteUser", "Invites", None),  # "invite" is a verb there
        ("repos", "repos", None),  # nothing would be left
        ("repos/import", "repos", None),  # a keyword: renamed anyway
        ("repos/2fa", "repos", None),  # a leading digit: renamed anyway
        ("reposGet", "", None),
    ],
)
def test_method_drops_the_group_name(operation_id: str, group: str, expected: str | None) -> None:
    assert method(operation_id, group) == expected


LONG = [
    "RealtimeTranscriptionSessionCreateResponseGAAudioInputTurnDetectionOption1",
    "MessageDeltaContentTextAnnotationsFileCitationObjectFileCitation",
    "RunStepDeltaStepDetailsToolCallsCodeObjectCodeInterpreterOutputsItemOption2",
    "ShieldInformationBarrierSegmentRestrictionShieldInformationBarrierSegment",
    "x" * 300,
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SessionTerminationMessage", "SessionTerminationMessage"),  # short: as it is
        # Repeated words go (the first and last words stay), then fillers, then the middle.
        ("ShieldInformationBarrierSegmentRestrictionShieldInformationBarrierSegment",
         "ShieldInformationRestrictionBarrierSegment"),
        ("PostStoragePolicyAssignmentsRequestBodyStoragePolicy", "PostStoragePolicyAssignmentsStoragePolicy"),
        ("MessageDeltaContentTextAnnotationsFileCitationObjectFileCitation",
         "MessageDeltaContentTextAnnotationsFileCitation"),
        ("RealtimeTranscriptionSessionCreateResponseGAAudioInputTurnDetectionOption1",
         "RealtimeTranscriptionInputTurnDetectionOption1"),
    ],
)
def test_long_class_names_are_shortened_readably(text: str, expected: str) -> None:
    assert class_names(text)[0] == expected


@pytest.mark.parametrize("text", LONG)
def test_shortened_names_fit_and_end_with_a_digest_only_as_a_last_resort(text: str) -> None:
    classes, modules = class_names(text), module_names(text)
    assert all(len(c) <= MAX_CLASS and c.isidentifier() for c in classes)
    assert all(len(m) <= MAX_MODULE and m.isidentifier() and m == m.lower() for m in modules)
    digest = re.compile(r"_[0-9a-f]{8}$")
    for names in (classes, modules):
        assert digest.search(names[-1])
        assert not any(digest.search(n) for n in names[:-1])
        assert len(set(names)) == len(names)


def test_scope_first_takes_the_best_free_alternative() -> None:
    scope = Scope(joiner="")
    forms = class_names(LONG[0])
    picked = [scope.first(forms) for _ in range(len(forms) + 1)]
    assert picked[: len(forms)] == list(forms)
    # All taken: the last one numbered, as Scope.unique does.
    assert picked[-1] not in forms and picked[-1].startswith(forms[-1])
