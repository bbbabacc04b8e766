"""The functional API: grad, vjp, jvp, jacobian, hessian, gradcheck, gradgradcheck."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import autograd as ag

vectors = arrays(np.float64, st.integers(1, 4), elements=st.floats(-2, 2))


def leaf(values):
    """A float64 leaf that requires grad."""
    return ag.Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def test_grad_returns_gradients_without_touching_dot_grad():
    """autograd.grad gives d out / d inputs and leaves .grad None."""
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    gx, gy = ag.grad((x * y).sum(), [x, y])
    np.testing.assert_allclose(gx.data, y.data)
    np.testing.assert_allclose(gy.data, x.data)
    assert x.grad is None and y.grad is None


def test_grad_of_an_unused_input_needs_allow_unused():
    """An input not on the path raises unless allow_unused=True, which gives None."""
    x, unused = leaf([1.0]), leaf([2.0])
    with pytest.raises(RuntimeError, match="input 1.*not used.*allow_unused"):
        ag.grad((x * 2).sum(), [x, unused], retain_graph=True)
    assert ag.grad((x * 2).sum(), [x, unused], allow_unused=True)[1] is None


def test_grad_of_an_input_that_does_not_require_grad_says_so():
    """Inputs must require grad."""
    with pytest.raises(RuntimeError, match="input 0 does not require grad"):
        ag.grad(leaf([1.0]).sum(), [ag.Tensor([1.0])])


@given(vectors)
def test_jacobian_of_elementwise_square_is_diag_2x(x):
    """J of x**2 is diag(2x)."""
    np.testing.assert_allclose(ag.jacobian(lambda t: t * t, x).data, np.diag(2 * x))


@given(vectors)
def test_jacobian_of_matmul_is_the_matrix(x):
    """J of A @ x is A, whatever x is."""
    a = np.arange(3 * x.size, dtype=np.float64).reshape(3, x.size)
    np.testing.assert_allclose(ag.jacobian(lambda t: ag.Tensor(a) @ t, x).data, a)


@given(vectors)
def test_hessian_of_cubic_sum_is_diag_6x(x):
    """H of sum(x^3) is diag(6x)."""
    np.testing.assert_allclose(ag.hessian(lambda t: (t**3).sum(), x).data, np.diag(6 * x))


@given(vectors, vectors)
def test_vjp_and_jvp_match_the_jacobian(x, v):
    """vjp(f, x, u) = u^T J and jvp(f, x, v) = J v for f(x) = sin(x) * sum(x)."""
    v = np.resize(v, x.shape)

    def f(t):
        return t.sin() * t.sum()

    jac = ag.jacobian(f, x).data
    out, u_j = ag.vjp(f, x, v)
    np.testing.assert_allclose(u_j.data, v @ jac, atol=1e-12)
    np.testing.assert_allclose(out.data, np.sin(x) * x.sum())
    _, j_v = ag.jvp(f, x, v)
    np.testing.assert_allclose(j_v.data, jac @ v, atol=1e-12)


def test_gradcheck_passes_on_a_correct_gradient():
    """A composite of correct ops passes."""
    assert ag.gradcheck(
        lambda a, b: (a @ b).tanh().sum(axis=0), [leaf(np.ones((2, 3))), leaf(np.ones((3, 2)))]
    )


class WrongSquare(ag.Function):
    """x^2 with a deliberately wrong derivative (3x instead of 2x)."""

    def forward(self, x):
        return x * x

    def backward(self, g, out, x):
        return g * 3 * x


def test_gradcheck_names_input_element_and_values_of_a_wrong_gradient():
    """The error names the input, the worst element's index and both values."""
    x = leaf([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(
        ag.GradcheckError,
        match=r"input 0 \(shape \(2, 2\)\), element \(1, 1\).*analytical 12 vs numerical 8",
    ):
        ag.gradcheck(WrongSquare.apply, [x])
    assert ag.gradcheck(WrongSquare.apply, [x], raise_exception=False) is False


def test_gradgradcheck_catches_a_wrong_second_derivative():
    """A first derivative right but not differentiable correctly fails one order up."""

    class FrozenSlope(ag.Function):
        """x^2 whose backward hides x from the graph (second derivative lost)."""

        def forward(self, x):
            return x * x

        def backward(self, g, out, x):
            return g * 2 * np.asarray(x)

    x = leaf([1.0, 2.0])
    assert ag.gradcheck(FrozenSlope.apply, [x])
    with pytest.raises(ag.GradcheckError):
        ag.gradgradcheck(FrozenSlope.apply, [x])
    assert ag.gradgradcheck(lambda t: t * t * t, [x])


def test_gradcheck_needs_an_input_that_requires_grad():
    """Nothing to check is an error, not a silent pass."""
    with pytest.raises(ValueError, match="no input requires grad"):
        ag.gradcheck(lambda t: t * 2, [ag.Tensor([1.0])])


def test_gradcheck_fails_on_nan_gradients():
    """NaN is never a pass: x * nan has NaN on both sides."""
    assert not ag.gradcheck(lambda t: t * np.nan, [leaf([1.0, 2.0])], raise_exception=False)


def test_gradcheck_handles_an_empty_input():
    """A size-0 input has nothing to check and does not crash the comparison."""
    assert ag.gradcheck(lambda x, y: x + y.sum(), [leaf([1.0, 2.0]), leaf(np.ones(0))])


def test_gradcheck_leaves_the_inputs_as_they_were_when_the_function_raises():
    x = ag.Tensor(np.array([1.0, 2.0]), requires_grad=True)
    calls = []

    def breaks_on_the_third_call(t):
        calls.append(1)
        if len(calls) == 3:
            raise ZeroDivisionError("boom")
        return (t * t).sum()

    with pytest.raises(ZeroDivisionError):
        ag.gradcheck(breaks_on_the_third_call, [x])
    assert x.tolist() == [1.0, 2.0] and x.grad is None


@pytest.mark.parametrize("returns", [1.5, np.float64(1.5), None])
def test_gradcheck_says_the_function_must_return_a_tensor(returns):
    x = ag.Tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="gradcheck: the function must return a Tensor"):
        ag.gradcheck(lambda t: returns, [x])
