"""Front matter that cannot explode: no YAML aliases, one value per scalar field."""

from __future__ import annotations

import pytest

from events.extraction import ArticleError, parse_article

# Each level doubles the one before through aliases: expanded, `publisher` is 2**6 copies.
ALIAS_BOMB = (
    "---\ntitle: A bomb\n"
    'a: &a ["lol","lol"]\n'
    "b: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: &e [*d,*d]\nf: &f [*e,*e]\n"
    "publisher: [*f,*f]\n"
    "---\nBiden spoke with Macron on Tuesday.\n"
)


def test_a_six_deep_alias_bomb_is_refused_naming_file_and_field():
    with pytest.raises(ArticleError) as error:
        parse_article(ALIAS_BOMB, "bomb.md")
    assert error.value.name == "bomb.md"
    assert "aliases are not allowed" in error.value.reason and "'a'" in error.value.reason


def test_an_alias_in_a_scalar_field_is_refused_naming_the_field():
    text = "---\ntitle: &t A title\npublisher: *t\n---\nBiden spoke with Macron.\n"
    with pytest.raises(
        ArticleError, match=r"anchors and aliases are not allowed \(the field 'title'"
    ):
        parse_article(text, "alias.md")


@pytest.mark.parametrize(
    ("front", "field", "kind"),
    [
        ("title: [A, B]", "title", "list"),
        ("publisher:\n  name: AP", "publisher", "dict"),
        ("kind: [news]", "kind", "list"),
        ("url: [http://a, http://b]", "url", "list"),
        ("published: [2021-01-26]", "published", "list"),
        ("language: {en: 1}", "language", "dict"),
        ("headline: [A]", "headline", "list"),
    ],
)
def test_a_list_or_mapping_in_a_scalar_field_is_refused(front, field, kind):
    with pytest.raises(ArticleError) as error:
        parse_article(f"---\n{front}\n---\nBiden spoke with Macron.\n", "list.md")
    assert error.value.reason == f"the field {field!r} must be a single value, not a {kind}"


def test_a_manifest_value_is_held_to_the_same_rule():
    with pytest.raises(ArticleError, match="'title' must be a single value"):
        parse_article("Biden spoke with Macron.", "m.txt", {"title": ["A", "B"]})


def test_lists_in_other_fields_and_plain_scalars_are_still_read():
    text = (
        "---\ntitle: A call\npublished: 2021-01-26\ntags: [nato, calls]\n"
        "authors:\n  - A. Writer\n---\nBiden spoke with Macron.\n"
    )
    meta = parse_article(text, "ok.md").meta
    assert (meta.title, str(meta.published)) == ("A call", "2021-01-26")
