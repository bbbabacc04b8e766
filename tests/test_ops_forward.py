"""Every op's forward against numpy over hypothesis inputs: values, shapes and dtypes; stability
at inputs of +-1000; comparisons; and error messages that name the op and the shapes."""

import math
import operator
import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import GRID, OPS, REAL, arrays, broadcast, np_logsumexp, np_softmax, shapes

import autograd

# Overflow, 0/0 and log(0) raise; underflow to 0 (exp of a very negative number) is exact enough.
STRICT = {"over": "raise", "divide": "raise", "invalid": "raise", "under": "ignore"}


def run(name, arrays_, kwargs, dtype=None):
    """The op on Tensors made from `arrays_` (constants stay ndarrays), and numpy's answer."""
    op = OPS[name]
    if dtype is not None:
        arrays_ = tuple(a.astype(dtype) for a in arrays_)
    inputs = [a if i < op.consts else autograd.Tensor(a) for i, a in enumerate(arrays_)]
    return op.f(*inputs, **kwargs), (op.ref or op.f)(*arrays_, **kwargs)


def pieces(out):
    """An op's output as a list of arrays (split returns several)."""
    return [np.asarray(o) for o in out] if isinstance(out, list | tuple) else [np.asarray(out)]


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_forward_matches_numpy(name, data):
    """On float64 inputs the op's values, shape and dtype equal numpy's."""
    got, want = run(name, *data.draw(OPS[name].args))
    assert all(isinstance(t, autograd.Tensor) for t in (got if isinstance(got, list) else [got]))
    assert len(pieces(got)) == len(pieces(want))
    for g, w in zip(pieces(got), pieces(want), strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12, strict=True)


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_float32_forward_keeps_numpys_dtype(name, data):
    """On float32 inputs (Python numbers mixed in) the result dtype is numpy's, the values close
    to the float64 answer on the same inputs. (The same: rounded to float32. Rounding alone can
    move the answer of an ill-conditioned input by more than float32 arithmetic does, as for two
    near-equal values standardized.)"""
    arrays_, kwargs = data.draw(OPS[name].args)
    got, want32 = run(name, arrays_, kwargs, np.float32)
    _, want64 = run(name, tuple(a.astype(np.float32).astype(a.dtype) for a in arrays_), kwargs)
    for g, w32, w64 in zip(pieces(got), pieces(want32), pieces(want64), strict=True):
        assert g.dtype == w32.dtype
        np.testing.assert_allclose(g, w64, rtol=1e-5, atol=1e-5)


# --- dtypes ------------------------------------------------------------------------------------
def test_tensor_of_python_ints_is_int64():
    """autograd.tensor infers like torch.tensor: Python ints stay int64, floats become float32."""
    assert autograd.tensor([1, 2]).dtype == np.int64
    assert autograd.tensor([1.0, 2.0]).dtype == np.float32


def test_tensor_class_of_python_ints_is_float32():
    """autograd.Tensor makes Python data floating, like torch.Tensor."""
    assert autograd.Tensor([1, 2]).dtype == np.float32


NUMBER_OPS = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "pow": operator.pow, "maximum": autograd.maximum, "minimum": autograd.minimum,
    "where": lambda x, y: autograd.where(np.array([True, False]), x, y),
}  # fmt: skip


@pytest.mark.parametrize("number", [2.5, 2])
@pytest.mark.parametrize("reflected", [False, True])
@pytest.mark.parametrize("name", sorted(NUMBER_OPS))
def test_float32_tensor_with_python_number_stays_float32(name, reflected, number):
    """A Python number on either side takes the tensor's float32 (numpy's weak scalars)."""
    x = autograd.Tensor([1.5, 2.0], requires_grad=True)
    out = NUMBER_OPS[name](number, x) if reflected else NUMBER_OPS[name](x, number)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32


DTYPES = ["bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64"]
OPERAND = st.one_of(
    st.tuples(st.sampled_from(DTYPES), st.sampled_from([(), (2,)])),  # a tensor: dtype, shape
    st.sampled_from([True, 3, -2, 0.5]),  # a Python number
)


def _make(operand, tensor):
    """A drawn operand: a Python number as is, else a tensor of ones made by `tensor`."""
    if not isinstance(operand, tuple):
        return operand
    dtype, shape = operand
    return tensor(np.ones(shape, dtype))


@given(x=OPERAND, y=OPERAND)
def test_type_promotion_is_pytorchs(x, y):
    """Tensors with dims decide within their category; 0-d tensors and Python numbers only raise
    the category (a Python float gives the default dtype): as torch.result_type, for every pair."""
    torch = pytest.importorskip("torch")
    assume(isinstance(x, tuple) or isinstance(y, tuple))
    ours = autograd.ops.lift.result_dtype(_make(x, autograd.tensor), _make(y, autograd.tensor))
    theirs = torch.result_type(_make(x, torch.from_numpy), _make(y, torch.from_numpy))
    assert str(ours) == str(theirs).removeprefix("torch.")


