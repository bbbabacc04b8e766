"""Every op's gradient against central finite differences in float64 (autograd.gradcheck), over
shapes and values drawn by hypothesis; second derivatives by gradgradcheck, and Hessians of
functions whose Hessian is known in closed form."""

from functools import partial

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import GRID, OPS, POSITIVE, REAL, arrays, shapes

import autograd


def inputs_for(arrays_, consts):
    """The drawn arrays as f's arguments: leading constants stay ndarrays, the rest are leaves."""
    return [a if i < consts else autograd.Tensor(a, requires_grad=True)
            for i, a in enumerate(arrays_)]  # fmt: skip


def draw_case(data, name):
    """f with its keyword arguments bound, and its inputs, for the op `name`."""
    op = OPS[name]
    arrays_, kwargs = data.draw(op.args, label="arrays, kwargs")
    return partial(op.f, **kwargs), inputs_for(arrays_, op.consts)


def assert_finite_output(f, inputs):
    """Rule out NaN/Inf outputs (gradcheck's comparisons would pass on them vacuously);
    return the number of output elements."""
    out = f(*inputs)
    outs = out if isinstance(out, list | tuple) else [out]
    for o in outs:
        assert np.isfinite(np.asarray(o.data, dtype=np.float64)).all(), o
    return sum(o.numel() for o in outs)


def test_every_public_op_is_covered():
    """The table reaches every differentiable op autograd exports (by name or as a variant)."""
    not_differentiable = {"argmax", "argmin", "sum_to", "lt", "le", "gt", "ge", "eq", "ne"}
    not_differentiable |= {"all", "any", "argsort", "numel", "ValuesIndices"}
    for name in set(autograd.ops.__all__) - not_differentiable:
        assert any(name in key for key in OPS), name


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_gradient_matches_finite_differences(name, data):
    """Backward agrees with central differences of the forward (default eps/atol/rtol)."""
    f, inputs = draw_case(data, name)
    assert_finite_output(f, inputs)
    assert autograd.gradcheck(f, inputs)


@pytest.mark.parametrize("name", sorted(OPS))
@settings(max_examples=10)
@given(data=st.data())
def test_second_derivative_matches_finite_differences(name, data):
    """Backward of backward (create_graph=True) agrees with differences of the first backward."""
    f, inputs = draw_case(data, name)
    assume(assert_finite_output(f, inputs) > 0)  # gradgradcheck fails on an empty output
    assert autograd.gradgradcheck(f, inputs)


@given(x=arrays(GRID, shapes(min_dims=1, max_dims=1)), y=st.sampled_from([0.0, 0.5]))
def test_getitem_repeated_indices_accumulate(x, y):
    """x[idx] with idx repeating positions sends back the gradient once per occurrence."""
    n = x.shape[0]
    idx = np.array([0, n - 1, 0, -1, n // 2])
    t = autograd.Tensor(x, requires_grad=True)
    (t[idx] * 2.0 + y).sum().backward()
    np.testing.assert_array_equal(t.grad.data, 2.0 * np.bincount(idx % n, minlength=n))


@pytest.mark.parametrize(
    "index, is_view", [(slice(0, 1), True), ([0, 1], False), (np.array([True, False]), False)]
)
def test_inplace_change_of_indexing_result_invalidates_source_only_if_a_view(index, is_view):
    """x[index] shares x's version stamp exactly when it shares x's memory (basic indexing):
    changing a copy in place leaves backward through x working."""
    x = autograd.Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1.0
    s = y.sin()  # saves y
    with autograd.no_grad():
        part = y[index]
        part += 1.0
    assert np.shares_memory(part.data, y.data) == is_view
    if is_view:
        with pytest.raises(RuntimeError, match="sin.*modified in place"):
            s.sum().backward()
    else:
        s.sum().backward()
        np.testing.assert_allclose(x.grad.data, np.cos([1.0, 2.0]), rtol=1e-6)


@given(x=arrays(REAL, shapes(max_dims=3)))
def test_astype_float32_gradient_is_cast_back(x):
    """Through astype(float32) the gradient flows back as float64, unchanged in value."""
    t = autograd.Tensor(x, requires_grad=True)
    w = np.linspace(-1, 1, x.size).reshape(x.shape).astype(np.float32)
    (t.astype(np.float32) * w).sum().backward()
    assert t.grad.dtype == np.float64
    np.testing.assert_array_equal(t.grad.data, w.astype(np.float64))


# --- Hessians known in closed form -------------------------------------------------------------
VECTORS = arrays(REAL, shapes(min_dims=1, max_dims=1))


def square_matrix(n):
    """An n x n float64 matrix."""
    return arrays(REAL, (n, n))


def assert_hessian(f, x, expected):
    """autograd.hessian(f, x) equals the analytic Hessian."""
    h = autograd.hessian(f, x)
    assert h.shape == x.shape * 2
    np.testing.assert_allclose(h.data, expected, rtol=1e-10, atol=1e-12)


@given(x=VECTORS)
def test_hessian_of_sum_of_cubes_is_diag_6x(x):
    """d^2/dx^2 sum(x^3) = diag(6x)."""
    assert_hessian(lambda v: (v**3).sum(), x, np.diag(6 * x))


@given(x=VECTORS)
def test_hessian_of_sum_of_exp_is_diag_exp(x):
    """d^2/dx^2 sum(exp(x)) = diag(exp(x))."""
    assert_hessian(lambda v: v.exp().sum(), x, np.diag(np.exp(x)))


@given(x=VECTORS)
def test_hessian_of_sum_of_sin_is_diag_minus_sin(x):
    """d^2/dx^2 sum(sin(x)) = diag(-sin(x))."""
    assert_hessian(lambda v: v.sin().sum(), x, np.diag(-np.sin(x)))


@given(data=st.data(), x=VECTORS)
def test_hessian_of_quadratic_form_is_a_plus_a_transpose(data, x):
    """d^2/dx^2 x^T A x = A + A^T, with A as a numpy constant."""
    a = data.draw(square_matrix(x.size))
    assert_hessian(lambda v: v @ (a @ v), x, a + a.T)


@given(data=st.data(), x=VECTORS)
def test_hessian_of_least_squares_is_a_transpose_a(data, x):
    """d^2/dx^2 0.5 |Ax - b|^2 = A^T A."""
    a, b = data.draw(square_matrix(x.size)), data.draw(arrays(REAL, x.shape))
    assert_hessian(lambda v: 0.5 * ((a @ v - b) ** 2).sum(), x, a.T @ a)


@given(x=VECTORS)
def test_hessian_of_logsumexp_is_diag_p_minus_p_p_transpose(x):
    """d^2/dx^2 logsumexp(x) = diag(p) - p p^T with p = softmax(x)."""
    p = np.exp(x) / np.exp(x).sum()
    assert_hessian(autograd.logsumexp, x, np.diag(p) - np.outer(p, p))


@given(x=arrays(POSITIVE, shapes(min_dims=1, max_dims=1)))
def test_hessian_of_sum_of_logs_is_diag_minus_inverse_square(x):
    """d^2/dx^2 sum(log(x)) = diag(-1/x^2)."""
    assert_hessian(lambda v: v.log().sum(), x, np.diag(-1 / x**2))
