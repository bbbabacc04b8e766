"""Convolution, transposed convolution and pooling: PyTorch's values and gradients (float64,
hypothesis-drawn settings), its layers' parameters, initialisation and reprs, ties and NaN in max
pooling and its indices, ceil_mode's edges, and errors that name the layer. Gradients and second
derivatives against finite differences are in the OPS table (tests/strategies.py)."""

import math

import numpy as np
import pytest
from hypothesis import given
from strategies import adaptive_case, avg_pool_case, conv_case, conv_transpose_case, pool_case

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


@given(case=conv_transpose_case() | conv_transpose_case(bias=False))
def test_conv_transpose2d_matches_pytorch(case):
    arrays, kw = case
    assert_same(
        lambda *t: ag.conv_transpose2d(*t, **kw),
        lambda *t: F.conv_transpose2d(*t, **kw),
        list(arrays),
    )


@given(case=conv_transpose_case(dims=1))
def test_conv_transpose1d_matches_pytorch(case):
    arrays, kw = case
    assert_same(
        lambda *t: ag.conv_transpose1d(*t, **kw),
        lambda *t: F.conv_transpose1d(*t, **kw),
        list(arrays),
    )


def test_output_padding_beyond_the_stride_keeps_fold_and_unfold_adjoint():
    """output_padding >= stride (allowed when below the dilation) leaves room for more windows
    than the input has pixels: the gradients, and theirs, still take exactly the input's."""
    rng = np.random.default_rng(0)
    x = ag.Tensor(rng.standard_normal((1, 2, 3, 2)), requires_grad=True)
    w = ag.Tensor(rng.standard_normal((2, 1, 2, 3)), requires_grad=True)
    kw = {"stride": (1, 2), "padding": 1, "output_padding": (1, 1), "dilation": (2, 1)}
    f = lambda x, w: ag.conv_transpose2d(x, w, groups=2, **kw)  # noqa: E731
    assert f(x, w).shape == (1, 2, 4, 4)
    assert ag.gradcheck(f, [x, w]) and ag.gradgradcheck(f, [x, w])


@given(case=pool_case())
def test_max_pool2d_matches_pytorch(case):
    (x,), kw = case
    assert_same(lambda t: ag.max_pool2d(t, **kw), lambda t: F.max_pool2d(t, **kw), [x])


@given(case=pool_case())
def test_max_pool2d_indices_are_pytorchs(case):
    """Flat positions in H * W of the unpadded input, int64, without gradient; the output the
    same as without indices."""
    (x,), kw = case
    out, indices = ag.max_pool2d(ag.Tensor(x, requires_grad=True), **kw, return_indices=True)
    t_out, t_indices = F.max_pool2d(torch.tensor(x), **kw, return_indices=True)
    np.testing.assert_array_equal(indices.data, t_indices.numpy(), strict=True)
    np.testing.assert_array_equal(out.data, t_out.numpy())
    assert out.requires_grad and not indices.requires_grad


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


@pytest.mark.parametrize(
    "kw", [{"kernel_size": 2}, {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}]
)  # fmt: skip
def test_max_pool2d_indices_at_ties_nan_and_windows_of_minus_inf_are_pytorchs(kw):
    """The first maximum among ties, the last NaN, and a window of -inf its first pixel (never
    the padding, which ties with it)."""
    x = np.full((1, 2, 5, 5), -np.inf)
    x[0, 0, :2, :2] = [[1.0, 1.0], [1.0, 0.0]]
    x[0, 0, 2:4, :2] = [[np.nan, 3.0], [np.nan, 2.0]]
    x[0, 1] = np.arange(25).reshape(5, 5) % 3
    out, indices = ag.max_pool2d(x, **kw, return_indices=True)
    t_out, t_indices = F.max_pool2d(torch.tensor(x), **kw, return_indices=True)
    np.testing.assert_array_equal(indices.data, t_indices.numpy())
    np.testing.assert_array_equal(out.data, t_out.numpy())
    with np.errstate(invalid="ignore"):  # the test's loss sums +inf and -inf terms: NaN
        assert_same(lambda t: ag.max_pool2d(t, **kw), lambda t: F.max_pool2d(t, **kw), [x])