def test_binary_ops_compute_in_the_promoted_dtype():
    """An int tensor with a Python float gives float32, not numpy's float64; a 0-d float64 does
    not widen a float32 tensor; true division of integers gives the default float."""
    i = autograd.tensor([1, 2])
    assert (i + 0.5).dtype == np.float32 and (0.5 * i).dtype == np.float32
    assert (autograd.ones(2) + autograd.tensor(2.0, dtype=np.float64)).dtype == np.float32
    assert (i / i).dtype == np.float32 and (i / i).tolist() == [1.0, 1.0]
    assert autograd.tensor(2).exp().dtype == np.float32
    w = autograd.tensor(1.5, dtype=np.float64, requires_grad=True)
    (autograd.ones(3) * w).sum().backward()  # w is cast for the op, its gradient cast back
    assert w.grad.dtype == np.float64 and w.grad.item() == 3.0


@given(x=arrays(REAL, shapes(max_dims=3)))
def test_astype_between_float_dtypes_matches_numpy(x):
    """astype to float16/32/64 gives numpy's values and dtype; to the same dtype it is a no-op."""
    t = autograd.Tensor(x)
    for dtype in (np.float16, np.float32, np.float64):
        np.testing.assert_array_equal(t.astype(dtype).data, x.astype(dtype), strict=True)
    assert t.astype(np.float64) is t


# --- numeric stability -------------------------------------------------------------------------
SHIFTS = pytest.mark.parametrize("shift", [1000.0, -1000.0])
DTYPES = pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-9), (np.float32, 1e-3)])
SMALL = arrays(REAL, shapes(min_dims=1, max_dims=3))


def shifted(x, shift, dtype):
    """x + shift as a float `dtype` tensor that requires grad, and what its values are after
    rounding minus the shift (the small values the op effectively sees)."""
    big = (x + shift).astype(dtype)
    return autograd.Tensor(big, requires_grad=True), big.astype(np.float64) - shift


def grad_of(f, x, w):
    """d sum(w * f(x)) / dx for a fresh leaf with x's values."""
    t = autograd.Tensor(x.data, requires_grad=True)
    (f(t) * w).sum().backward()
    return t.grad.data


@SHIFTS
@DTYPES
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@given(x=SMALL)
def test_softmax_family_at_1000_is_finite_and_shift_invariant(name, dtype, tol, shift, x):
    """softmax and log_softmax of x +- 1000 equal those of x, with no overflow, and so does
    their gradient."""
    big, small = shifted(x, shift, dtype)
    want = np_softmax(small, -1)
    with np.errstate(**STRICT):
        out = getattr(autograd, name)(big, -1)
        w = np.linspace(-1, 1, x.size).reshape(x.shape)
        g_big = grad_of(lambda t: getattr(autograd, name)(t, -1), big, w)
    g_small = grad_of(lambda t: getattr(autograd, name)(t, -1), autograd.Tensor(small), w)
    np.testing.assert_allclose(out.data, want if name == "softmax" else np.log(want), atol=tol)
    assert np.isfinite(g_big).all()
    np.testing.assert_allclose(g_big, g_small, atol=tol)


