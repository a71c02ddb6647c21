"""Plurals and articles read right: "1 row", "an organizations file"."""

import pytest

from caseboard.words import plural, with_article


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (1, ("row",), "1 row"),
        (0, ("row",), "0 rows"),
        (2, ("person", "people"), "2 people"),
        (1, ("person", "people"), "1 person"),
        (1200, ("item",), "1,200 items"),
    ],
)
def test_plural(count, words, expected):
    assert plural(count, *words) == expected


def test_articles():
    assert with_article("organizations file") == "an organizations file"
    assert with_article("people file") == "a people file"


def test_pages_count_one_person_in_the_singular(client, make_user, make_organization):
    from tests.conftest import sign_in

    org = make_organization(name="Lonely Club")
    user = make_user(role="admin", organization=org)
    sign_in(client, user)
    page = client.get("/organizations").text
    row = page[page.index("Lonely Club") :]
    assert "1 person<" in row[: row.index("</tr>") if "</tr>" in row else 400]
