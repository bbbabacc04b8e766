"""Elementwise, arithmetic and binary ops at edge values (0, -0, ties, +-1, +-inf, NaN, huge) give
PyTorch's values and gradients, NaN exactly where PyTorch's are NaN (float64, every combination
of edge values over the inputs)."""

import itertools
import operator

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.0, np.inf, -np.inf, np.nan, 1e300, -1e300]


def grid(arity: int) -> list[np.ndarray]:
    """Every combination of edge values over `arity` inputs (ties included), one 1-D array each."""
    return [np.array(c) for c in zip(*itertools.product(EDGES, repeat=arity), strict=True)]


# name: (ours, PyTorch's, number of tensor inputs)
CASES = {
    "add": (operator.add, operator.add, 2),
    "sub": (operator.sub, operator.sub, 2),
    "mul": (operator.mul, operator.mul, 2),
    "div": (operator.truediv, operator.truediv, 2),
    "pow": (operator.pow, operator.pow, 2),
    "pow_number": (lambda x: x**2.0, lambda x: x**2.0, 1),
    "pow_zero": (lambda x: x**0.0, lambda x: x**0.0, 1),
    "pow_three_halves": (lambda x: x**1.5, lambda x: x**1.5, 1),
    "pow_minus_one": (lambda x: x**-1.0, lambda x: x**-1.0, 1),
    "rpow_zero": (lambda x: 0.0**x, lambda x: 0.0**x, 1),
    "rpow_two": (lambda x: 2.0**x, lambda x: 2.0**x, 1),
    "neg": (operator.neg, operator.neg, 1),
    "positive": (operator.pos, operator.pos, 1),
    "exp": (autograd.exp, torch.exp, 1),
    "log": (autograd.log, torch.log, 1),
    "sqrt": (autograd.sqrt, torch.sqrt, 1),
    "abs": (autograd.abs, torch.abs, 1),
    "sin": (autograd.sin, torch.sin, 1),
    "cos": (autograd.cos, torch.cos, 1),
    "tanh": (autograd.tanh, torch.tanh, 1),
    "sigmoid": (autograd.sigmoid, torch.sigmoid, 1),
    "relu": (autograd.relu, torch.relu, 1),
    "clip": (lambda x: x.clip(-1.0, 1.0), lambda x: x.clip(-1.0, 1.0), 1),
    "clip_min": (lambda x: x.clip(min=0.0), lambda x: x.clip(min=0.0), 1),
    "clip_max": (lambda x: x.clip(max=0.0), lambda x: x.clip(max=0.0), 1),
    "clip_tensors": (autograd.clip, torch.clamp, 3),
    "clip_min_tensor": (lambda x, lo: x.clip(min=lo), lambda x, lo: x.clip(min=lo), 2),
    "clip_max_tensor": (lambda x, hi: x.clip(max=hi), lambda x, hi: x.clip(max=hi), 2),
    "maximum": (autograd.maximum, torch.maximum, 2),
    "minimum": (autograd.minimum, torch.minimum, 2),
    "sign": (autograd.sign, torch.sign, 1),
    "floor": (autograd.floor, torch.floor, 1),
    "ceil": (autograd.ceil, torch.ceil, 1),
    "round": (autograd.round, torch.round, 1),
    "round_decimals": (lambda x: x.round(2), lambda x: x.round(decimals=2), 1),
    "reciprocal": (autograd.reciprocal, torch.reciprocal, 1),
    "rsqrt": (autograd.rsqrt, torch.rsqrt, 1),
    "square": (autograd.square, torch.square, 1),
    "log1p": (autograd.log1p, torch.log1p, 1),
    "expm1": (autograd.expm1, torch.expm1, 1),
    "atan2": (autograd.atan2, torch.atan2, 2),
    "lerp": (autograd.lerp, torch.lerp, 3),
    "lerp_number": (lambda x, y: x.lerp(y, 0.75), lambda x, y: x.lerp(y, 0.75), 2),
    "add_alpha": (lambda x, y: x.add(y, alpha=-2.0), lambda x, y: x.add(y, alpha=-2.0), 2),
    "sub_alpha": (lambda x, y: x.sub(y, alpha=0.5), lambda x, y: x.sub(y, alpha=0.5), 2),
    "div_floor": (
        lambda x, y: x.div(y, rounding_mode="floor"),
        lambda x, y: x.div(y, rounding_mode="floor"),
        2,
    ),
    "div_trunc": (
        lambda x, y: x.div(y, rounding_mode="trunc"),
        lambda x, y: x.div(y, rounding_mode="trunc"),
        2,
    ),
    # infinite upstream gradients (log of a clipped 0): masked to 0, not 0 * inf
    "log_relu": (lambda x: x.relu().log(), lambda x: x.relu().log(), 1),
    "log_clip": (lambda x: x.clip(0.0, 1.0).log(), lambda x: x.clip(0.0, 1.0).log(), 1),
    "log_clip_tensors": (
        lambda x, lo, hi: x.clip(lo, hi).log(),
        lambda x, lo, hi: x.clip(lo, hi).log(),
        3,
    ),
    "log_maximum": (lambda x, y: x.maximum(y).log(), lambda x, y: x.maximum(y).log(), 2),
    "log_minimum": (lambda x, y: x.minimum(y).log(), lambda x, y: x.minimum(y).log(), 2),
    "sqrt_pow": (lambda x, y: (x**y - 1.0).sqrt(), lambda x, y: (x**y - 1.0).sqrt(), 2),
    "where": (
        lambda x, y: autograd.where(x > y, x, y),
        lambda x, y: torch.where(x > y, x, y),
        2,
    ),
}


