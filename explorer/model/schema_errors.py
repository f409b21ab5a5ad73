"""Turn pydantic validation errors into located, readable :class:`Problem` s.

pydantic's own messages ("Input should be a valid number") name neither the
file nor what the author should type instead. Each problem built here says
what was expected, what was found and how to fix it, and points at the line
of the offending key via :class:`~explorer.model.yaml_source.YamlDocument`.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import AfterValidator, BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from explorer.model.errors import Problem, clip
from explorer.model.yaml_source import YamlDocument

#: Error type used by our own validators; its message is shown verbatim.
EXPLAINED = "explained"

# pydantic error type -> (what was expected, how to fix it). ``{…}`` fields are
# filled from the error's ``ctx``.
_EXPECTATIONS: dict[str, tuple[str, str]] = {
    "string_type": ("text", "Write the value as text; quote it if it looks like a number."),
    "float_type": ("a number", "Write a plain number such as 12.5."),
    "float_parsing": ("a number", "Write a plain number such as 12.5."),
    "finite_number": ("a finite number", "Write a plain number such as 12.5, not .nan or .inf."),
    "int_type": ("a whole number", "Write a whole number such as 1."),
    "int_parsing": ("a whole number", "Write a whole number such as 1."),
    "bool_type": ("true or false", "Write true or false."),
    "list_type": ("a list", "Write a YAML list: [a, b] or one '- item' per line."),
    "tuple_type": ("a list", "Write a YAML list such as [x, y, z]."),
    "dict_type": ("a mapping", "Write 'key: value' entries indented under this key."),
    "model_type": ("a mapping", "Write 'key: value' entries indented under this key."),
    "greater_than": ("a number > {gt}", "Use a positive value."),
    "greater_than_equal": ("a number >= {ge}", "Use a value of at least {ge}."),
    "less_than": ("a number < {lt}", "Use a smaller value."),
    "less_than_equal": ("a number <= {le}", "Use a value of at most {le}."),
    "literal_error": ("one of {expected}", "Use one of the listed values (mind the case)."),
    "too_short": ("at least {min_length} item(s)", "Add the missing item(s)."),
    "too_long": ("at most {max_length} item(s)", "Remove the extra item(s)."),
    "string_too_short": ("non-empty text", "Write some text here."),
    "string_too_long": ("text of at most {max_length} characters", "Shorten it."),
    "string_pattern_mismatch": (
        "a snake_case id (lower-case letters, digits and '_', starting with a letter)",
        "Rename it, e.g. 'upper_trapezius'.",
    ),
}


def explained(message: str, fix: str = "") -> PydanticCustomError:
    """Build an error whose ``message`` and ``fix`` are shown to the author as written.

    The text travels in the context, so braces in it (YAML mappings such as
    ``{landmark: name}``) are not mistaken for format fields.
    """
    return PydanticCustomError(EXPLAINED, "{text}", {"text": message, "fix": fix})


#: Control codes, and the bidirectional overrides and isolates (U+202A..U+202E,
#: U+2066..U+2069): Qt orders mixed-direction text by itself, and one stray
#: override turns the rest of a card or a dialog around (or hides a word).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _without_control_characters(value: str) -> str:
    bad = _CONTROL.search(value)
    if bad:
        raise explained(
            f"expected plain text; found the control character U+{ord(bad.group()):04X} "
            f"at character {bad.start() + 1}.",
            "Delete it: a text shown on screen holds letters, digits and punctuation only.",
        )
    return value


#: Use in ``Annotated[str, ..., PLAIN_TEXT]``: refuses NUL, escape and other control codes.
PLAIN_TEXT = AfterValidator(_without_control_characters)


def refuse_bool(value: Any, expected: str) -> Any:
    """``value`` unchanged unless it is a boolean (or a float), which pydantic would read as 1.

    A version is a whole number: ``true`` and ``1.0`` are not ``1``.
    """
    if isinstance(value, bool | float):
        raise explained(
            f"expected {expected}; found {describe_value(value)}.", "Write the number itself."
        )
    return value


def describe_value(value: Any) -> str:
    """Describe a YAML value briefly, for the 'found ...' part of a message.

    Never longer than about :data:`~explorer.model.errors.ECHO_LIMIT`
    characters, whatever the value: a 10 MB name is cut, a long list counted.
    """
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {clip(repr(value))}"
    if isinstance(value, str):
        return f"the text '{clip(value, 40)}'"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        keys = ", ".join(clip(key, 20) for key in list(value)[:6])
        return clip(f"a mapping with keys {keys}") if keys else "an empty mapping"
    return type(value).__name__


def echo(value: Any) -> str:
    """A short literal rendering of ``value``, e.g. ``[1.0, nan, 3.0]``, cut to about 80 characters.

    Unlike ``repr`` it never builds a huge string first: a long list shows
    its first items only.
    """
    if isinstance(value, list | tuple):
        shown = ", ".join(echo(item) for item in value[:8])
        return clip(f"[{shown}{', ...' if len(value) > 8 else ''}]")
    if isinstance(value, dict):
        return describe_value(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return clip(repr(value))


def problems_from_validation(
    error: ValidationError,
    document: YamlDocument,
    prefix: Sequence[str | int] = (),
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """Convert every error in ``error`` into a located :class:`Problem`.

    Parameters
    ----------
    error
        What pydantic raised.
    document
        The YAML document the data came from (for line numbers).
    prefix
        Key path of the validated data inside the document.
    model
        The model that was validated; used to list the allowed keys when an
        unknown key is found.
    """
    problems = []
    for detail in error.errors(include_url=False):
        if _is_echo_of_item_errors(detail):
            continue
        message, fix = _explain(detail, model)
        problems.append(document.problem((*prefix, *detail["loc"]), message, fix))
    return problems


def _is_echo_of_item_errors(detail: Any) -> bool:
    """True for the extra ``too_short`` pydantic adds when a tuple's items fail.

    pydantic counts only the items that validated, so a tuple with one bad item
    is also reported as too short; the item's own error already says it all.
    """
    if detail["type"] != "too_short" or not isinstance(detail.get("input"), list | tuple):
        return False
    return len(detail["input"]) >= detail.get("ctx", {}).get("min_length", 0)


def _explain(detail: Any, model: type[BaseModel] | None) -> tuple[str, str]:
    """Return (message, fix) for one pydantic error entry."""
    kind, context, found = detail["type"], detail.get("ctx") or {}, detail.get("input")
    if kind == EXPLAINED:
        return detail["msg"], context.get("fix", "")
    if kind == "missing":
        name = clip(detail["loc"][-1])
        return f"required key '{name}' is missing.", f"Add '{name}: ...' here."
    if kind == "extra_forbidden":
        return _unknown_key(detail["loc"], model)
    if kind == "string_pattern_mismatch" and "http" in str(context.get("pattern", "")):
        return (
            f"expected a web address starting with http:// or https://; "
            f"found {describe_value(found)}.",
            "Write the full address, e.g. https://example.org/page.",
        )
    if kind in _EXPECTATIONS:
        expected, fix = _EXPECTATIONS[kind]
        return (
            f"expected {expected.format(**context)}; found {describe_value(found)}.",
            fix.format(**context),
        )
    return f"{clip(detail['msg'])}; found {describe_value(found)}.", ""


def _unknown_key(loc: Sequence[str | int], model: type[BaseModel] | None) -> tuple[str, str]:
    """Explain an unknown key, listing the allowed ones and the closest match."""
    name = clip(loc[-1])
    allowed = _allowed_keys(loc, model)
    if not allowed:
        return f"unknown key '{name}'.", "Remove it or check its spelling."
    message = f"unknown key '{name}'; expected one of: {', '.join(allowed)}."
    close = difflib.get_close_matches(name, allowed, n=1)
    fix = f"Did you mean '{close[0]}'?" if close else "Remove it or check its spelling."
    return message, fix


def _allowed_keys(loc: Sequence[str | int], model: type[BaseModel] | None) -> list[str]:
    owner = _model_at(model, loc[:-1]) if model else None
    return list(owner.model_fields) if owner else []


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """Follow ``loc`` through the field annotations of ``model`` to a nested model."""
    current: Any = model
    for key in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(key))
            if field is None:
                return None
            current = _unwrap(field.annotation)
        else:  # inside a list or dict: step to the item type
            current = _unwrap(_item_type(current))
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Optional`` / ``Annotated`` wrappers from an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _unwrap(members[0]) if len(members) == 1 else annotation
    return annotation


def _item_type(container: Any) -> Any:
    """Return the element type of ``list[X]``, ``tuple[X, ...]`` or ``dict[K, X]``."""
    arguments = typing.get_args(container)
    if not arguments:
        return Any
    return arguments[-1] if typing.get_origin(container) is dict else arguments[0]
