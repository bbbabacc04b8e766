"""nn.init and nn.utils: PyTorch's gains and bounds, statistics of the draws, gradient clipping
and flat parameter vectors compared with PyTorch."""

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn import init, utils

torch = pytest.importorskip("torch")


@pytest.mark.parametrize(
    "args", [("linear",), ("conv2d",), ("sigmoid",), ("tanh",), ("relu",), ("leaky_relu",),
             ("leaky_relu", 0.2), ("selu",)],
)  # fmt: skip
def test_calculate_gain_is_pytorchs(args):
    assert init.calculate_gain(*args) == pytest.approx(torch.nn.init.calculate_gain(*args))


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize("nonlinearity", ["relu", "leaky_relu", "tanh"])
def test_kaiming_draws_have_pytorchs_bound_and_std(mode, nonlinearity):
    """uniform within gain * sqrt(3 / fan) and filling it; normal with std gain / sqrt(fan)."""
    w = ag.zeros(200, 300)
    fan = 300 if mode == "fan_in" else 200
    gain = torch.nn.init.calculate_gain(nonlinearity, 0.1)
    init.kaiming_uniform_(w, a=0.1, mode=mode, nonlinearity=nonlinearity)
    bound = gain * math.sqrt(3 / fan)
    assert np.abs(w.data).max() <= bound and np.abs(w.data).max() > 0.99 * bound
    init.kaiming_normal_(w, a=0.1, mode=mode, nonlinearity=nonlinearity)
    assert w.data.std() == pytest.approx(gain / math.sqrt(fan), rel=0.02)


@pytest.mark.parametrize("shape", [(200, 300), (64, 32, 3, 3)])
def test_xavier_draws_have_glorots_bound_and_std(shape):
    """fan_in and fan_out count the receptive field (a conv kernel's taps), as PyTorch's."""
    w = ag.zeros(*shape)
    field = int(np.prod(shape[2:]))
    fan_in, fan_out = shape[1] * field, shape[0] * field
    init.xavier_uniform_(w, gain=1.5)
    bound = 1.5 * math.sqrt(6 / (fan_in + fan_out))
    assert np.abs(w.data).max() <= bound and np.abs(w.data).max() > 0.99 * bound
    assert w.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)
    init.xavier_normal_(w, gain=1.5)
    assert w.data.std() == pytest.approx(1.5 * math.sqrt(2 / (fan_in + fan_out)), rel=0.02)
    assert abs(w.data.mean()) < 4 * w.data.std() / math.sqrt(w.numel())


def test_uniform_and_normal_fill_the_range_and_moments_asked_for_and_follow_the_seed():
    w = ag.zeros(100_000)
    init.uniform_(w, -2.0, 3.0)
    assert w.data.min() >= -2.0 and w.data.max() < 3.0
    assert w.data.mean() == pytest.approx(0.5, abs=4 * 5 / math.sqrt(12 * w.numel()))
    init.normal_(w, mean=1.0, std=0.5)
    assert w.data.std() == pytest.approx(0.5, rel=0.02)
    assert w.data.mean() == pytest.approx(1.0, abs=4 * 0.5 / math.sqrt(w.numel()))
    ag.manual_seed(5)
    first = init.normal_(ag.zeros(10)).data.copy()
    ag.manual_seed(5)
    np.testing.assert_array_equal(init.normal_(ag.zeros(10)).data, first)


@pytest.mark.parametrize(
    "make, fan_in",
    [(lambda: nn.Linear(300, 200), 300), (lambda: nn.Conv2d(8, 64, 3), 72),
     (lambda: nn.Conv1d(10, 64, 5), 50)],
)  # fmt: skip
def test_layers_initialise_as_pytorch_within_1_over_sqrt_fan_in(make, fan_in):
    """PyTorch's default, kaiming_uniform(a=sqrt(5)): weight and bias U(-1/sqrt(fan_in), ...)."""
    layer = make()
    bound = 1 / math.sqrt(fan_in)
    for p in (layer.weight, layer.bias):
        assert np.abs(p.data).max() <= bound
    assert np.abs(layer.weight.data).max() > 0.99 * bound
    assert layer.weight.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.05)