def run(f, arrays, lib):
    """f's values and the gradients of their sum, in one library (float64)."""
    if lib == "torch":
        xs = [torch.tensor(a, requires_grad=True) for a in arrays]
        out = f(*xs)
        out.sum().backward()
        return out.detach().numpy(), [x.grad.numpy() for x in xs]
    xs = [autograd.Tensor(a, requires_grad=True) for a in arrays]
    with np.errstate(all="ignore"):
        out = f(*xs)
        out.sum().backward()
    return out.data, [x.grad.data for x in xs]


@pytest.mark.parametrize("copies", [1, 300])
@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_at_edges_are_pytorchs(name, copies):
    """Each input's gradient and the output equal PyTorch's at every edge combination, on small
    arrays and (the grid repeated) on ones large enough for the ops' large-array paths."""
    ours, theirs, arity = CASES[name]
    arrays = [np.tile(a, copies) for a in grid(arity)]
    (out, grads), (t_out, t_grads) = run(ours, arrays, "ours"), run(theirs, arrays, "torch")
    where = [f"{n}={a}" for n, a in zip("xyz", arrays, strict=False)]
    np.testing.assert_allclose(out, t_out, rtol=1e-12, err_msg=f"{name} values at {where}")
    for i, (g, tg) in enumerate(zip(grads, t_grads, strict=True)):
        bad = ~np.isclose(g, tg, rtol=1e-12, equal_nan=True)
        detail = ", ".join(f"({', '.join(str(a[k]) for a in arrays)}): {g[k]} != {tg[k]}"
                           for k in np.flatnonzero(bad))  # fmt: skip
        assert not bad.any(), f"{name}: gradient of input {i} differs from PyTorch's at {detail}"


@pytest.mark.parametrize("equal_nan", [False, True])
def test_isclose_and_allclose_at_edges_are_pytorchs(equal_nan):
    """isclose gives PyTorch's booleans at every pair of edge values; allclose is their `all`."""
    x, y = grid(2)
    ours = autograd.isclose(autograd.tensor(x), autograd.tensor(y), equal_nan=equal_nan)
    theirs = torch.isclose(torch.tensor(x), torch.tensor(y), equal_nan=equal_nan)
    np.testing.assert_array_equal(ours.data, theirs.numpy(), strict=True)
    for a, b in ((x, x), (x[:5], x[:5] + 1e-9), (x, y)):
        assert autograd.allclose(a, b, equal_nan=equal_nan) is torch.allclose(
            torch.tensor(a), torch.tensor(b), equal_nan=equal_nan
        )


@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge", "eq", "ne"])
def test_comparisons_at_edges_are_pytorchs(op):
    """Comparisons give PyTorch's booleans at every pair of edge values (NaN compares unequal)."""
    x, y = grid(2)
    ours = getattr(autograd.tensor(x), op)(autograd.tensor(y))
    np.testing.assert_array_equal(ours.data, getattr(torch, op)(torch.tensor(x), torch.tensor(y)))
