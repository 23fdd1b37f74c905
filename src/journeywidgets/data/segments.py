"""Segment filters: a persona's ``segment`` text as a narwhals expression.

The grammar is the familiar ``DataFrame.query`` subset: column names, string,
number and boolean literals, lists, comparisons (``== != < <= > >=``), ``in`` /
``not in``, ``and`` / ``or`` / ``not`` and parentheses. A comparison with a missing
(null) value is false on every engine, as in SQL: ``device != 'mobile'`` leaves out the
rows with no device (``not device == 'mobile'`` keeps them). Anything else (function
calls, attribute access, arithmetic) is rejected with a :class:`SegmentError`,
so a segment can never run code. It is parsed with Python's own ``ast`` module.

Example:
    >>> expr, columns = parse_segment("device == 'mobile' and age_band in ['25-34', '35-44']")
    >>> sorted(columns)
    ['age_band', 'device']
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

import narwhals.stable.v2 as nw

from journeywidgets.data.errors import SegmentError

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


def _fail(text: str, why: str) -> SegmentError:
    return SegmentError(f"segment {text!r}: {why}", path="segment")


class _Reader:
    """Turns the parsed segment into an expression, collecting the columns it reads."""

    def __init__(self, text: str, schema: dict[str, Any] | None) -> None:
        self.text = text
        self.columns: set[str] = set()
        self.schema = schema or {}

    def expression(self, node: ast.AST) -> nw.Expr:
        if isinstance(node, ast.BoolOp):
            parts = [self.expression(value) for value in node.values]
            combine = operator.and_ if isinstance(node.op, ast.And) else operator.or_
            result = parts[0]
            for part in parts[1:]:
                result = combine(result, part)
            return result
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ~self.expression(node.operand)
        if isinstance(node, ast.Compare):
            return self.comparison(node)
        if isinstance(node, ast.Name):  # a boolean column on its own
            return self.column(node)
        raise _fail(self.text, f"cannot use {ast.unparse(node)!r}; write comparisons joined by and/or")

    def comparison(self, node: ast.Compare) -> nw.Expr:
        result: nw.Expr | None = None
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            part = self.compare_pair(left, op, right)
            result = part if result is None else result & part
            left = right
        assert result is not None  # noqa: S101 - ast.Compare always has one operator
        return result

    def compare_pair(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> nw.Expr:
        if isinstance(op, ast.In | ast.NotIn):
            values = self.literal(right)
            if not isinstance(values, list | tuple | set):
                raise _fail(self.text, f"'in' needs a list of values, got {ast.unparse(right)!r}")
            for value in values:
                self.typed(left, value)
            member = self.column(left).is_in(list(values))
            return self.known(left, member if isinstance(op, ast.In) else ~member)
        if type(op) not in _COMPARE:
            raise _fail(self.text, f"unsupported comparison {ast.unparse(op) if hasattr(ast, 'unparse') else op!r}")
        if isinstance(left, ast.Name):
            compared: nw.Expr = _COMPARE[type(op)](self.column(left), self.typed(left, self.literal(right)))
            return self.known(left, compared)
        if isinstance(right, ast.Name):  # 3 < orders_before
            flipped = _FLIPPED.get(type(op), type(op))
            value = self.typed(right, self.literal(left))
            flipped_compare: nw.Expr = _COMPARE[flipped](self.column(right), value)
            return self.known(right, flipped_compare)
        raise _fail(self.text, f"{ast.unparse(left)!r} compared with {ast.unparse(right)!r}: one side must be a column")

    def known(self, node: ast.expr, compared: nw.Expr) -> nw.Expr:
        """``compared``, false where the column is null: a comparison with a missing value matches on no engine.

        SQL engines and polars give null there (which a filter drops) while pandas' object columns give
        ``True`` for ``None != 'x'``; and-ing with "not null" makes every engine answer false.
        """
        return compared & ~self.column(node).is_null()

    def column(self, node: ast.expr) -> nw.Expr:
        if not isinstance(node, ast.Name):
            raise _fail(self.text, f"expected a column name, got {ast.unparse(node)!r}")
        self.columns.add(node.id)
        return nw.col(node.id)

    def typed(self, column: ast.expr, value: Any) -> Any:
        """``value``, checked against the column's type: text is compared with text, numbers with numbers."""
        dtype = self.schema.get(column.id) if isinstance(column, ast.Name) else None
        if dtype is None or value is None:
            return value
        is_text = isinstance(dtype, nw.String | nw.Categorical | nw.Enum)
        is_number = dtype.is_numeric()
        if is_text and not isinstance(value, str):
            why = f"column {column.id!r} holds text, compared with {value!r}; quote the value: '{value}'"  # type: ignore[attr-defined]
            raise _fail(self.text, why)
        if is_number and isinstance(value, str | bool):
            raise _fail(self.text, f"column {column.id!r} holds numbers, compared with {value!r}")  # type: ignore[attr-defined]
        return value

    def literal(self, node: ast.expr) -> Any:
        try:
            return ast.literal_eval(node)
        except ValueError:
            raise _fail(
                self.text, f"expected a value (text in quotes, a number or a list), got {ast.unparse(node)!r}"
            ) from None


