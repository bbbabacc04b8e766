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


def test_flatten_unflatten_and_identity_shape_as_pytorch():
    torch = pytest.importorskip("torch")
    x = np.arange(24.0).reshape(2, 3, 4)
    for ours, theirs in [
        (nn.Flatten(), torch.nn.Flatten()),
        (nn.Flatten(0, 1), torch.nn.Flatten(0, 1)),
        (nn.Unflatten(2, (2, 2)), torch.nn.Unflatten(2, (2, 2))),
    ]:
        np.testing.assert_array_equal(ours(ag.tensor(x)).data, theirs(torch.from_numpy(x)).numpy())
        assert repr(ours) == repr(theirs)
    t = ag.tensor(x)
    assert nn.Identity(3, key="ignored")(t) is t


def test_embedding_matches_pytorch_and_leaves_the_padding_row_out_of_the_gradient():
    torch = pytest.importorskip("torch")
    ours, theirs = nn.Embedding(5, 3, padding_idx=1), torch.nn.Embedding(5, 3, padding_idx=1)
    assert repr(ours) == repr(theirs) and not ours.weight.data[1].any()
    ours.double().load_state_dict(theirs.double().state_dict())
    idx = np.array([[1, 2], [4, 1]])
    out, t_out = ours(ag.tensor(idx)), theirs(torch.from_numpy(idx))
    np.testing.assert_array_equal(out.data, t_out.detach().numpy())
    w = np.random.default_rng(0).standard_normal(out.shape)
    (out * w).sum().backward()
    (t_out * torch.from_numpy(w)).sum().backward()
    np.testing.assert_allclose(ours.weight.grad.data, theirs.weight.grad.numpy(), rtol=1e-12)
    with pytest.raises(
        IndexError, match=r"Embedding\(5, 3, padding_idx=1\): .*\[0, 5\).* \[0, 7\]"
    ):
        ours(ag.tensor([0, 7]))


def test_dropout_keeps_1_minus_p_scaled_up_in_training_and_is_the_identity_in_eval():
    """Inverted dropout: the kept fraction is 1 - p (within 4 standard errors), kept values are
    scaled by 1 / (1 - p), the mean is unchanged; the same seed gives the same mask."""
    p, n = 0.3, 100_000
    layer = nn.Dropout(p)
    x = ag.ones(n, requires_grad=True)
    y = layer(x)
    kept = y.data != 0
    assert abs(kept.mean() - (1 - p)) < 4 * np.sqrt(p * (1 - p) / n)
    np.testing.assert_allclose(y.data[kept], 1 / (1 - p), rtol=1e-6)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, y.data)  # the gradient is the scaled mask
    ag.manual_seed(7)
    first = layer(ag.ones(50)).data
    ag.manual_seed(7)
    np.testing.assert_array_equal(layer(ag.ones(50)).data, first)
    assert layer.eval()(x) is x
    with pytest.raises(ValueError, match=r"Dropout: probability has to be between 0 and 1, .*1.5"):
        nn.Dropout(1.5)


def test_one_hot_is_pytorchs():
    torch = pytest.importorskip("torch")
    idx = np.array([[0, 3], [2, 1]])
    for n in (-1, 5):
        expected = torch.nn.functional.one_hot(torch.from_numpy(idx), n).numpy()
        np.testing.assert_array_equal(nn.functional.one_hot(ag.tensor(idx), n).data, expected)
    with pytest.raises(ValueError, match=r"one_hot: class values in \[0, 3\] out of range"):
        nn.functional.one_hot(ag.tensor(idx), 3)
