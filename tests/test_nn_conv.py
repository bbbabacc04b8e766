"""Convolution and pooling: PyTorch's values and gradients (float64, hypothesis-drawn settings),
its layers' parameters, initialisation and reprs, ties and NaN in max pooling, and errors that
name the layer. Gradients and second derivatives against finite differences are in the OPS table
(tests/strategies.py)."""

import math

import numpy as np
import pytest
from hypothesis import given
from strategies import adaptive_case, avg_pool_case, conv_case, pool_case

import autograd as ag
import nn

torch = pytest.importorskip("torch")
F = torch.nn.functional


def values_and_grads(f, arrays, lib):
    """f's output and the gradients of sum(output * w) for a fixed random w, in one library."""
    make = torch.tensor if lib == "torch" else ag.Tensor
    xs = [make(a, requires_grad=True) for a in arrays]
    out = f(*xs)
    w = np.random.default_rng(1).standard_normal(tuple(out.shape))
    (out * (torch.tensor(w) if lib == "torch" else w)).sum().backward()
    if lib == "torch":
        return out.detach().numpy(), [x.grad.numpy() for x in xs]
    return out.data, [x.grad.data for x in xs]


def assert_same(ours, theirs, arrays):
    """Values and every input's gradient agree with PyTorch's to float64 rounding."""
    out, grads = values_and_grads(ours, arrays, "ours")
    t_out, t_grads = values_and_grads(theirs, arrays, "torch")
    np.testing.assert_allclose(out, t_out, rtol=1e-10, atol=1e-12)
    for g, tg in zip(grads, t_grads, strict=True):
        np.testing.assert_allclose(g, tg, rtol=1e-10, atol=1e-12)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@given(case=conv_case() | conv_case(bias=False))
def test_conv2d_matches_pytorch(case):
    arrays, kw = case
    assert_same(
        lambda *t: ag.conv2d(*t, **kw), lambda *t: F.conv2d(*t, **kw), list(arrays)
    )  # fmt: skip


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@given(case=conv_case(dims=1))
def test_conv1d_matches_pytorch(case):
    arrays, kw = case
    assert_same(lambda *t: ag.conv1d(*t, **kw), lambda *t: F.conv1d(*t, **kw), list(arrays))


@given(case=pool_case())
def test_max_pool2d_matches_pytorch(case):
    (x,), kw = case
    assert_same(lambda t: ag.max_pool2d(t, **kw), lambda t: F.max_pool2d(t, **kw), [x])


@given(case=avg_pool_case())
def test_avg_pool2d_matches_pytorch(case):
    (x,), kw = case
    assert_same(lambda t: ag.avg_pool2d(t, **kw), lambda t: F.avg_pool2d(t, **kw), [x])


@given(case=adaptive_case())
def test_adaptive_avg_pool2d_matches_pytorch(case):
    (x,), kw = case
    assert_same(
        lambda t: ag.adaptive_avg_pool2d(t, **kw), lambda t: F.adaptive_avg_pool2d(t, **kw), [x]
    )


@pytest.mark.parametrize(
    "kw", [{"kernel_size": 2}, {"kernel_size": 3, "stride": 1, "padding": 1}]
)  # fmt: skip
def test_max_pool2d_ties_nan_and_inf_route_the_gradient_as_pytorch(kw):
    """Ties go to the first maximum of a window, a window holding NaN to its last NaN."""
    x = np.zeros((1, 2, 4, 4))
    x[0, 1, :2, :2] = [[np.nan, 1.0], [np.nan, 2.0]]
    x[0, 1, 2, 2:] = [np.inf, np.inf]
    with np.errstate(invalid="ignore"):  # the test's loss sums +inf and -inf terms: NaN
        assert_same(lambda t: ag.max_pool2d(t, **kw), lambda t: F.max_pool2d(t, **kw), [x])