@pytest.mark.parametrize("shape", [(4, 6), (6, 4), (3, 2, 2)])
def test_orthogonal_rows_or_columns_are_orthonormal_times_gain(shape):
    w = ag.zeros(*shape)
    init.orthogonal_(w, gain=2.0)
    flat = w.data.reshape(shape[0], -1).astype(np.float64)
    small = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
    np.testing.assert_allclose(small, 4.0 * np.eye(len(small)), atol=1e-5)


def test_constant_ones_zeros_and_an_invalid_mode():
    w = ag.zeros(2, 3)
    assert init.constant_(w, 0.5).data.tolist() == [[0.5] * 3] * 2
    assert init.ones_(w).data.sum() == 6 and init.zeros_(w).data.sum() == 0
    with pytest.raises(ValueError, match="init: mode must be 'fan_in' or 'fan_out'"):
        init.kaiming_uniform_(w, mode="fan_avg")


def _pair(rng):
    """The same two parameters with the same gradients, ours and PyTorch's."""
    values = [rng.standard_normal((3, 4)), rng.standard_normal(5)]
    grads = [10 * rng.standard_normal((3, 4)), 10 * rng.standard_normal(5)]
    ours = [ag.Tensor(v, requires_grad=True) for v in values]
    theirs = [torch.tensor(v, requires_grad=True) for v in values]
    for p, t, g in zip(ours, theirs, grads, strict=True):
        p.grad, t.grad = ag.Tensor(g), torch.tensor(g)
    return ours, theirs


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
@pytest.mark.parametrize("max_norm", [0.5, 1e6])
def test_clip_grad_norm_returns_and_clips_as_pytorch(norm_type, max_norm):
    ours, theirs = _pair(np.random.default_rng(0))
    total = utils.clip_grad_norm_(ours, max_norm, norm_type)
    t_total = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert total.item() == pytest.approx(t_total.item(), rel=1e-12)
    for p, t in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(p.grad.data, t.grad.numpy(), rtol=1e-12)


def test_clip_grad_norm_refuses_a_nonfinite_norm_only_when_asked():
    ours, _ = _pair(np.random.default_rng(0))
    ours[0].grad.data[0, 0] = np.nan
    with pytest.raises(RuntimeError, match="clip_grad_norm_: the total norm of order 2.0 .* nan"):
        utils.clip_grad_norm_(ours, 1.0, error_if_nonfinite=True)


def test_clip_grad_value_and_flat_vectors_as_pytorch():
    ours, theirs = _pair(np.random.default_rng(1))
    utils.clip_grad_value_(ours, 2.5)
    torch.nn.utils.clip_grad_value_(theirs, 2.5)
    for p, t in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(p.grad.data, t.grad.numpy())
    vec = utils.parameters_to_vector(ours)
    np.testing.assert_array_equal(
        vec.data, torch.nn.utils.parameters_to_vector(theirs).detach().numpy()
    )
    before = ours[1].grad.data.copy()
    (vec * 2).sum().backward()  # recorded: gradients flow back to the parameters
    np.testing.assert_array_equal(ours[1].grad.data, before + 2)
    utils.vector_to_parameters(ag.arange(17).astype(np.float64), ours)
    assert ours[0].data.ravel().tolist() == list(range(12))
    with pytest.raises(ValueError, match="expected a vector of 17 elements, got shape"):
        utils.vector_to_parameters(ag.zeros(3), ours)


def test_clipping_takes_a_generator_of_parameters_as_pytorchs():
    """`model.parameters()` is a generator: read once, it must still clip every gradient."""
    model = nn.Linear(3, 2)
    for p in model.parameters():
        p.grad = ag.ones(*p.shape) * 10
    total = utils.clip_grad_norm_(model.parameters(), 1.0)
    assert float(total) == pytest.approx(10 * math.sqrt(8), rel=1e-6)
    clipped = math.sqrt(sum(float((p.grad.data**2).sum()) for p in model.parameters()))
    assert clipped == pytest.approx(1.0, rel=1e-5)
    utils.clip_grad_value_(model.parameters(), 0.1)
    assert max(abs(p.grad.data).max() for p in model.parameters()) == np.float32(0.1)