#: the longest segment text, and the deepest nesting of its expression, a segment may have
MAX_SEGMENT_LENGTH, MAX_SEGMENT_DEPTH = 4000, 40


def _depth(tree: ast.AST) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest


def parse_segment(text: str, schema: dict[str, Any] | None = None) -> tuple[nw.Expr, frozenset[str]]:
    """Parse a segment filter; return the expression and the columns it reads.

    With the log's ``schema`` (column name to narwhals dtype), values are checked against
    their column's type: ``device == 5`` on a text column is refused, not silently false.

    Args:
        text: the filter: comparisons of columns with values, joined by ``and``/``or``.
        schema: the log's column dtypes, or None to skip the type checks.

    Returns:
        ``(expression, columns)``: the narwhals filter and the names it reads.

    Raises:
        SegmentError: when the text is empty, longer than ``MAX_SEGMENT_LENGTH``,
            nested deeper than ``MAX_SEGMENT_DEPTH``, not a valid filter, or compares a
            value that does not fit its column.

    Example:
        >>> parse_segment("orders_before >= 3")[1]
        frozenset({'orders_before'})
        >>> parse_segment("__import__('os')")
        Traceback (most recent call last):
        ...
        journeywidgets.data.errors.SegmentError: segment "__import__('os')": cannot use "__import__('os')"; ...
    """
    if not isinstance(text, str) or not text.strip():
        raise SegmentError(
            f"a segment must be a non-empty filter such as \"device == 'mobile'\", got {text!r}", path="segment"
        )
    if len(text) > MAX_SEGMENT_LENGTH:
        msg = f"a segment is at most {MAX_SEGMENT_LENGTH} characters, got {len(text)}"
        raise SegmentError(msg, path="segment")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as err:
        raise _fail(text, f"not a valid filter ({err.msg} at column {err.offset})") from None
    except (RecursionError, MemoryError):
        raise _fail(text, "nested too deeply") from None
    if _depth(tree) > MAX_SEGMENT_DEPTH:
        raise _fail(text, f"nested too deeply (at most {MAX_SEGMENT_DEPTH} levels)")
    reader = _Reader(text, schema)
    return reader.expression(tree.body), frozenset(reader.columns)


def with_segment(options: dict[str, Any], segment: str | None) -> dict[str, Any]:
    """``options`` with ``segment`` added to the binding's own: both must hold (a persona within the binding's users).

    Args:
        options: funnel options, perhaps with a ``segment`` of their own.
        segment: a further filter (a persona's segment), or None.

    Returns:
        A new dict whose ``segment`` is ``(theirs) and (this one)``, or whichever is given.

    Example:
        >>> with_segment({"segment": "device == 'mobile'", "window": "1D"}, "plan == 'pro'")["segment"]
        "(device == 'mobile') and (plan == 'pro')"
        >>> with_segment({}, None)
        {}
    """
    combined = dict(options)
    own = combined.get("segment")
    if segment and own:
        combined["segment"] = f"({own}) and ({segment})"
    elif segment:
        combined["segment"] = segment
    return combined
