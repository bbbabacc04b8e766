"""Tensor's operators and methods, and numpy's protocols, all routed to the ops."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from . import ops
from .mode import state
from .ops.binary import compare
from .tensor import Tensor, make_tensor


def _dim_alias(fn: Any) -> Any:
    """Accept PyTorch's `dim`/`keepdim` as well as numpy's `axis`/`keepdims`."""

    def method(self: Tensor, axis: Any = None, keepdims: bool = False, **kw: Any) -> Any:
        if "dim" in kw:
            axis = kw.pop("dim")
        if "keepdim" in kw:
            keepdims = kw.pop("keepdim")
        return fn(self, axis, keepdims, **kw)

    method.__name__, method.__doc__ = fn.__name__, fn.__doc__
    return method


def _flip(fn: Any) -> Any:
    return lambda self, other: fn(other, self)


_OPERATORS = {
    "__add__": ops.add,
    "__radd__": _flip(ops.add),
    "__sub__": ops.sub,
    "__rsub__": _flip(ops.sub),
    "__mul__": ops.mul,
    "__rmul__": _flip(ops.mul),
    "__truediv__": ops.div,
    "__rtruediv__": _flip(ops.div),
    "__pow__": ops.pow,
    "__rpow__": _flip(ops.pow),
    "__matmul__": ops.matmul,
    "__rmatmul__": _flip(ops.matmul),
    "__neg__": ops.neg,
    "__pos__": lambda self: self,
    "__abs__": ops.abs,
    "__getitem__": ops.getitem,
    "__lt__": lambda x, y: compare(operator.lt, x, y),
    "__le__": lambda x, y: compare(operator.le, x, y),
    "__gt__": lambda x, y: compare(operator.gt, x, y),
    "__ge__": lambda x, y: compare(operator.ge, x, y),
    "__eq__": lambda x, y: compare(operator.eq, x, y),
    "__ne__": lambda x, y: compare(operator.ne, x, y),
}

_PLAIN = """exp log sqrt abs sin cos tanh sigmoid relu clip maximum minimum matmul reshape flatten
permute transpose swapaxes squeeze unsqueeze expand split pad astype sum_to"""
_METHODS = {name: getattr(ops, name) for name in _PLAIN.split()}
_REDUCTIONS = "sum mean var max min argmax argmin logsumexp"
_METHODS.update({name: _dim_alias(getattr(ops, name)) for name in _REDUCTIONS.split()})
_METHODS.update(
    view=ops.reshape,
    clamp=ops.clip,
    broadcast_to=ops.expand,
    softmax=lambda self, axis=-1, dim=None: ops.softmax(self, axis if dim is None else dim),
    log_softmax=lambda self, axis=-1, dim=None: ops.log_softmax(self, axis if dim is None else dim),
    T=property(lambda self: ops.transpose(self), doc="The tensor with its axes reversed."),
    mT=property(lambda self: ops.swapaxes(self, -1, -2), doc="The last two axes swapped."),
)

# numpy functions on Tensors: `np.exp(t)` records like `t.exp()`. Backward formulas rely on this
# to run unchanged on ndarrays (fast) and on Tensors (create_graph=True).
_UFUNCS = {
    np.add: ops.add,
    np.subtract: ops.sub,
    np.multiply: ops.mul,
    np.true_divide: ops.div,
    np.power: ops.pow,
    np.negative: ops.neg,
    np.matmul: ops.matmul,
    np.exp: ops.exp,
    np.log: ops.log,
    np.sqrt: ops.sqrt,
    np.absolute: ops.abs,
    np.sin: ops.sin,
    np.cos: ops.cos,
    np.tanh: ops.tanh,
    np.maximum: ops.maximum,
    np.minimum: ops.minimum,
}
_COMPARISONS = (np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal)
_FUNCTIONS = {
    np.broadcast_to: ops.expand,
    np.where: ops.where,
    np.concatenate: ops.cat,
    np.stack: ops.stack,
    np.reshape: ops.reshape,
    np.transpose: ops.transpose,
    np.swapaxes: ops.swapaxes,
    np.clip: ops.clip,
    np.sum: ops.sum,
    np.mean: ops.mean,
}


def _unwrap(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(v) for v in value)
    return value


def _needs_grad(values: Any) -> bool:
    return any(
        isinstance(v, Tensor) and v._requires_grad or isinstance(v, list | tuple) and _needs_grad(v)
        for v in values
    )


def _outside_graph(name: str, args: Any, kwargs: dict, call: Any) -> Any:
    """Run a numpy function we have no op for on plain arrays, unless gradients would be lost."""
    if state.grad_enabled and _needs_grad(list(args) + list(kwargs.values())):
        raise TypeError(
            f"numpy.{name} has no gradient in autograd; use the autograd op of that name, or "
            "call it on .detach() / under no_grad() if you do not need the gradient"
        )
    result = call(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()})
    return make_tensor(result) if isinstance(result, np.ndarray) else result


def __array_ufunc__(self: Tensor, ufunc: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    if method == "__call__" and not kwargs:
        if ufunc in _UFUNCS:
            return _UFUNCS[ufunc](*args)
        if ufunc in _COMPARISONS:
            return compare(ufunc, *args)
    return _outside_graph(ufunc.__name__, args, kwargs, getattr(ufunc, method))


def __array_function__(self: Tensor, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
    if func in _FUNCTIONS:
        return _FUNCTIONS[func](*args, **kwargs)
    return _outside_graph(func.__name__, args, kwargs, func)


def attach() -> None:
    """Give Tensor its operators, methods and numpy protocols."""
    for name, fn in {**_OPERATORS, **_METHODS}.items():
        setattr(Tensor, name, fn)
    Tensor.__array_ufunc__ = __array_ufunc__
    Tensor.__array_function__ = __array_function__