@SHIFTS
@DTYPES
@given(x=SMALL)
def test_logsumexp_at_1000_is_finite_and_shifts_with_input(dtype, tol, shift, x):
    """logsumexp(x + c) = logsumexp(x) + c at c = +-1000, with no overflow; the gradient is
    softmax(x), finite."""
    big, small = shifted(x, shift, dtype)
    with np.errstate(**STRICT):
        out = autograd.logsumexp(big, axis=-1)
        out.sum().backward()
    want = np_logsumexp(small, -1, False) + shift
    np.testing.assert_allclose(out.data, want, rtol=tol * 1e-3, atol=tol)
    np.testing.assert_allclose(big.grad.data, np_softmax(small, -1), atol=tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_family_at_1000_matches_closed_form(dtype):
    """softmax, log_softmax and logsumexp of [c, c-1, c-2000] for c = +-1000, in closed form."""
    s1 = 1 / (1 + math.exp(-1))  # softmax([0, -1])[0]
    for c in (1000.0, -1000.0):
        x = autograd.Tensor(np.array([c, c - 1, c - 2000], dtype))
        with np.errstate(**STRICT):
            sm, lsm, lse = autograd.softmax(x), autograd.log_softmax(x), autograd.logsumexp(x)
        np.testing.assert_allclose(sm.data, [s1, 1 - s1, 0], atol=1e-6)
        np.testing.assert_allclose(lsm.data, [math.log(s1), math.log(1 - s1), -2000 + math.log(s1)],
                                   rtol=1e-6)  # fmt: skip
        np.testing.assert_allclose(lse.data, c - math.log(s1), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("x, value", [(1000.0, 1.0), (-1000.0, 0.0), (30.0, 1.0), (-30.0, 0.0)])
def test_sigmoid_saturates_without_overflow(dtype, x, value):
    """sigmoid(+-1000) is 1 / 0 with no overflow, and its gradient there is finite (about 0)."""
    t = autograd.Tensor(np.array([x, 0.0], dtype), requires_grad=True)
    with np.errstate(**STRICT):
        out = t.sigmoid()
        out.sum().backward()
    np.testing.assert_allclose(out.data, [value, 0.5], atol=1e-12 if abs(x) > 100 else 1e-6)
    np.testing.assert_allclose(t.grad.data, [0.0, 0.25], atol=1e-12 if abs(x) > 100 else 1e-6)


# --- comparisons -------------------------------------------------------------------------------
COMPARISONS = [operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]
UFUNCS = dict(zip(COMPARISONS, [np.less, np.less_equal, np.greater, np.greater_equal, np.equal,
                                 np.not_equal], strict=True))  # fmt: skip


def assert_boolean_result(out, want):
    """A bool Tensor outside the graph with numpy's values."""
    assert isinstance(out, autograd.Tensor)
    assert out.dtype == np.bool_
    assert not out.requires_grad and out.grad_fn is None
    np.testing.assert_array_equal(out.data, want, strict=True)


@pytest.mark.parametrize("op", COMPARISONS)
@given(xy=broadcast(GRID, GRID), number=GRID)
def test_comparisons_return_boolean_tensors_without_grad(op, xy, number):
    """< <= > >= == != (tensor-tensor broadcast, with a number on either side, as numpy
    ufuncs) give numpy's booleans and never require grad."""
    (x, y), _ = xy
    tx, ty = autograd.Tensor(x, requires_grad=True), autograd.Tensor(y, requires_grad=True)
    assert_boolean_result(op(tx, ty), op(x, y))
    assert_boolean_result(op(tx, number), op(x, number))
    assert_boolean_result(op(number, tx), op(number, x))
    assert_boolean_result(op(y, tx), op(y, x))
    assert_boolean_result(UFUNCS[op](tx, ty), op(x, y))


# --- error messages ----------------------------------------------------------------------------
def ones(*shape):
    """A float64 tensor of ones."""
    return autograd.Tensor(np.ones(shape))


ERRORS = {
    "add": (lambda: ones(2, 3) + ones(4), ["add", "(2, 3)", "(4,)"]),
    "sub": (lambda: ones(2, 3) - ones(3, 2), ["sub", "(2, 3)", "(3, 2)"]),
    "mul": (lambda: ones(4) * ones(2, 3), ["mul", "(4,)", "(2, 3)"]),
    "div": (lambda: 1.0 / ones(2, 3) / ones(2), ["div", "(2, 3)", "(2,)"]),
    "pow": (lambda: ones(2, 3) ** ones(4), ["pow", "(2, 3)", "(4,)"]),
    "maximum": (lambda: autograd.maximum(ones(2, 3), ones(4)), ["maximum", "(2, 3)", "(4,)"]),
    "matmul": (lambda: ones(2, 3) @ ones(4, 5), ["matmul", "(2, 3)", "(4, 5)"]),
    "matmul_vector": (lambda: ones(3) @ ones(4, 5), ["matmul", "(3,)", "(4, 5)"]),
    "matmul_batch": (lambda: ones(2, 2, 3) @ ones(3, 3, 4), ["matmul", "(2, 2, 3)", "(3, 3, 4)"]),
    "matmul_scalar": (lambda: ones() @ ones(3), ["matmul", "()", "(3,)"]),
    "cat": (lambda: autograd.cat([ones(2, 3), ones(3, 4)]), ["cat", "(2, 3)", "(3, 4)"]),
    "stack": (lambda: autograd.stack([ones(2, 3), ones(3, 2)]), ["stack", "(2, 3)", "(3, 2)"]),
    "reshape": (lambda: ones(2, 3).reshape(4), ["reshape", "(4,)", "(2, 3)"]),
    "expand": (lambda: ones(2, 3).expand(4, 3), ["expand", "(2, 3)", "(4, 3)"]),
    "expand_new_minus_1": (lambda: ones(3).expand(-1, 3), ["expand", "-1", "(3,)", "(-1, 3)"]),
    "sum_axis": (lambda: ones(2, 3).sum(axis=2), ["sum", "axis 2", "2 dimensions"]),
    "mean_dim": (lambda: ones(2, 3).mean(dim=-3), ["mean", "axis -3", "2 dimensions"]),
    "softmax_axis": (lambda: ones(2, 3).softmax(2), ["softmax", "axis 2", "2 dimensions"]),
    "squeeze": (lambda: ones(2, 3).squeeze(2), ["squeeze", "axis 2", "2 dimensions"]),
    "permute": (lambda: ones(2, 3).permute(0, 0), ["permute", "(0, 0)", "(2, 3)"]),
    "split": (lambda: ones(5).split([2, 2]), ["split", "[2, 2]", "(5,)"]),
    "getitem": (lambda: ones(2, 3)[5], ["getitem", "index 5", "(2, 3)"]),
    "less": (lambda: ones(2, 3) < ones(4), ["(2, 3)", "(4,)"]),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_shapes_raise_naming_op_and_shapes(name):
    """The error names the op and the shapes (or axis) involved."""
    fn, parts = ERRORS[name]
    with pytest.raises(ValueError, match=".*".join(re.escape(p) for p in parts)):
        fn()