def test_unbatched_input_and_a_batch_of_one():
    """(C, H, W) works as PyTorch's, and gives the batch-of-one result without the batch dim."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((3, 5, 6)), rng.standard_normal((4, 3, 3, 2))
    np.testing.assert_allclose(
        ag.conv2d(x, w, padding=1).data, ag.conv2d(x[None], w, padding=1).data[0], rtol=1e-12
    )
    np.testing.assert_allclose(
        ag.conv2d(x, w, padding=1).data, F.conv2d(torch.tensor(x), torch.tensor(w), padding=1),
        rtol=1e-10,
    )  # fmt: skip
    assert ag.max_pool2d(x, 2).shape == (3, 2, 3)


def test_conv2d_is_one_node():
    x = ag.randn(2, 3, 6, 6, requires_grad=True)
    layer = nn.Conv2d(3, 4, 3)
    y = layer(x)
    assert y.grad_fn.name == "conv2d" and len(y.grad_fn.inputs) == 3


# --- layers ----------------------------------------------------------------------------------
LAYERS = [
    ("Conv2d", (3, 16, 3), {}),
    ("Conv2d", (3, 16, (3, 5)), {"stride": 2, "padding": 1, "dilation": 2, "bias": False}),
    ("Conv2d", (4, 8, 3), {"padding": "same", "groups": 2}),
    ("Conv2d", (4, 6, 2), {"padding": "valid", "groups": 2, "stride": (1, 2)}),
    ("Conv1d", (3, 4, 5), {}),
    ("Conv1d", (2, 4, 3), {"padding": 2, "dilation": 2, "groups": 2}),
]


@pytest.mark.parametrize("name, args, kw", LAYERS)
def test_conv_layers_repr_and_parameters_are_pytorchs(name, args, kw):
    ours, theirs = getattr(nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    assert repr(ours) == repr(theirs)
    assert {k: v.shape for k, v in ours.state_dict().items()} == {
        k: tuple(v.shape) for k, v in theirs.state_dict().items()
    }


@pytest.mark.parametrize("name, args, kw", LAYERS)
def test_conv_layers_with_pytorchs_weights_compute_pytorchs_values_and_gradients(name, args, kw):
    theirs = getattr(torch.nn, name)(*args, **kw).double()
    ours = getattr(nn, name)(*args, **kw).double()
    ours.load_state_dict(theirs.state_dict())
    spatial = (7, 9) if name == "Conv2d" else (11,)
    x = np.random.default_rng(0).standard_normal((2, args[0], *spatial))
    xo, xt = ag.Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, t_out = ours(xo), theirs(xt)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    (out * out).sum().backward()
    (t_out * t_out).sum().backward()
    np.testing.assert_allclose(xo.grad.data, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    t_params = dict(theirs.named_parameters())
    for k, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.data, t_params[k].grad.numpy(), rtol=1e-10, atol=1e-12)


def test_conv2d_default_init_is_kaiming_uniform_a_sqrt5_and_bias_one_over_sqrt_fan_in():
    """Both are U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in/groups * kh * kw, as PyTorch."""
    ag.manual_seed(0)
    layer = nn.Conv2d(8, 64, (3, 5), groups=2)
    bound = 1 / math.sqrt(4 * 3 * 5)
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.9 * bound
    w = layer.weight.data.ravel()
    assert abs(w.mean()) < 0.05 * bound and abs(w.std() - bound / math.sqrt(3)) < 0.05 * bound
    assert layer.weight.dtype == np.float32


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (nn.MaxPool2d(2), torch.nn.MaxPool2d(2)),
        (nn.MaxPool2d((3, 2), 1, 1, 2), torch.nn.MaxPool2d((3, 2), 1, 1, 2)),
        (nn.AvgPool2d(3, 2, 1), torch.nn.AvgPool2d(3, 2, 1)),
        (nn.AvgPool2d(2, count_include_pad=False), torch.nn.AvgPool2d(2, count_include_pad=False)),
        (nn.AdaptiveAvgPool2d((1, None)), torch.nn.AdaptiveAvgPool2d((1, None))),
        (nn.AdaptiveAvgPool2d(3), torch.nn.AdaptiveAvgPool2d(3)),
    ],
    ids=repr,
)
def test_pooling_layers_repr_and_values_are_pytorchs(ours, theirs):
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 8))
    np.testing.assert_allclose(
        ours(ag.Tensor(x)).data, theirs(torch.tensor(x)).numpy(), rtol=1e-10, atol=1e-12
    )


# --- errors ----------------------------------------------------------------------------------
def test_conv2d_layer_names_itself_and_the_expected_input():
    with pytest.raises(
        ValueError,
        match=r"^Conv2d\(3, 16, kernel_size=\(3, 3\), stride=\(1, 1\)\): "
        r"expected input \(N, 3, H, W\), got \(8, 1, 28, 28\)$",
    ):
        nn.Conv2d(3, 16, 3)(ag.ones(8, 1, 28, 28))


def test_conv1d_layer_names_itself_and_the_expected_input():
    with pytest.raises(ValueError, match=r"^Conv1d\(3, 4, .*expected input \(N, 3, L\), got"):
        nn.Conv1d(3, 4, 3)(ag.ones(2, 3, 4, 4))


def test_conv2d_layer_refuses_a_kernel_larger_than_the_padded_input():
    with pytest.raises(
        ValueError,
        match=r"^Conv2d\(3, 4, kernel_size=\(5, 5\), stride=\(1, 1\), padding=\(1, 1\)\): the "
        r"kernel \(5, 5\) \(dilation included\) is larger than the padded input \(4, 6\)$",
    ):
        nn.Conv2d(3, 4, 5, padding=1)(ag.ones(1, 3, 2, 4))


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"stride": 0}, r"conv2d: stride must be an int >= 1"),
        ({"padding": -1}, r"conv2d: padding must be an int >= 0"),
        ({"padding": "full"}, r"conv2d: padding must be 'valid', 'same'"),
        ({"padding": "same", "stride": 2}, r"conv2d: padding='same' needs stride 1"),
        ({"groups": 2}, r"conv2d: expected input .* got \(1, 3, 5, 5\), \(4, 3, 3, 3\)"),
        ({"dilation": 3}, r"conv2d: the kernel \(7, 7\) .* padded input \(5, 5\)"),
    ],
)
def test_conv2d_errors_name_the_op_and_what_it_got(kw, message):
    with pytest.raises(ag.OpError, match=message):
        ag.conv2d(ag.ones(1, 3, 5, 5), ag.ones(4, 3, 3, 3), **kw)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda x: ag.max_pool2d(x, 2, padding=2), r"max_pool2d: padding 2 must be at most half"),
        (lambda x: ag.avg_pool2d(x, 2, ceil_mode=True), r"avg_pool2d: ceil_mode=True is not"),
        (lambda x: ag.max_pool2d(x[0, 0], 2), r"max_pool2d: expected input \(N, C, H, W\)"),
        (lambda x: ag.adaptive_avg_pool2d(x, 0), r"adaptive_avg_pool2d: output_size must be"),
    ],
)
def test_pooling_errors_name_the_op(call, message):
    with pytest.raises(ag.OpError, match=message):
        call(ag.ones(1, 2, 4, 4))


def test_conv_layer_settings_are_checked_by_name():
    with pytest.raises(ValueError, match=r"Conv2d: in_channels and out_channels must divide"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(TypeError, match=r"Conv2d: kernel_size must be an int or 2 ints"):
        nn.Conv2d(3, 4, (3, 3, 3))
    with pytest.raises(ValueError, match=r"Conv2d: padding='same' needs stride 1"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")


def test_double_backward_through_conv_and_pooling_records():
    """create_graph=True through conv2d and the pools: gradgradcheck agrees (the OPS table draws
    more cases)."""
    rng = np.random.default_rng(0)
    x = ag.Tensor(rng.standard_normal((1, 2, 5, 5)), requires_grad=True)
    w = ag.Tensor(rng.standard_normal((2, 2, 3, 3)), requires_grad=True)
    f = lambda x, w: ag.avg_pool2d(ag.max_pool2d(ag.conv2d(x, w, padding=1).tanh(), 2, 1), 2)  # noqa: E731
    assert ag.gradgradcheck(f, [x, w])