@pytest.mark.parametrize(
    "size, kw",
    [
        ((2, 2), {"kernel_size": 3, "stride": 2}),  # a kernel larger than the input: one window
        ((4, 4), {"kernel_size": 2, "stride": 3, "padding": 1}),  # the last would start after
        ((5, 7), {"kernel_size": (3, 2), "stride": 2, "padding": 1}),
    ],
)
@pytest.mark.parametrize("pool", ["max", "avg_include_pad", "avg_real_pixels"])
def test_ceil_mode_edges_are_pytorchs(size, kw, pool):
    """ceil_mode's last window: partial, and dropped when it would start in the padding after
    the input; the average's divisor counts the padding but not beyond it, or real pixels."""
    kw = {**kw, "ceil_mode": True}
    if pool != "max":
        kw["count_include_pad"] = pool == "avg_include_pad"
    ours, theirs = (ag.max_pool2d, F.max_pool2d) if pool == "max" else (ag.avg_pool2d, F.avg_pool2d)
    x = np.random.default_rng(0).standard_normal((1, 2, *size))
    assert_same(lambda t: ours(t, **kw), lambda t: theirs(t, **kw), [x])


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
    out, indices = ag.max_pool2d(x, 2, return_indices=True)
    assert out.shape == indices.shape == (3, 2, 3)
    np.testing.assert_array_equal(
        indices.data, ag.max_pool2d(x[None], 2, return_indices=True)[1][0].data
    )
    wt = rng.standard_normal((3, 2, 3, 2))
    np.testing.assert_allclose(
        ag.conv_transpose2d(x, wt, stride=2).data,
        F.conv_transpose2d(torch.tensor(x), torch.tensor(wt), stride=2).numpy(),
        rtol=1e-10,
    )


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
    ("ConvTranspose2d", (3, 4, 3), {}),
    (
        "ConvTranspose2d",
        (4, 6, (3, 2)),
        {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2, "bias": False, "dilation": 2},
    ),
    ("ConvTranspose2d", (4, 6, 3), {"padding": (0, 1), "output_padding": (0, 1), "stride": 2}),
    ("ConvTranspose1d", (4, 6, 3), {"stride": 2, "output_padding": 1}),
    ("ConvTranspose1d", (2, 4, 3), {"padding": 2, "dilation": 3, "output_padding": 2}),
    ("Conv2d", (3, 4, 3), {"padding": (1, 2), "padding_mode": "reflect"}),
    ("Conv2d", (2, 4, (2, 3)), {"padding": "same", "padding_mode": "replicate", "dilation": 2}),
    ("Conv2d", (2, 4, 3), {"padding": 2, "stride": 2, "padding_mode": "circular"}),
    ("Conv1d", (3, 4, 4), {"padding": "same", "padding_mode": "circular"}),
]


@pytest.mark.parametrize("name, args, kw", LAYERS)
def test_conv_layers_repr_and_parameters_are_pytorchs(name, args, kw):
    ours, theirs = getattr(nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    assert repr(ours) == repr(theirs)
    assert {k: v.shape for k, v in ours.state_dict().items()} == {
        k: tuple(v.shape) for k, v in theirs.state_dict().items()
    }


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("name, args, kw", LAYERS)
def test_conv_layers_with_pytorchs_weights_compute_pytorchs_values_and_gradients(name, args, kw):
    theirs = getattr(torch.nn, name)(*args, **kw).double()
    ours = getattr(nn, name)(*args, **kw).double()
    ours.load_state_dict(theirs.state_dict())
    spatial = (7, 9) if name.endswith("2d") else (11,)
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


@pytest.mark.parametrize(
    "name, fan_in",
    [("Conv2d", 8 // 2 * 3 * 5), ("ConvTranspose2d", 64 // 2 * 3 * 5)],  # weight.shape[1] * k
)
def test_conv_default_init_is_kaiming_uniform_a_sqrt5_and_bias_one_over_sqrt_fan_in(name, fan_in):
    """Both are U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with PyTorch's fan_in, weight.shape[1] * kh *
    kw: in/groups for a convolution, out/groups for a transposed one (PyTorch's layer too)."""
    ag.manual_seed(0)
    torch.manual_seed(0)
    layer, theirs = (getattr(lib, name)(8, 64, (3, 5), groups=2) for lib in (nn, torch.nn))
    bound = 1 / math.sqrt(fan_in)
    for p in (
        layer.weight.data,
        layer.bias.data,
        *(t.detach().numpy() for t in theirs.parameters()),
    ):
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
        (nn.MaxPool2d(3, 2, 1, ceil_mode=True), torch.nn.MaxPool2d(3, 2, 1, ceil_mode=True)),
        (
            nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False),
            torch.nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False),
        ),
    ],
    ids=repr,
)
def test_pooling_layers_repr_and_values_are_pytorchs(ours, theirs):
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 8))
    np.testing.assert_allclose(
        ours(ag.Tensor(x)).data, theirs(torch.tensor(x)).numpy(), rtol=1e-10, atol=1e-12
    )


