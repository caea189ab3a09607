"""The condition sandbox: the only place a model's expression is evaluated.

Gateway conditions (and timer expressions) come from model files anyone may
write, so they are never handed to ``eval``/``exec``. The text is parsed into a
Python syntax tree (parsing runs nothing), every node is checked against a
small whitelist, and the tree is walked by :func:`evaluate`'s own interpreter.

The language, a subset of Python expressions:

- names, looked up in the task data (an unknown name is ``None``); names
  starting with ``_`` are refused;
- constants: strings, integers, floats, ``True``/``False``/``None``;
- comparisons ``== != < <= > >= in not in is is not`` (chains allowed);
- ``and``, ``or``, ``not``, unary ``-`` and ``+``;
- ``+ - * /`` on numbers only;
- parentheses, tuple and list literals;
- the calls ``len(x)`` (on a string, list, tuple or dict) and the string
  methods ``x.lower()``, ``x.upper()``, ``x.strip()``.

Everything else -- attribute access, subscripts, other calls, lambdas,
comprehensions, f-strings, ``**``, ``:=``, ``if``-expressions -- is refused
with a :class:`~sopflow.errors.ModelError` naming the construct and where it is.

:class:`SandboxScriptEngine` plugs the sandbox into SpiffWorkflow and refuses
script tasks and pre/post scripts.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from sopflow import messages
from sopflow.errors import ModelError

__all__ = [
    "MAX_EXPRESSION_LENGTH",
    "MAX_EXPRESSION_DEPTH",
    "LANGUAGE_HINT",
    "ExpressionSyntaxError",
    "UnsafeExpressionError",
    "validate_expression",
    "expression_names",
    "compared_values",
    "evaluate",
    "SandboxEnvironment",
    "SandboxScriptEngine",
]

MAX_EXPRESSION_LENGTH = 1000
"""Longest expression text accepted, in characters."""

MAX_EXPRESSION_DEPTH = 20
"""Deepest nesting of syntax nodes accepted."""

LANGUAGE_HINT = messages.HINT_CONDITION_LANGUAGE
"""What the sandbox accepts, for error hints."""



class ExpressionSyntaxError(ModelError):
    """The expression text is not a (Python-syntax) expression at all."""


class UnsafeExpressionError(ModelError):
    """The expression parses but uses a construct outside the sandbox, or is too long or deep."""


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_STRING_METHODS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "strip": str.strip,
}
_SIZED = (str, list, tuple, dict)
_CONSTANT_TYPES = (str, int, float, bool, type(None))

_CONSTRUCT_NAMES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Call: "function call",
    ast.Lambda: "lambda",
    ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.NamedExpr: "assignment expression (:=)",
    ast.IfExp: "conditional expression (x if c else y)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Starred: "starred expression",
    ast.Dict: "dict literal",
    ast.Set: "set literal",
    ast.Slice: "slice",
}


def _construct(node: ast.AST) -> str:
    if isinstance(node, ast.BinOp):
        return f"operator {_operator_symbol(node.op)}"
    if isinstance(node, ast.UnaryOp):
        return f"unary operator {type(node.op).__name__}"
    return _CONSTRUCT_NAMES.get(type(node), type(node).__name__)


def _operator_symbol(op: ast.operator) -> str:
    symbols = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@",
               ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|",
               ast.BitXor: "^", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
    return symbols.get(type(op), type(op).__name__)


class _Checker:
    """Walks a parsed expression and refuses anything off the whitelist."""

    def __init__(self, text: str, where: str):
        self.text = text
        self.where = where

    def refuse(self, node: ast.AST, what: str) -> UnsafeExpressionError:
        column = getattr(node, "col_offset", None)
        at = messages.CONDITION_AT_COLUMN.format(column=column + 1) if column is not None else ""
        return UnsafeExpressionError(messages.CONDITION_REFUSED.format(construct=what, at=at, text=self.text),
                          where=self.where, hint=LANGUAGE_HINT)

    def check(self, node: ast.AST, depth: int = 0) -> None:
        if depth > MAX_EXPRESSION_DEPTH:
            raise self.refuse(node, messages.CONDITION_NESTING.format(limit=MAX_EXPRESSION_DEPTH))
        if isinstance(node, ast.Expression):
            self.check(node.body, depth + 1)
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, _CONSTANT_TYPES):
                raise self.refuse(node, f"constant of type {type(node.value).__name__}")
        elif isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise self.refuse(node, f"name {node.id!r} (names starting with '_')")
            if not isinstance(node.ctx, ast.Load):
                raise self.refuse(node, f"assignment to {node.id!r}")
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.check(value, depth + 1)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.Not, ast.USub, ast.UAdd)):
                raise self.refuse(node, "operator ~")
            self.check(node.operand, depth + 1)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _ARITHMETIC:
                raise self.refuse(node, _construct(node))
            self.check(node.left, depth + 1)
            self.check(node.right, depth + 1)
        elif isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _COMPARE:
                    raise self.refuse(node, f"comparison {type(op).__name__}")
            self.check(node.left, depth + 1)
            for comparator in node.comparators:
                self.check(comparator, depth + 1)
        elif isinstance(node, (ast.Tuple, ast.List)):
            if not isinstance(node.ctx, ast.Load):
                raise self.refuse(node, "assignment")
            for item in node.elts:
                self.check(item, depth + 1)
        elif isinstance(node, ast.Call):
            self.check_call(node, depth)
        else:
            raise self.refuse(node, _construct(node))

    def check_call(self, node: ast.Call, depth: int) -> None:
        func = node.func
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.refuse(node, "a call with keyword or starred arguments")
        if isinstance(func, ast.Name) and func.id == "len":
            if len(node.args) != 1:
                raise self.refuse(node, "len() with other than one argument")
            self.check(node.args[0], depth + 1)
        elif isinstance(func, ast.Attribute) and func.attr in _STRING_METHODS:
            if node.args:
                raise self.refuse(node, f".{func.attr}() with arguments")
            self.check(func.value, depth + 1)
        elif isinstance(func, ast.Name):
            raise self.refuse(node, f"function call {func.id}()")
        elif isinstance(func, ast.Attribute):
            raise self.refuse(node, f"method call .{func.attr}()")
        else:
            raise self.refuse(node, "function call")


@lru_cache(maxsize=1024)
def _compile(text: str, where: str) -> ast.Expression:
    """Parse and check an expression once; the tree is never mutated."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise UnsafeExpressionError(
            messages.CONDITION_TOO_LONG.format(length=len(text), limit=MAX_EXPRESSION_LENGTH),
            where=where, hint=messages.HINT_CONDITION_TOO_LONG,
        )
    if not text.strip():
        raise ExpressionSyntaxError(messages.CONDITION_EMPTY, where=where, hint=messages.HINT_CONDITION_EMPTY)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        column = messages.CONDITION_AT_COLUMN.format(column=exc.offset) if exc.offset else ""
        raise ExpressionSyntaxError(messages.CONDITION_SYNTAX.format(at=column, detail=exc.msg, text=text),
                         where=where, hint=LANGUAGE_HINT) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionSyntaxError(messages.CONDITION_UNPARSABLE.format(text=text[:80]), where=where,
                         hint=LANGUAGE_HINT) from None
    _Checker(text, where).check(tree)
    return tree


