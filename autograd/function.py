"""The base of every primitive op: a forward and its local gradient, side by side.

The double-backward contract. `backward` is written once, in numpy notation. A plain backward
runs it on ndarrays, which is fast; with `create_graph=True` it runs the same formula on Tensors,
whose numpy protocols turn every step into a recorded op, so gradients of gradients (and diagrams
of the backward pass) come from the same rules. For that, a formula may use only:

- Python's operators (`+ - * / ** @`, unary `-`, comparisons) and indexing `g[index]`;
- the array methods and attributes Tensor shares with ndarray: `reshape`, `swapaxes` (two axes),
  `sum`, `mean`, `max` (over None or a tuple of axes), `astype`, `.T`, `.shape`, `.ndim`,
  `.dtype` (for a reordering of axes use `np.transpose(g, axes)`: on a Tensor, `transpose` means
  PyTorch's swap of two dims);
- numpy functions that have an op (`np.exp`, `np.where`, `np.broadcast_to`, ...: the table is
  `tensor.NUMPY_OPS`) and autograd's ops themselves. Any other numpy function raises under
  `create_graph` rather than silently dropping the gradient.

Values that depend on the inputs must be computed in `backward` from `out` and the inputs, never
saved by `forward` as arrays: under `create_graph` a saved array is a constant, and the second
derivative through it would be silently wrong. A cache is the exception: forward may keep such
values for a plain backward when backward recomputes them from the inputs whenever it runs on
Tensors (the recurrent cells keep their gates so, since they are most of a cell's time). Saving
is fine for what does not vary with the inputs (shapes, axes, indices), and masks or signs are
computed on `np.asarray(x)` on purpose: they are constants of the backward. An op whose backward
needs more numpy than this (einsum, windowed views, `np.add.at`) records those steps as ops of its
own, as `index_add` does, or sets `double_backward = False`; then a backward with
`create_graph=True` through it raises, naming it.
"""

from __future__ import annotations

import traceback
from typing import Any

import numpy as np

from .mode import anomaly, clock, state
from .tensor import Tensor, make_tensor


class OpError(ValueError, RuntimeError):
    """Bad input to an op: the message names the op and the shapes involved. A ValueError, and a
    RuntimeError as PyTorch raises for shape mismatches, so either `except` catches it."""


class Function:
    """One node of the graph: an op applied to input tensors.

    Subclasses define `forward(*arrays, **params) -> ndarray` and
    `backward(grad, out, *inputs) -> grad | tuple[grad | None, ...]`, one gradient per input
    (None where `needs(i)` is False). `out` and `inputs` are ndarrays (or numpy scalars, for
    0-d tensors), or Tensors under `create_graph=True`; the formula must work for all. An op has
    no `__init__`: `apply` makes it, and forward keeps what it needs on `self`.
    """

    # What recording sets (slots: every recorded op pays for these stores): the inputs, their
    # values as forward saw them (what a plain backward reads), the clock of in-place writes then
    # (FREED once a backward without retain_graph has gone through: one store less per op, one
    # test less per node), and the module calls that made it ((module, number) pairs).
    # Op-specific values forward saves go in the __dict__.
    __slots__ = ("inputs", "arrays", "stamp", "scope", "trace", "__dict__")
    inputs: tuple[Tensor, ...]
    arrays: tuple[Any, ...]
    stamp: int
    scope: tuple[tuple[Any, int], ...]
    view = False  # True when the output shares memory with input 0 (it shares its version too)
    saves_inputs = True  # False when backward reads neither input's values
    saves_output = False  # True when backward reads `out`
    double_backward = True  # False when `backward` cannot run on Tensors (see the module doc)

    name = "function"  # the op's name as diagrams, messages and the catalogue show it
    primitives: list[type[Function]] = []  # every subclass, in definition order (the catalogue)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__.lower()  # `Mul` -> `mul`
        Function.primitives.append(cls)

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Tensor:
        """Run forward; record the node only if grad is on and some input requires it."""
        fn = cls()  # (an op class has no __init__; calling it is faster than object.__new__)
        # The inputs' values (a 0-d tensor's may be a numpy scalar), as a tuple, which the garbage
        # collector stops tracking; spelled out for one and two inputs, since a comprehension is
        # a function call of its own on Python 3.11 (100 ns, 5% of a scalar op's forward).
        n = len(inputs)
        if n == 2:
            arrays = (inputs[0]._data, inputs[1]._data)
        elif n == 1:
            arrays = (inputs[0]._data,)
        else:
            arrays = tuple([t._data for t in inputs])
        vc = None
        if cls.view:  # the output shares input 0's memory, so that must be an array
            arrays, vc = (inputs[0].data, *arrays[1:]), inputs[0]._counter()
        try:
            data = fn.forward(*arrays, **params)
        except (ValueError, IndexError, TypeError) as err:
            if isinstance(err, OpError):
                raise
            shapes = ", ".join(str(t.shape) for t in inputs)
            raise OpError(f"{fn.name}: {err} (input shapes: {shapes})") from None
        if type(data) not in _NUMPY_TYPES:
            data = np.asarray(data)  # (numpy's scalars for 0-d results are kept as they are)
        if state.grad_enabled:
            for t in inputs:
                if t._requires_grad:
                    fn.inputs, fn.arrays, fn.stamp = inputs, arrays, clock.now
                    fn.scope = state.scope
                    if anomaly.on:
                        fn.trace = _user_frame()
                    return make_tensor(data, vc, fn)
        return make_tensor(data, vc)

    def needs(self, i: int) -> bool:
        """Whether input `i` wants a gradient (so backward can skip work nobody uses)."""
        return self.inputs[i]._requires_grad

    def check_unmodified(self, out: Tensor) -> None:
        """Raise if a tensor this op saved was changed in place after the op ran."""
        saved = list(self.inputs) if self.saves_inputs else []
        if self.saves_output:
            saved.append(out)
        for t in saved:
            if t._vc is not None and t._vc[0] > self.stamp:
                raise RuntimeError(
                    f"{self.name}: a tensor of shape {t.shape} that this op saved for backward "
                    "was modified in place after the op ran; backward would be wrong. "
                    "Clone it before changing it, or change it out of place."
                )

    def release(self) -> None:
        """Drop what forward saved for backward; keep the inputs and the modules that made it, so
        the graph can still be drawn and walked (its tensors live as long as the user holds its
        output)."""
        self.__dict__.clear()
        self.stamp = FREED

    @property
    def freed(self) -> bool:
        """True once a backward without retain_graph went through (what it saved is dropped)."""
        return self.stamp == FREED

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def _user_frame() -> str:
    """Where, outside this package, the op being recorded was created."""
    here = __file__.rsplit("/", 1)[0]
    for frame in reversed(traceback.extract_stack()[:-2]):
        if not frame.filename.startswith(here):
            return (
                f'File "{frame.filename}", line {frame.lineno}, in {frame.name}\n    {frame.line}'
            )
    return "(inside autograd)"


FREED = -1  # a released op's stamp: below any time of the clock, which starts at 0

_NUMPY_TYPES = frozenset((np.ndarray, *np.sctypeDict.values()))  # what forward may return


class Elementwise(Function):
    """An op applied element by element (broadcast): its local derivatives are arrays of values."""
