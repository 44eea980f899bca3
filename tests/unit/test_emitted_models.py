"""Model behaviour of the emitted feature packages (no HTTP): unions, const, names."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("golden_on_path")

PHYSICAL = {"kind": "physical", "id": "1", "name": "Box", "sku": "B-1", "created_at": "2024-05-01T00:00:00Z"}
DIGITAL = {**PHYSICAL, "kind": "digital", "download_url": "https://example.com/f"}


def test_union_is_resolved_by_const_tag() -> None:
    from inventory_client._serde import decode
    from inventory_client.models import DigitalItem, PhysicalItem

    item_type = PhysicalItem | DigitalItem
    assert isinstance(decode(item_type, PHYSICAL), PhysicalItem)
    assert isinstance(decode(item_type, DIGITAL), DigitalItem)


def test_const_field_is_checked_and_defaulted() -> None:
    from inventory_client._serde import DecodeError
    from inventory_client.models import PhysicalItem

    with pytest.raises(DecodeError, match="expected 'physical'"):
        PhysicalItem.from_dict({**PHYSICAL, "kind": "digital"})
    item = PhysicalItem.from_dict(PHYSICAL)
    assert item.kind == "physical"
    assert item.to_dict()["kind"] == "physical"


def test_awkward_names_round_trip_through_wire_names() -> None:
    from awkward_names_client.models import Thing

    wire = {"class": "c", "userId": "u3", "from": "f", "$type": "t2", "type": "t", "userID": "u2",
            "user_id": "u1", "2fa_enabled": True, "prénom": "p", "名前": "n", "to_dict": "d"}
    thing = Thing.from_dict(wire)
    assert (thing.class_, thing.from_, thing.type, thing.type_2) == ("c", "f", "t", "t2")
    assert (thing.user_id, thing.user_id_2, thing.user_id_3) == ("u1", "u2", "u3")
    assert thing.n_2fa_enabled is True and thing.prenom == "p" and thing.field == "n"
    assert thing.to_dict_2 == "d" and thing.extra_fields == {}
    assert thing.to_dict() == wire


def test_enum_values_that_differ_only_in_case_stay_distinct() -> None:
    from awkward_names_client.models import SortOrder

    values = {member.value for member in SortOrder}
    assert {"ASC", "asc"} <= values
    assert SortOrder("ASC") is not SortOrder("asc")


def test_discriminator_mapping_picks_the_option() -> None:
    from inventory_client._serde import DecodeError, Discriminator, decode
    from inventory_client.models import DigitalItem, Item, PhysicalItem

    metadata = Item.__metadata__  # type: ignore[attr-defined]
    assert isinstance(metadata[0], Discriminator) and metadata[0].property == "kind"
    assert metadata[0].mapping == {"physical": "PhysicalItem", "digital": "DigitalItem"}
    assert isinstance(decode(Item, DIGITAL), DigitalItem)
    assert isinstance(decode(Item, PHYSICAL), PhysicalItem)
    with pytest.raises(DecodeError):
        decode(Item, {**PHYSICAL, "kind": "robot"})


def test_discriminated_union_picks_by_mapping_and_by_shape_without_the_property() -> None:
    from inventory_client._serde import decode
    from inventory_client.models import DigitalItem, Item, PhysicalItem

    decoded = decode(list[Item], [DIGITAL, PHYSICAL, DIGITAL])
    assert [type(item) for item in decoded] == [DigitalItem, PhysicalItem, DigitalItem]
    assert decoded[0].download_url == "https://example.com/f" and decoded[1].sku == "B-1"
    # Without the discriminator's property the shape decides: download_url is DigitalItem's alone.
    untagged = {key: value for key, value in DIGITAL.items() if key != "kind"}
    item = decode(Item, untagged)
    assert type(item) is DigitalItem and item.kind == "digital"


def test_a_method_named_list_leaves_the_builtin_to_annotations() -> None:
    import typing

    from awkward_names_client import Client
    from awkward_names_client.resources.repos import AsyncReposResource, ReposResource

    client = Client(base_url="https://example.com", token="t")
    assert client.repos.list.__name__ == "list" and callable(client.repos.list_topics)
    # (mypy --strict over the package, in test_typecheck, is what checks that the
    # annotations after `def list` still mean the builtin.)
    for resource in (ReposResource, AsyncReposResource):
        assert typing.get_type_hints(resource.list)["return"] == list[str]
        assert typing.get_type_hints(resource.list_topics)["return"] == list[str]
