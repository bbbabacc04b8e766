"""BatchNorm1d/2d and LayerNorm against PyTorch in float64: outputs, gradients of input and
parameters, running statistics over several training steps, eval mode; and bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as ag
import nn

torch = pytest.importorskip("torch")

# name: (layer class in both libraries, its arguments, input shape)
CASES = {
    "bn1d_2d": ("BatchNorm1d", (3,), {}, (5, 3)),
    "bn1d_3d": ("BatchNorm1d", (3,), {"momentum": None}, (4, 3, 6)),
    "bn2d": ("BatchNorm2d", (2,), {"momentum": 0.3}, (3, 2, 4, 5)),
    "bn2d_plain": (
        "BatchNorm2d",
        (2,),
        {"affine": False, "track_running_stats": False},
        (2, 2, 3, 3),
    ),
    "layernorm": ("LayerNorm", ((4, 5),), {}, (3, 4, 5)),
    "layernorm_nobias": ("LayerNorm", (5,), {"bias": False}, (2, 3, 5)),
}


def pair(name):
    layer, args, kwargs, shape = CASES[name]
    ours = getattr(nn, layer)(*args, **kwargs).double()
    theirs = getattr(torch.nn, layer)(*args, **kwargs).double()
    rng = np.random.default_rng(0)
    with torch.no_grad():  # parameters away from their ones/zeros start
        for p in theirs.parameters():
            p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape))))
    ours.load_state_dict(theirs.state_dict())
    assert repr(ours) == repr(theirs)
    return ours, theirs, shape


@pytest.mark.parametrize("name", sorted(CASES))
def test_training_steps_then_eval_match_pytorch(name):
    ours, theirs, shape = pair(name)
    rng = np.random.default_rng(1)
    for training in (True, True, True, False):
        ours.train(training), theirs.train(training)
        x = rng.standard_normal(shape) * 3 + 1
        w = rng.standard_normal(shape)
        a, t = ag.Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, t_out = ours(a), theirs(t)
        (out * w).sum().backward()
        (t_out * torch.from_numpy(w)).sum().backward()
        np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(a.grad.data, t.grad.numpy(), rtol=1e-8, atol=1e-10)
        for (key, v), (t_key, t_v) in zip(
            ours.state_dict().items(), theirs.state_dict().items(), strict=True
        ):
            assert key == t_key
            np.testing.assert_allclose(v.data, t_v.numpy(), rtol=1e-10, atol=1e-12, err_msg=key)
        for p, t_p in zip(ours.parameters(), theirs.parameters(), strict=True):
            np.testing.assert_allclose(p.grad.data, t_p.grad.numpy(), rtol=1e-8, atol=1e-10)


@given(n=st.integers(2, 3), c=st.integers(1, 2), h=st.integers(1, 3))
def test_batchnorm_and_layernorm_pass_gradcheck(n, c, h):
    """Through the functional forms, so that weight and bias are the checked inputs themselves."""
    x = ag.randn(n, c, h, dtype=np.float64, requires_grad=True)
    w, b = ag.randn(c, dtype=np.float64, requires_grad=True), ag.randn(c, requires_grad=True)
    assert ag.gradcheck(
        lambda x, w, b: nn.functional.batch_norm(x, None, None, w, b, True), [x, w, b]
    )
    w, b = ag.randn(h, dtype=np.float64, requires_grad=True), ag.randn(h, requires_grad=True)
    assert ag.gradcheck(lambda x, w, b: nn.functional.layer_norm(x, (h,), w, b), [x, w, b])


def test_bad_input_is_named_and_changes_no_statistic():
    bn = nn.BatchNorm2d(3)
    before = {k: v.data.copy() for k, v in bn.state_dict().items()}
    with pytest.raises(
        ValueError,
        match=r"BatchNorm2d\(3, .*\): expected 4-D input \(N, 3, ...\), got \(2, 4, 5, 5\)",
    ):
        bn(ag.ones(2, 4, 5, 5))
    with pytest.raises(ValueError, match="expected more than 1 value per channel when training"):
        bn(ag.ones(1, 3, 1, 1))
    for k, v in bn.state_dict().items():
        np.testing.assert_array_equal(v.data, before[k])
    with pytest.raises(ValueError, match=r"LayerNorm\(\(4,\), .*does not end in normalized_shape"):
        nn.LayerNorm(4)(ag.ones(2, 5))


def test_standardize_refuses_an_affine_that_does_not_broadcast_to_x():
    with pytest.raises(
        ag.OpError, match=r"standardize: weight and bias must broadcast to x's shape \(2, 3\), got"
    ):
        ag.standardize(ag.ones(2, 3), 1, bias=ag.ones(2, 1, 1))