def test_max_pool2d_layer_returns_indices_as_pytorchs():
    ours, theirs = (
        nn.MaxPool2d(3, 2, 1, return_indices=True),
        torch.nn.MaxPool2d(3, 2, 1, return_indices=True),
    )
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 8))
    (out, indices), (t_out, t_indices) = ours(ag.Tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_array_equal(out.data, t_out.numpy())
    np.testing.assert_array_equal(indices.data, t_indices.numpy(), strict=True)


@pytest.mark.parametrize(
    "output_size", [(11, 11), (12, 12), (1, 4, 12, 11), [11, 12]], ids=repr
)  # fmt: skip
def test_conv_transpose2d_layer_takes_pytorchs_output_size(output_size):
    """forward(x, output_size) picks the output_padding that gives it (the last two entries)."""
    theirs = torch.nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1).double()
    ours = nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1).double()
    ours.load_state_dict(theirs.state_dict())
    x = np.random.default_rng(0).standard_normal((1, 3, 6, 6))
    out, t_out = ours(ag.Tensor(x), output_size), theirs(torch.tensor(x), output_size)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)


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
        (
            lambda x: ag.avg_pool2d(x, 5, stride=1, ceil_mode=True),
            r"avg_pool2d: the kernel \(5, 5\) .* larger than the padded input \(4, 4\)",
        ),
        (lambda x: ag.max_pool2d(x[0, 0], 2), r"max_pool2d: expected input \(N, C, H, W\)"),
        (lambda x: ag.adaptive_avg_pool2d(x, 0), r"adaptive_avg_pool2d: output_size must be"),
    ],
)
def test_pooling_errors_name_the_op(call, message):
    with pytest.raises(ag.OpError, match=message):
        call(ag.ones(1, 2, 4, 4))


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"output_padding": 1}, r"output_padding \(1, 1\) must be smaller than either stride "
                                r"\(1, 1\) or dilation \(1, 1\)"),
        ({"output_padding": (0, 2), "stride": 2, "dilation": 2}, r"output_padding \(0, 2\)"),
        ({"padding": 3}, r"the output \(-2, -2\) of an input \(2, 2\) is empty"),
        ({"padding": "same"}, r"padding must be an int >= 0 or a pair of them, got 'same'"),
        ({"groups": 2}, r"expected input .* weight \(C, O/groups, kh, kw\) with C divisible by "
                        r"groups=2 .* got \(1, 3, 2, 2\), \(3, 4, 3, 3\)"),
    ],
)  # fmt: skip
def test_conv_transpose2d_errors_name_the_op_and_what_it_got(kw, message):
    with pytest.raises(ag.OpError, match="^conv_transpose2d: " + message):
        ag.conv_transpose2d(ag.ones(1, 3, 2, 2), ag.ones(3, 4, 3, 3), **kw)


