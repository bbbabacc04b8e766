"""`Tensor`: an ndarray, the op that made it (`grad_fn`), and its gradient once known.

This file holds the tensor's own state (data, gradient, graph links, version stamp). Its operators
and op methods (`x + y`, `x.exp()`, `x.sum(dim=1)`, `x.backward()`) are attached by the ops where
they are defined, with `@method(...)` beside each op's class: the ops sit above this file, so they
add to Tensor rather than Tensor importing them. `help(Tensor)` and `autograd.rules()` list them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from .dtype import CATEGORY, kind_of, to_array
from .mode import clock, state
from .shapes import ints_first, normalize_index

F = TypeVar("F", bound=Callable[..., Any])


class Tensor:
    """An n-dimensional array that records the ops applied to it, for backward."""

    # Slots for what every op result sets; what few tensors set (a name, hooks, a kept gradient)
    # has a class default and lands in the instance's __dict__ when set, so making a tensor, which
    # every op pays for, stores four attributes, not eight.
    __slots__ = ("_data", "grad_fn", "_requires_grad", "_vc", "__dict__", "__weakref__")
    grad_fn: Any  # the op (a Function) that made this tensor; None for a leaf
    name: str | None = None  # shown in diagrams and step tables
    _grad: Tensor | None = None
    _hooks: list[Callable] | None = None
    _retains_grad = False

    def __init__(
        self,
        data: Any,
        requires_grad: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if isinstance(data, Tensor):
            data = data.data
        if type(data) in (list, tuple):  # the test inline: every scalar leaf pays this
            refuse_graph_members(data, "Tensor")
        array = to_array(data, dtype, floating=True)
        self._data = array[()] if array.ndim == 0 else array  # a scalar inside: see `data`
        self.grad_fn = None
        if name is not None:
            self.name = name
        self._requires_grad = False
        self._vc: list[int] | None = [0]  # see _counter
        if requires_grad:
            self.requires_grad = True

    @property
    def data(self) -> np.ndarray:
        """The values, an ndarray (shared memory: writes to it are writes to the tensor).

        A 0-d tensor keeps a numpy scalar inside until its `data` is first asked for, because
        arithmetic on numpy scalars is several times faster than on 0-d arrays; ops read `_data`
        (either) and the rest of the world this ndarray, made once and then kept."""
        data = self._data
        if type(data) is not np.ndarray:
            data = self._data = np.asarray(data)  # a new array: nobody else holds its memory
        return data

    @data.setter
    def data(self, value: np.ndarray) -> None:
        self._data = value

    # --- autograd state -------------------------------------------------------------------
    @property
    def grad(self) -> Tensor | None:
        """d root / d self, once a backward has reached it (leaves, and retain_grad tensors)."""
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"grad: assigned grad must be a Tensor or None, got {type(value).__name__}"
                )
            if value.shape != self.shape or value.dtype != self.dtype:
                raise RuntimeError(
                    f"grad: assigned grad has shape {value.shape} and dtype {value.dtype}, but "
                    f"the tensor has shape {self.shape} and dtype {self.dtype}"
                )
        self._grad = value

    @property
    def requires_grad(self) -> bool:
        """Whether gradients flow to this tensor."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        if self.grad_fn is not None and not flag:
            raise RuntimeError(
                f"requires_grad: cannot turn it off on a non-leaf tensor (made by "
                f"{self.grad_fn.name}); use .detach()"
            )
        if flag and self._data.dtype.kind not in "fc":
            raise TypeError(
                f"requires_grad: only floating tensors can require grad, got dtype "
                f"{self._data.dtype} (shape {self.shape}); convert with .astype('float32')"
            )
        self._requires_grad = bool(flag)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set `requires_grad` in place and return self."""
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self) -> bool:
        """True for tensors not made by a recorded op: their `.grad` is kept by backward."""
        return self.grad_fn is None

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in `.grad` after backward."""
        if not self._requires_grad:
            raise RuntimeError("retain_grad: this tensor does not require grad")
        self._retains_grad = True

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> _HookHandle:
        """Call `hook(grad)` when this tensor's gradient is known; a returned tensor replaces it."""
        if not self._requires_grad:
            raise RuntimeError("register_hook: this tensor does not require grad")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return _HookHandle(self._hooks, hook)

    def _counter(self) -> list[int]:
        """The time of the last in-place write, in a list shared by the tensors that share this
        memory (views, detach); made on first need, since most op results never need one."""
        if self._vc is None:
            self._vc = [0]
        return self._vc

    def detach(self) -> Tensor:
        """The same data (shared memory), cut off from the graph."""
        return make_tensor(self.data, self._counter())

    # --- array-like properties ---------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the data."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return self._data.ndim

    @property
    def dtype(self) -> np.dtype:
        """The numpy dtype of the data."""
        return self._data.dtype

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def numpy(self) -> np.ndarray:
        """The data as an ndarray (shared memory, as in PyTorch)."""
        return self.data

    def item(self) -> float | int | bool:
        """The single value of a one-element tensor, as a Python number."""
        if self._data.size != 1:
            raise ValueError(
                f"item: the tensor has {self._data.size} elements (shape {self.shape})"
            )
        return self._data.item()

    def tolist(self) -> Any:
        """The data as nested Python lists."""
        return self._data.tolist()

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        return self.data if dtype is None else self.data.astype(dtype)

    def __bool__(self) -> bool:
        return bool(self._data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    __hash__ = object.__hash__  # by identity, as PyTorch's (defining __eq__ would drop it)

    def __reduce_ex__(self, protocol: Any) -> tuple:
        """Pickle (and deepcopy) a leaf by its values, requires_grad, name and grad; a tensor made
        by an op is refused, as PyTorch refuses, rather than pickling its whole graph (which
        would hit the recursion limit on a deep one)."""
        if self.grad_fn is not None:
            raise RuntimeError(
                f"pickle: this tensor (shape {self.shape}) was made by {self.grad_fn.name} and "
                "carries its graph; pickle or copy a leaf, e.g. t.detach()"
            )
        grad = None if self._grad is None else self._grad.data
        return _rebuild, (type(self), self.data, self._requires_grad, self.name, grad)

    def __iter__(self) -> Iterator[Tensor]:
        return (self[i] for i in range(len(self)))

    # --- in-place writes -------------------------------------------------------------------
    def _write(self, op: str, other: Any, write: Callable[[np.ndarray, Any], Any]) -> Tensor:
        """Change the data in place, refusing writes that would make the graph wrong."""
        other_data = other.data if isinstance(other, Tensor) else other
        if state.grad_enabled:
            if self._requires_grad and self.grad_fn is None:
                raise RuntimeError(
                    f"{op}: in-place change of a leaf tensor that requires grad (shape "
                    f"{self.shape}); do it inside `with autograd.no_grad():` as optimizers do"
                )
            if self._requires_grad or (isinstance(other, Tensor) and other._requires_grad):
                raise RuntimeError(
                    f"{op}: in-place ops are not recorded in the graph (shape {self.shape}); "
                    "write it out of place, e.g. `x = x + y`"
                )
        try:
            write(self.data, other_data)
        except IndexError as err:
            raise IndexError(f"{op}: {err} (tensor shape {self.shape})") from None
        except (ValueError, TypeError) as err:
            raise ValueError(f"{op}: {err} (tensor shape {self.shape})") from None
        clock.now += 1
        self._counter()[0] = clock.now
        return self

    def _update(self, op: str, other: Any, ufunc: np.ufunc) -> Tensor:
        """self = ufunc(self, other) in place; refused, as PyTorch refuses, when the result's kind
        cannot be stored in self's dtype (an integer tensor += 0.5 would truncate silently)."""
        kind = self._data.dtype.kind
        if kind != "f":
            result = "f" if ufunc is np.divide else kind_of(other)
            if CATEGORY[result] > CATEGORY[kind]:
                raise RuntimeError(
                    f"{op}: the result ({'floating' if result == 'f' else 'integer'}) cannot be "
                    f"stored in this tensor's dtype {self.dtype} (shape {self.shape}); compute it "
                    "out of place, or convert first with .astype(...)"
                )
        return self._write(op, other, _IN_PLACE[ufunc])

    def add_(self, other: Any, alpha: float = 1) -> Tensor:
        """self += alpha * other, in place (the version stamp records the write)."""
        return self._update("add_", other if alpha == 1 else alpha * other, np.add)

    def sub_(self, other: Any, alpha: float = 1) -> Tensor:
        """self -= alpha * other, in place."""
        return self._update("sub_", other if alpha == 1 else alpha * other, np.subtract)

    def mul_(self, other: Any) -> Tensor:
        """self *= other, in place."""
        return self._update("mul_", other, np.multiply)

    def div_(self, other: Any) -> Tensor:
        """self /= other, in place."""
        return self._update("div_", other, np.divide)

    # x -= y and the like go straight to _update (no alpha to apply): optimizers' every step
    def __iadd__(self, other: Any) -> Tensor:
        """self += other, in place."""
        return self._update("add_", other, np.add)

    def __isub__(self, other: Any) -> Tensor:
        """self -= other, in place."""
        return self._update("sub_", other, np.subtract)

    __imul__, __itruediv__ = mul_, div_

    def __setitem__(self, index: Any, value: Any) -> None:
        index = normalize_index(index)
        split = ints_first(index)  # PyTorch's placement, as getitem reads it
        if split is not None:
            first, index = split
            self._write("setitem", value, lambda a, b: a[first].__setitem__(index, b))
        else:
            self._write("setitem", value, lambda a, b: a.__setitem__(index, b))

    def zero_(self) -> Tensor:
        """Fill with zeros in place."""
        return self._write("zero_", 0, lambda a, b: a.fill(b))

    def fill_(self, value: float) -> Tensor:
        """Fill with `value` in place."""
        return self._write("fill_", value, lambda a, b: a.fill(b))

    def copy_(self, src: Any) -> Tensor:
        """Copy `src` (broadcast) into this tensor in place."""
        return self._write("copy_", src, lambda a, b: np.copyto(a, b, casting="unsafe"))

    # --- display -------------------------------------------------------------------------
    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(", precision=4)
        extra = [f"dtype={self.data.dtype}"]
        if self.grad_fn is not None:
            extra.append(f"grad_fn=<{type(self.grad_fn).__name__}>")
        elif self._requires_grad:
            extra.append("requires_grad=True")
        if self.name:
            extra.append(f"name={self.name!r}")
        return f"tensor({body}, {', '.join(extra)})"

    # --- numpy functions on Tensors: `np.exp(t)` records like `t.exp()` ----------------------
    # Backward formulas rely on this to run unchanged on ndarrays and on Tensors (create_graph).
    def __array_ufunc__(self, ufunc: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        op = NUMPY_OPS.get(ufunc) if method == "__call__" and not kwargs else None
        if op is not None:
            return op(*args)
        return _outside_graph(ufunc.__name__, args, kwargs, getattr(ufunc, method))

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        op = NUMPY_OPS.get(func)
        if op is not None:
            return op(*args, **kwargs)
        return _outside_graph(func.__name__, args, kwargs, func)


NUMPY_OPS: dict[Any, Callable[..., Any]] = {}  # numpy function -> the op it means on Tensors


def method(*names: str, numpy: Any = (), reflected: str = "", prop: bool = False) -> Callable:
    """Decorate an op to attach it to Tensor as each of `names` (as a property if `prop`), with
    its operands swapped as `reflected` (`__radd__`); numpy's function(s) `numpy` called on a
    Tensor run the op instead."""

    def attach(op: F) -> F:
        for name in names:
            setattr(Tensor, name, property(op, doc=op.__doc__) if prop else op)
        if reflected:
            setattr(Tensor, reflected, _swapped(op))
        for f in numpy if isinstance(numpy, tuple | list) else (numpy,):
            NUMPY_OPS[f] = op
        return op

    return attach


def _swapped(op: Callable[[Any, Any], Tensor]) -> Callable[[Tensor, Any], Tensor]:
    def swapped(self: Tensor, other: Any) -> Tensor:
        return op(other, self)

    swapped.__name__, swapped.__doc__ = op.__name__, f"{op.__name__}(other, self)."
    return swapped


def _unwrap(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(v) for v in value)
    return value


def _requires_grad_inside(values: Sequence[Any]) -> bool:
    """Whether a Tensor requiring grad is among `values` (nested lists and tuples included)."""
    return any(
        v._requires_grad if isinstance(v, Tensor) else (
            isinstance(v, list | tuple) and _requires_grad_inside(v))
        for v in values
    )  # fmt: skip


def _outside_graph(name: str, args: Any, kwargs: dict, call: Callable) -> Any:
    """Run a numpy function we have no op for on plain arrays, unless gradients would be lost."""
    out = kwargs.get("out", ())
    if any(isinstance(o, Tensor) for o in (out if isinstance(out, tuple) else (out,))):
        raise TypeError(
            f"numpy.{name}(..., out=tensor) would write into the tensor behind autograd's back "
            "(its version stamp would not change); use the tensor's in-place operators "
            "(`x += y`, `x.copy_(...)`), which check and record the write"
        )
    if state.grad_enabled and _requires_grad_inside([*args, *kwargs.values()]):
        raise TypeError(
            f"numpy.{name} has no gradient in autograd; use the autograd op of that name, or "
            "call it on .detach() / under no_grad() if you do not need the gradient"
        )
    result = call(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()})
    return make_tensor(result) if isinstance(result, np.ndarray) else result


def refuse_graph_members(data: Any, where: str) -> None:
    """Refuse a Python list holding tensors that require grad: turning it into one new array
    would silently cut their gradient."""
    if _requires_grad_inside(data):
        raise TypeError(
            f"{where}: the list holds tensors that require grad, and a new tensor made from it "
            "would not pass gradients back to them; use autograd.stack(...) (or cat) to join "
            "them in the graph, or .detach() them if you want a constant"
        )


_new = object.__new__


def make_tensor(data: np.ndarray, vc: list[int] | None = None, grad_fn: Any = None) -> Tensor:
    """A tensor around an op's result, without the checks of `__init__` (every op pays this)."""
    t = _new(Tensor)
    t._data = data
    t.grad_fn = grad_fn
    t._requires_grad = grad_fn is not None
    t._vc = vc
    return t


def _rebuild(cls: type, data: np.ndarray, requires_grad: bool, name: Any, grad: Any) -> Tensor:
    """A pickled leaf, back: same class, values, requires_grad, name and grad."""
    t = make_tensor(data)
    t.__class__ = cls  # Parameter keeps being a Parameter (it adds no state of its own)
    t._requires_grad, t.name = requires_grad, name
    t._grad = None if grad is None else make_tensor(grad)
    return t


def _in_place(ufunc: np.ufunc) -> Callable[[np.ndarray, Any], Any]:
    """The writer `a = ufunc(a, b)` in a's own memory (made once per ufunc, not per call)."""
    return lambda a, b: ufunc(a, b, out=a, casting="unsafe")


_IN_PLACE = {f: _in_place(f) for f in (np.add, np.subtract, np.multiply, np.divide)}


class _HookHandle:
    """Returned by `register_hook`; `remove()` takes the hook off again."""

    def __init__(self, hooks: list[Callable], hook: Callable) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        """Stop calling the hook."""
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)
