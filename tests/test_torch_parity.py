"""Ops that PyTorch also has give PyTorch's values and gradients (float64, hypothesis-drawn)."""

import numpy as np
import pytest
from hypothesis import given
from strategies import classification, einsum_case, linear_layer, tensordot_case

import autograd

torch = pytest.importorskip("torch")


def values_and_grads(f, arrays, lib):
    """f's output and the gradients of sum(output * w) for a fixed random w, in one library."""
    if lib == "torch":
        xs = [torch.tensor(a, requires_grad=True) for a in arrays]
        out = f(*xs)
        w = torch.tensor(np.random.default_rng(1).standard_normal(tuple(out.shape)))
        (out * w).sum().backward()
        return out.detach().numpy(), [x.grad.numpy() for x in xs]
    xs = [autograd.Tensor(a, requires_grad=True) for a in arrays]
    out = f(*xs)
    (out * np.random.default_rng(1).standard_normal(out.shape)).sum().backward()
    return out.data, [x.grad.data for x in xs]


def assert_same(ours, theirs, arrays):
    (out, grads), (t_out, t_grads) = (
        values_and_grads(ours, arrays, "ours"),
        values_and_grads(theirs, arrays, "torch"),
    )
    np.testing.assert_allclose(out, t_out, rtol=1e-10, atol=1e-12)
    for g, tg in zip(grads, t_grads, strict=True):
        np.testing.assert_allclose(g, tg, rtol=1e-10, atol=1e-12)


@given(case=einsum_case())
def test_einsum(case):
    arrays, kw = case
    assert_same(
        lambda *xs: autograd.einsum(kw["spec"], *xs),
        lambda *xs: torch.einsum(kw["spec"], *xs),
        arrays,
    )


@given(case=tensordot_case())
def test_tensordot(case):
    (a, b), kw = case
    assert_same(
        lambda x, y: autograd.tensordot(x, y, kw["dims"]),
        lambda x, y: torch.tensordot(x, y, kw["dims"]),
        [a, b],
    )


@given(case=linear_layer(bias=True) | linear_layer(bias=False))
def test_linear_with_and_without_bias(case):
    arrays, _ = case
    assert_same(autograd.linear, torch.nn.functional.linear, list(arrays))


@given(case=classification())
def test_cross_entropy(case):
    (logits,), kw = case
    target = kw["target"]
    assert_same(
        lambda x: autograd.cross_entropy(x, target),
        lambda x: torch.nn.functional.cross_entropy(x, torch.tensor(target)),
        [logits],
    )


@pytest.mark.parametrize("op", ["softmax", "log_softmax", "logsumexp"])
def test_softmax_family_at_infinite_logits(op):
    """Rows holding +inf, -inf or only -inf give PyTorch's values (NaN where PyTorch's are)."""
    inf = np.inf
    x = np.array([[inf, 0.0], [-inf, 0.0], [-inf, -inf], [1.0, 2.0]])
    with np.errstate(invalid="ignore", divide="ignore"):
        ours = getattr(autograd, op)(autograd.tensor(x), 1).data
    theirs = getattr(torch, op)(torch.tensor(x), 1).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)  # NaN where theirs is NaN, inf as inf