def test_conv_transpose_layers_name_themselves():
    layer = nn.ConvTranspose2d(3, 4, 3, stride=2)
    with pytest.raises(
        ValueError,
        match=r"^ConvTranspose2d\(3, 4, kernel_size=\(3, 3\), stride=\(2, 2\)\): "
        r"expected input \(N, 3, H, W\), got \(8, 1, 5, 5\)$",
    ):
        layer(ag.ones(8, 1, 5, 5))
    with pytest.raises(
        ValueError,
        match=r"^ConvTranspose2d\(3, .*\): output_size \(10, 10\) "
        r"must be between \(11, 11\) and \(12, 12\) for an input \(1, 3, 5, 5\)$",
    ):
        layer(ag.ones(1, 3, 5, 5), output_size=(10, 10))
    with pytest.raises(
        ValueError, match=r"output_size must have 2 or 4 elements .* got \(4, 12, 12\)"
    ):
        layer(ag.ones(1, 3, 5, 5), output_size=(4, 12, 12))
    with pytest.raises(ValueError, match=r"^ConvTranspose1d\(3, .*\): the output .* is empty"):
        nn.ConvTranspose1d(3, 4, 1, padding=1)(ag.ones(3, 1))
    with pytest.raises(
        ValueError,
        match=r"^ConvTranspose2d\(3, 4, .*output_padding=\(1, 1\)\): output_padding \(1, 1\) "
        r"must be smaller than either stride \(1, 1\) or dilation \(1, 1\)$",
    ):
        nn.ConvTranspose2d(3, 4, 3, output_padding=1)(ag.ones(1, 3, 5, 5))
    with pytest.raises(TypeError, match=r"^ConvTranspose2d: padding must be an int or 2 ints"):
        nn.ConvTranspose2d(3, 4, 3, padding="same")


def test_conv_layer_settings_are_checked_by_name():
    with pytest.raises(ValueError, match=r"Conv2d: in_channels and out_channels must divide"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(TypeError, match=r"Conv2d: kernel_size must be an int or 2 ints"):
        nn.Conv2d(3, 4, (3, 3, 3))
    with pytest.raises(ValueError, match=r"Conv2d: padding='same' needs stride 1"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")


def test_double_backward_through_conv_and_pooling_records():
    """create_graph=True through conv2d, the pools (ceil_mode too) and conv_transpose2d:
    gradgradcheck agrees (the OPS table draws more cases)."""
    rng = np.random.default_rng(0)
    x = ag.Tensor(rng.standard_normal((1, 2, 5, 5)), requires_grad=True)
    w = ag.Tensor(rng.standard_normal((2, 2, 3, 3)), requires_grad=True)

    def f(x, w):
        y = ag.max_pool2d(ag.conv2d(x, w, padding=1).tanh(), 2, 2, ceil_mode=True)
        return ag.conv_transpose2d(ag.avg_pool2d(y, 2, 1, ceil_mode=True), w, stride=2)

    assert ag.gradgradcheck(f, [x, w])


def test_padding_modes_are_checked_as_pytorch_and_errors_name_the_layer():
    with pytest.raises(ValueError, match=r"Conv2d: padding_mode must be one of .*'wrap'"):
        nn.Conv2d(3, 4, 3, padding_mode="wrap")
    with pytest.raises(ValueError, match=r'ConvTranspose2d: only "zeros" padding mode'):
        nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect")
    layer = nn.Conv2d(1, 1, 3, padding=3, padding_mode="reflect")
    with pytest.raises(ValueError, match=r"Conv2d\(1, 1, .*padding_mode=reflect\): mode 'reflect'"):
        layer(ag.ones(1, 1, 3, 3))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nn.Conv1d(2, 3, 5)(ag.ones(1, 2, 3)), r"Conv1d\(.*\): the kernel 5 .* input 3$"),
        (
            lambda: nn.ConvTranspose1d(2, 3, 1, padding=2)(ag.ones(1, 2, 1)),
            r"ConvTranspose1d\(.*\): the output -3 of an input 1 is empty \(padding 2\)$",
        ),
    ],
)
def test_one_dimensional_errors_speak_of_lengths_not_height_1_pairs(call, message):
    with pytest.raises(ValueError, match=message):
        call()
    with pytest.raises(ag.OpError, match=r"^conv1d: the kernel 5"):
        ag.conv1d(ag.ones(1, 2, 3), ag.ones(3, 2, 5))
