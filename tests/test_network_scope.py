"""Scope.from_args: the network pages' query string read in one place; anything
unknown or malformed is ignored rather than answered with an error."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from caseboard.network.graph import Scope


def scope(**args) -> Scope:
    return Scope.from_args(MultiDict(args))


def test_no_arguments_is_the_whole_coalition_with_cold_ties():
    assert Scope.from_args(MultiDict()) == Scope()
    assert Scope().include_cold


@pytest.mark.parametrize(
    ("args", "kind", "object_id"),
    [
        ({"case": "3"}, "case", 3),
        ({"org": "4"}, "organization", 4),
        ({"person": "5"}, "person", 5),
        ({"case": "3", "org": "4", "person": "5"}, "case", 3),
        ({"case": "x", "org": "4"}, "organization", 4),
        ({"case": "-1", "org": "0", "person": "7"}, "person", 7),
        ({"person": "99999999999999999999"}, "coalition", None),
    ],
)
def test_the_first_valid_id_picks_the_subject(args, kind, object_id):
    found = Scope.from_args(MultiDict(args))
    assert (found.kind, found.object_id) == (kind, object_id)


@pytest.mark.parametrize(
    ("radius", "expected"), [("2", 2), ("0", 1), ("9", 3), ("two", 1), ("1.5", 1)]
)
def test_radius_is_kept_between_one_and_three(radius, expected):
    assert scope(radius=radius).radius == expected


@pytest.mark.parametrize(
    ("minimum", "expected"), [("0.4", 0.4), ("-1", 0.0), ("7", 1.0), ("strong", 0.0)]
)
def test_minimum_strength_is_kept_between_zero_and_one(minimum, expected):
    assert scope(min=minimum).min_strength == expected


def test_only_known_tie_kinds_filter():
    args = MultiDict([("type", "works_with"), ("type", "nonsense"), ("type", "")])
    assert Scope.from_args(args).types == ("works_with",)


def test_as_of_is_a_day_or_nothing():
    assert scope(as_of="2026-03-01").as_of == date(2026, 3, 1)
    assert scope(as_of="last tuesday").as_of is None
    assert scope(as_of="").as_of is None


@pytest.mark.parametrize(
    ("values", "include_cold"),
    [([], True), (["0"], False), (["0", "1"], True), (["1"], True)],
)
def test_the_cold_checkbox_uses_its_last_value(values, include_cold):
    args = MultiDict([("cold", value) for value in values])
    assert Scope.from_args(args).include_cold is include_cold
