"""Layers of the nn catalogue: each computes what PyTorch's does, through autograd's ops."""

import numpy as np
import pytest

import autograd as ag
import nn


@pytest.mark.parametrize("bias", [True, False])
def test_linear_is_one_fused_node_with_or_without_bias(bias):
    """nn.Linear(bias=False) uses the same fused linear op, with two inputs instead of three."""
    layer = nn.Linear(3, 2, bias=bias)
    x = ag.randn(4, 3, requires_grad=True)
    y = layer(x)
    assert y.grad_fn.name == "linear" and len(y.grad_fn.inputs) == (3 if bias else 2)
    expected = x.data @ layer.weight.data.T + (layer.bias.data if bias else 0)
    np.testing.assert_allclose(y.data, expected, rtol=1e-6)
    params = [x, layer.weight] + ([layer.bias] if bias else [])
    assert ag.gradcheck(lambda *p: ag.linear(*p), params)


def test_linear_rejects_a_bias_of_the_wrong_shape_naming_all_shapes():
    with pytest.raises(ag.OpError, match=r"linear: .*got \(4, 3\), \(2, 3\), \(3,\)"):
        ag.linear(ag.ones(4, 3), ag.ones(2, 3), ag.ones(3))


@pytest.mark.parametrize("args", [(3.5, 2), ([3], 2), (3, "2"), (True, 2)])
def test_linear_refuses_sizes_that_are_not_integers_naming_the_argument(args):
    with pytest.raises(
        TypeError, match=r"Linear: (in|out)_features must be a non-negative integer"
    ):
        nn.Linear(*args)
