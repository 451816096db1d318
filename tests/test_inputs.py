"""Data files: YAML keeps what was typed, duplicates are refused, errors name the file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from docgen import inputs, yaml_loader
from docgen.errors import InvalidData, UsageError
from docgen.inputs import load_records, parse_json, parse_yaml
from docgen.registry import get_type


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs on both parsers: libyaml's, and the pure-Python one used where libyaml is missing."""
    assert yaml_loader._LIBYAML is not None, "PyYAML was built without libyaml: the fast path goes untested"
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_loader, "_LIBYAML", None)
    return str(request.param)


def test_valid_yaml_is_parsed_by_libyaml_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pure-Python parser is three times slower: with libyaml it only words errors.
    monkeypatch.setattr(yaml_loader, "_LIBYAML", yaml_loader._libyaml_loader())
    monkeypatch.setattr(yaml_loader, "_PureLoader", None)
    text = "- a: x\n  b: [1, ~]\n- a: y\n"
    assert parse_yaml(text) == [{"a": "x", "b": ["1", None]}, {"a": "y"}]


def test_a_file_libyaml_refuses_is_worded_by_the_pure_parser() -> None:
    # libyaml's own wording differs ("did not find expected ',' or ']'"); users see one wording everywhere.
    with pytest.raises(Exception, match=r"expected ',' or '\]', but got '<stream end>'"):
        parse_yaml("a: [1, 2\n")


@pytest.mark.parametrize("typed", ["NO", "yes", "0012", "010020", "12:30", "+8613800138000", "1e3", "0x1F", ".inf"])
def test_yaml_keeps_what_was_typed(typed: str) -> None:
    assert parse_yaml(f"value: {typed}\n") == {"value": typed}


def test_yaml_null_forms_are_none() -> None:
    assert parse_yaml("a:\nb: ~\nc: null\n") == {"a": None, "b": None, "c": None}


def test_yaml_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: a\nother: b\nname: c\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_records(path)
    assert (
        str(caught.value) == f"{path}: malformed YAML: line 3, column 1: duplicate key 'name' (first given on line 1)"
    )


def test_nested_yaml_duplicate_key_is_an_error() -> None:
    with pytest.raises(Exception, match="duplicate key 'x'"):
        parse_yaml("outer:\n  x: 1\n  x: 2\n")


def test_json_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"a": {"b": 1, "b": 2}}', encoding="utf-8")
    with pytest.raises(InvalidData, match=r"dup\.json: malformed JSON: duplicate key 'b'"):
        load_records(path)


def test_json_numbers_are_decimals_not_floats() -> None:
    amounts = parse_json('{"fee": 1.10, "rate": 0.1, "big": 12345678901234567.89}')
    assert {key: str(value) for key, value in amounts.items()} == {
        "fee": "1.10",  # the cents as typed; a float would say 1.1
        "rate": "0.1",
        "big": "12345678901234567.89",  # a float would lose the cents
    }
    assert all(isinstance(value, Decimal) for value in amounts.values())
    with pytest.raises(ValueError, match="NaN"):
        parse_json('{"amount": NaN}')


def test_malformed_yaml_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_records(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: malformed YAML: line ")


def test_missing_file_and_unknown_suffix_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="data file not found"):
        load_records(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match="unsupported data file type"):
        load_records(tmp_path / "data.txt")


def test_top_level_must_be_a_mapping_or_list_of_mappings(tmp_path: Path) -> None:
    path = tmp_path / "scalar.yaml"
    path.write_text("just text\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="expected a mapping"):
        load_records(path)


def test_a_list_gives_rows(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("- a: 1\n- a: 2\n", encoding="utf-8")
    assert [(r.row, r.data) for r in load_records(path)] == [(1, {"a": "1"}), (2, {"a": "2"})]


def test_non_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("name: 张三\n".encode("gbk"))
    with pytest.raises(InvalidData, match="not UTF-8 text"):
        load_records(path)


def test_yaml_aliases_are_refused_so_an_alias_bomb_cannot_hang_the_check(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]  # 9^9 values by reference
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_records(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: malformed YAML: line 2, column 10: aliases (*a0) are not accepted; write the values out"
    ]


@pytest.mark.parametrize(("suffix", "levels"), [(".json", 100_000), (".yaml", 100_000), (".json", 40), (".yaml", 40)])
def test_data_nested_too_deeply_is_refused_cleanly(tmp_path: Path, suffix: str, levels: int) -> None:
    # 100,000 levels exhaust the parser's recursion; 40 parse, and would strain every later step.
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * levels + "]" * levels, encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_records(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}: nested more than 32 levels deep"]


def test_a_csv_cell_too_long_for_any_field_is_named_by_its_row(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"姓名,notes\n王五,short\n李四,{'x' * 200_000}\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_records(path, get_type("offer_letter"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:row 3: a cell holds more than 131,072 characters; no field takes that much text"
    ]


def test_explicit_tags_give_what_safeconstructor_gives() -> None:
    text = "n: !!int 5\nf: !!float 1.5\nb: !!bool yes\ns: !!set {x, y}\nt: !!str 7\n"
    assert parse_yaml(text) == {"n": 5, "f": 1.5, "b": True, "s": {"x", "y"}, "t": "7"}


def test_a_key_given_twice_beside_explicit_tags_is_still_refused() -> None:
    with pytest.raises(Exception, match=r"duplicate key 'k' \(first given on line 1\)"):
        parse_yaml("k: !!int 1\nk: 2\n")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_yaml_or_json_file_over_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(inputs, "MAX_JSON_BYTES" if suffix == ".json" else "MAX_YAML_BYTES", 2**20)
    path = tmp_path / f"many{suffix}"
    path.write_text("[" + ", ".join(['{"a": "1"}'] * 100_000) + "]", encoding="utf-8")
    assert path.stat().st_size > 2**20
    with pytest.raises(InvalidData) as caught:
        load_records(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}: larger than 1 MB; a {suffix[1:].upper()} file is read whole: split it, or use CSV or XLSX"
    ]