def validate_expression(text: str, *, where: str) -> None:
    """Check that an expression is inside the sandbox language.

    :param text: the expression as written in the model.
    :param where: its location for the message (``file:line: flow id``).
    :raises ExpressionSyntaxError: the text does not parse.
    :raises UnsafeExpressionError: naming the refused construct and ``where``.
    """
    _compile(text, where)


def expression_names(text: str, *, where: str = "condition") -> frozenset[str]:
    """The form data names a valid expression reads (``len`` and other builtins excluded).

    :raises ExpressionSyntaxError: the text does not parse.
    :raises UnsafeExpressionError: as :func:`validate_expression`.
    """
    tree = _compile(text, where)
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    return frozenset(node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id not in called)


def compared_values(text: str, *, where: str = "condition") -> dict[str, list[str]]:
    """String constants each form data name is compared with (``keputusan == "kembalikan"``), in order.

    Covers ``==``/``!=`` in either order and ``in``/``not in`` a list of constants.

    :raises ExpressionSyntaxError: the text does not parse.
    :raises UnsafeExpressionError: as :func:`validate_expression`.
    """
    found: dict[str, list[str]] = {}
    for node in ast.walk(_compile(text, where)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, right in zip(operands, operands[1:]):
            for name, other in ((left, right), (right, left)):
                if not isinstance(name, ast.Name):
                    continue
                items = other.elts if isinstance(other, (ast.List, ast.Tuple, ast.Set)) else [other]
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        values = found.setdefault(name.id, [])
                        if item.value not in values:
                            values.append(item.value)
    return found


def evaluate(text: str, data: Mapping[str, Any], *, where: str = "condition") -> Any:
    """Evaluate an expression on task data in the sandbox.

    :param text: the expression.
    :param data: the names it may read; unknown names are ``None``.
    :param where: location for error messages.
    :raises ModelError: the expression is outside the language or fails on this
        data (e.g. comparing a number with ``None``).
    """
    tree = _compile(text, where)
    return _Interpreter(data, text, where).run(tree.body)


class _Interpreter:
    """Evaluates a checked tree; every operation is explicit, nothing is looked up dynamically."""

    def __init__(self, data: Mapping[str, Any], text: str, where: str):
        self.data = data
        self.text = text
        self.where = where

    def fail(self, message: str) -> ModelError:
        return ModelError(messages.CONDITION_FAILED.format(problem=message, text=self.text), where=self.where,
                          hint=messages.HINT_CONDITION_FAILED)

    def run(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.data.get(node.id)
        if isinstance(node, ast.BoolOp):
            result: Any = None
            for value in node.values:
                result = self.run(value)
                if isinstance(node.op, ast.And) and not result:
                    return result
                if isinstance(node.op, ast.Or) and result:
                    return result
            return result
        if isinstance(node, ast.UnaryOp):
            operand = self.run(node.operand)
            if isinstance(node.op, ast.Not):
                return not operand
            self.require_number(operand, "unary minus/plus")
            return -operand if isinstance(node.op, ast.USub) else +operand
        if isinstance(node, ast.BinOp):
            left, right = self.run(node.left), self.run(node.right)
            symbol = _operator_symbol(node.op)
            self.require_number(left, symbol)
            self.require_number(right, symbol)
            try:
                return _ARITHMETIC[type(node.op)](left, right)
            except ZeroDivisionError:
                raise self.fail(messages.CONDITION_DIVISION_BY_ZERO) from None
        if isinstance(node, ast.Compare):
            left = self.run(node.left)
            for op, comparator in zip(node.ops, node.comparators):
                right = self.run(comparator)
                try:
                    if not _COMPARE[type(op)](left, right):
                        return False
                except TypeError:
                    raise self.fail(
                        messages.CONDITION_INCOMPARABLE.format(left=type(left).__name__, right=type(right).__name__)
                    ) from None
                left = right
            return True
        if isinstance(node, ast.Tuple):
            return tuple(self.run(item) for item in node.elts)
        if isinstance(node, ast.List):
            return [self.run(item) for item in node.elts]
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(f"unexpected {type(node).__name__}")  # unreachable after checking

    def call(self, node: ast.Call) -> Any:
        if isinstance(node.func, ast.Name):  # len, the only function
            value = self.run(node.args[0])
            if type(value) not in _SIZED:
                raise self.fail(f"len() of {type(value).__name__}")
            return len(value)
        assert isinstance(node.func, ast.Attribute)
        value = self.run(node.func.value)
        if not isinstance(value, str):
            raise self.fail(messages.CONDITION_NEEDS_TEXT.format(method=node.func.attr, kind=type(value).__name__))
        return _STRING_METHODS[node.func.attr](value)

    def require_number(self, value: Any, symbol: str) -> None:
        if not isinstance(value, (int, float)):
            raise self.fail(messages.CONDITION_NEEDS_NUMBERS.format(symbol=symbol, kind=type(value).__name__))


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """SpiffWorkflow script environment that evaluates in the sandbox and runs no scripts."""

    def evaluate(self, expression: str, context: Mapping[str, Any],
                 external_context: Mapping[str, Any] | None = None) -> Any:
        """Evaluate an expression on the task data (external context first, task data wins)."""
        return evaluate(expression, {**(external_context or {}), **context})

    def execute(self, script: str, context: Any, external_context: Any = None) -> bool:
        """Refuse: models may not carry scripts."""
        raise ModelError(messages.SCRIPT_REFUSED, where="script", hint=messages.HINT_SCRIPT_REFUSED)

    def call_service(self, context: Any, **kwargs: Any) -> Any:
        """Refuse: service tasks have no implementation in sopflow."""
        raise ModelError(messages.SERVICE_TASK_REFUSED, where="service task", hint=messages.HINT_SERVICE_TASK_REFUSED)


class SandboxScriptEngine(PythonScriptEngine):
    """A SpiffWorkflow script engine backed by the sandbox.

    ``evaluate`` runs conditions through :func:`evaluate`; ``execute`` (script
    tasks, pre/post scripts) and ``call_service`` always fail with a
    ``WorkflowTaskException`` carrying the sandbox's message.
    """

    def __init__(self) -> None:
        super().__init__(environment=SandboxEnvironment())

    def validate(self, expression: str) -> None:
        """Raise :class:`ModelError` when an expression is outside the sandbox."""
        validate_expression(expression, where="expression")

    def evaluate(self, task: Any, expression: str, external_context: Mapping[str, Any] | None = None) -> Any:
        """Evaluate ``expression`` on ``task.data`` in the sandbox."""
        where = f"task {task.task_spec.name}"
        try:
            return evaluate(expression, {**(external_context or {}), **task.data}, where=where)
        except ModelError as exc:
            raise WorkflowTaskException(str(exc), task=task, exception=exc) from None

    def execute(self, task: Any, script: str, external_context: Any = None) -> bool:
        """Refuse to run a script."""
        raise WorkflowTaskException(
            f"{task.task_spec.name}: {messages.SCRIPT_REFUSED} ({messages.HINT_SCRIPT_REFUSED})", task=task)

    def call_service(self, task: Any, **kwargs: Any) -> Any:
        """Refuse to call a service."""
        raise WorkflowTaskException(
            f"{task.task_spec.name}: {messages.SERVICE_TASK_REFUSED} ({messages.HINT_SERVICE_TASK_REFUSED})",
            task=task)
