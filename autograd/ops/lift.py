"""Operands as Tensors of the dtype PyTorch's type promotion gives, and the cast op that gets them
there (a cast between floating dtypes is differentiable: the gradient is cast back).

PyTorch's rule (`torch.result_type`), which differs from numpy's: tensors with dimensions decide
the dtype within their category (bool < integer < floating); 0-d tensors, then Python numbers,
can only raise the category. So `int64 tensor + float32 tensor` is float32, `int tensor + 0.5`
and `tensor(2).exp()` are the default float dtype, and `float32 tensor + 0-d float64` stays
float32, where numpy would make float64 of all three.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from ..dtype import CATEGORY, get_default_dtype, to_array
from ..function import Elementwise
from ..tensor import Tensor, make_tensor, method, refuse_graph_members

_PY_SCALARS = frozenset((int, float, bool))


class Cast(Elementwise):
    """x converted to another dtype;  the gradient is converted back."""

    saves_inputs = False

    def forward(self, x, dtype):
        self.dtype = x.dtype
        return x.astype(dtype)

    def backward(self, g, out, x):
        return g.astype(self.dtype)


@method("astype")
def astype(x: Tensor, dtype: Any) -> Tensor:
    """x converted to `dtype` (differentiable between floating dtypes)."""
    try:
        dtype = np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"astype: {err}") from None
    if x.dtype == dtype:
        return x
    if not x._requires_grad or dtype.kind not in "fc":
        return make_tensor(x.data.astype(dtype))
    return Cast.apply(x, dtype=dtype)


def _category(dtype: np.dtype) -> int:
    try:
        return CATEGORY[dtype.kind]
    except KeyError:
        raise TypeError(
            f"{_calling_op()}: dtype {dtype} is not supported: glassgrad computes with bool, "
            "integer and floating tensors (complex, string and object data are refused)"
        ) from None


def _promote(a: np.dtype | None, b: np.dtype | None) -> np.dtype | None:
    """The smallest dtype holding both: the higher category wins, within one numpy decides."""
    if a is None or b is None:
        return a if b is None else b
    ca, cb = _category(a), _category(b)
    if ca != cb:
        return a if ca > cb else b
    return np.promote_types(a, b)


def _combine(higher: np.dtype | None, lower: np.dtype | None) -> np.dtype | None:
    """PyTorch's combine_categories: `lower` counts only if it raises the category."""
    if higher is None or lower is None:
        return lower if higher is None else higher
    if higher.kind == "f":
        return higher
    if higher.kind == "b" or lower.kind == "f":
        return _promote(higher, lower)
    return higher


def _scalar_dtype(value: Any) -> np.dtype:
    """The dtype a Python number takes in promotion: float the default, int int64, bool bool."""
    if isinstance(value, bool):
        return np.dtype(bool)
    return np.dtype(np.int64) if isinstance(value, int) else get_default_dtype()


def result_dtype(*operands: Any) -> np.dtype:
    """The dtype of an op on `operands` (Tensors, arrays, Python numbers), as PyTorch's."""
    dims = zeros = scalars = None
    for v in operands:
        if type(v) in _PY_SCALARS:
            scalars = _promote(scalars, _scalar_dtype(v))
            continue
        array = v.data if isinstance(v, Tensor) else v
        if not isinstance(array, np.ndarray | np.generic):
            array = _array(v)
        dtype = array.dtype
        if array.ndim:
            dims = _promote(dims, dtype)
        else:
            zeros = _promote(zeros, dtype)
    return _combine(dims, _combine(zeros, scalars))


def lift(value: Any, dtype: np.dtype | None = None) -> Tensor:
    """`value` as a Tensor (of `dtype` if given). Arrays and Python data are copied, as
    `torch.tensor` does, so changing them later cannot change a saved value behind the graph."""
    if isinstance(value, Tensor):
        return value if dtype is None else astype(value, dtype)
    if dtype is not None and type(value) in _PY_SCALARS:
        return make_tensor(np.array(value, dtype))
    return make_tensor(_array(value, dtype))


def _array(value: Any, dtype: np.dtype | None = None) -> np.ndarray:
    """An operand that is not a Tensor as a new array, as `torch.tensor` infers it (Python floats
    the default dtype, ints int64); what is not numeric data raises a TypeError naming the op."""
    if type(value) in (list, tuple):
        refuse_graph_members(value, f"{_calling_op()}: an operand")
    try:
        return to_array(value, dtype)
    except (TypeError, ValueError):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
        raise TypeError(
            f"{_calling_op()}: expected a Tensor, a number or an array of numbers, got "
            f"{type(value).__name__} {shown}"
        ) from None


def _calling_op() -> str:
    """The op whose operand could not be lifted: the outermost caller inside autograd/ops, the op
    the user called (looked up only when raising, so the common path pays nothing)."""
    name, frame = "op", sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.startswith(_OPS_FOLDER):
            name = frame.f_code.co_name
        frame = frame.f_back
    return name


_OPS_FOLDER = __file__.rsplit("/", 1)[0] + "/"


def lift_pair(x: Any, y: Any) -> tuple[Tensor, Tensor]:
    """Both operands of a binary op as Tensors of their result dtype (PyTorch's promotion)."""
    if isinstance(x, Tensor):
        if isinstance(y, Tensor):
            if x._data.dtype is y._data.dtype or x._data.dtype == y._data.dtype:
                return x, y  # the common cases first: nothing to decide
        elif type(y) in _PY_SCALARS and (one := _ONES.get(x._data.dtype)) is not None:
            return x, make_tensor(one * y)  # a number takes a float's dtype
    elif (
        isinstance(y, Tensor)
        and type(x) in _PY_SCALARS
        and (one := _ONES.get(y._data.dtype)) is not None
    ):
        return make_tensor(one * x), y
    dtype = result_dtype(x, y)
    return lift(x, dtype), lift(y, dtype)


# One of each native floating dtype. `_ONES[dtype] * number` is the number as a numpy scalar of
# that dtype, exactly as the dtype's constructor makes it (NumPy converts the number to the dtype
# first, then x1 is exact) and three times faster: every `x * 0.5` pays it. (A float of another
# byte order is not here, and takes the general path.)
_ONES = {d: d.type(1) for d in map(np.dtype, (np.float16, np.float32, np.float64, np.longdouble))}


def lift_all(values: Any) -> list[Tensor]:
    """Every operand of an op on many inputs as Tensors of their result dtype."""
    ts = [lift(v) for v in values]
    first = ts[0]._data.dtype if ts else None
    for t in ts:
        if t._data.dtype is not first and t._data.dtype != first:
            dtype = result_dtype(*values)
            return [lift(v, dtype) for v in values]  # from the values: a Python float stays exact
    return ts


def floating(x: Any) -> Tensor:
    """`x` as a Tensor for an op whose result is floating: integers and bools become the default
    float dtype (`tensor(2).exp()` is float32, as in PyTorch)."""
    if isinstance(x, Tensor) and x._data.dtype.kind == "f":
        return x  # the common case first: every unary float op pays this
    x = lift(x)
    if _category(x._data.dtype) < 2:
        return make_tensor(x._data.astype(get_default_dtype()))
    return x
