"""Activation layers and functions: PyTorch's values and gradients (float64, hypothesis-drawn and
at edge values), their reprs, and their errors. Gradchecks of first and second order run from
the OPS table (test_ops_grad)."""

from functools import partial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import OPS, along
from test_edges import grid
from test_edges import run as run_at_edges
from test_torch_parity import assert_same

import autograd
import nn

torch = pytest.importorskip("torch")
TF = torch.nn.functional

# OPS entry: PyTorch's function of the same tensor and keyword arguments
TORCH = {
    "erf": torch.erf,
    "leaky_relu": lambda x: TF.leaky_relu(x, 0.2),
    "elu": lambda x: TF.elu(x, 1.5),
    "relu6": TF.relu6,
    "gelu": TF.gelu,
    "gelu_tanh": lambda x: TF.gelu(x, approximate="tanh"),
    "silu": TF.silu,
    "softplus": TF.softplus,
    "softplus_beta_threshold": lambda x: TF.softplus(x, beta=2.0, threshold=1.0),
}


@pytest.mark.parametrize("name", sorted(TORCH))
@given(data=st.data())
def test_values_and_gradients_are_pytorchs(name, data):
    arrays, kwargs = data.draw(OPS[name].args)
    assert_same(partial(OPS[name].f, **kwargs), partial(TORCH[name], **kwargs), list(arrays))


# (our module, PyTorch's): each is also its functional form's test, since modules call them
MODULES = {
    "ReLU": (nn.ReLU(), torch.nn.ReLU()),
    "LeakyReLU": (nn.LeakyReLU(0.3), torch.nn.LeakyReLU(0.3)),
    "ELU": (nn.ELU(0.7), torch.nn.ELU(0.7)),
    "ReLU6": (nn.ReLU6(), torch.nn.ReLU6()),
    "Sigmoid": (nn.Sigmoid(), torch.nn.Sigmoid()),
    "Tanh": (nn.Tanh(), torch.nn.Tanh()),
    "GELU": (nn.GELU(), torch.nn.GELU()),
    "GELU_tanh": (nn.GELU("tanh"), torch.nn.GELU("tanh")),
    "SiLU": (nn.SiLU(), torch.nn.SiLU()),
    "Softplus": (nn.Softplus(), torch.nn.Softplus()),
    "Softplus_beta": (nn.Softplus(0.5, 2.0), torch.nn.Softplus(0.5, 2.0)),
    "Softmax": (nn.Softmax(0), torch.nn.Softmax(0)),
    "LogSoftmax": (nn.LogSoftmax(dim=-1), torch.nn.LogSoftmax(dim=-1)),
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_give_pytorchs_values_and_gradients_at_edges(name):
    """Large +-, 0, -0, inf and NaN (x = 100 included: no NaN gradient from a where-built
    ELU), NaN exactly where PyTorch's is."""
    ours, theirs = MODULES[name]
    (x,) = grid(1)
    x = np.concatenate([x, [100.0, -100.0, 40.0, -40.0, 6.0, 3e-9]])
    (out, (g,)), (t_out, (t_g,)) = (
        run_at_edges(ours, [x], "ours"),
        run_at_edges(theirs, [x], "torch"),
    )
    np.testing.assert_allclose(out, t_out, rtol=1e-12, err_msg="values")
    np.testing.assert_allclose(g, t_g, rtol=1e-12, err_msg="gradients")


@pytest.mark.parametrize("name", sorted(MODULES))
@given(data=st.data())
def test_modules_match_pytorch_on_drawn_tensors(name, data):
    (x,), kw = data.draw(along())
    ours, theirs = MODULES[name]
    if "Softmax" in name:
        dim = -1 if kw["axis"] is None else kw["axis"]
        ours, theirs = type(ours)(dim), type(theirs)(dim)
    assert_same(ours, theirs, [x])


def test_elu_at_100_has_finite_gradients_of_first_and_second_order():
    x = autograd.tensor(np.array([100.0, -100.0, 0.0]), requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        (g,) = autograd.grad(nn.ELU()(x).sum(), [x], create_graph=True)
        (gg,) = autograd.grad(g.sum(), [x])
    np.testing.assert_array_equal(g.data, [1.0, np.exp(-100.0), 1.0])
    np.testing.assert_array_equal(gg.data, [0.0, np.exp(-100.0), 1.0])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_float32_stays_float32(name):
    x = autograd.randn(3, 4, requires_grad=True)
    y = MODULES[name][0](x)
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32


@pytest.mark.parametrize("name", sorted(MODULES))
def test_reprs_are_pytorchs(name):
    ours, theirs = MODULES[name]
    assert repr(ours) == repr(theirs)


def test_default_reprs_are_pytorchs():
    for cls in ("LeakyReLU", "ELU", "GELU", "Softplus", "Softmax", "LogSoftmax", "SiLU"):
        assert repr(getattr(nn, cls)()) == repr(getattr(torch.nn, cls)())


@pytest.mark.parametrize("dims", [0, 1, 2, 3, 4])
def test_softmax_without_dim_takes_pytorchs_legacy_dim_and_warns(dims):
    x = np.random.default_rng(0).standard_normal((2,) * dims)
    with pytest.warns(UserWarning, match="softmax: implicit dimension"):
        ours = nn.functional.softmax(autograd.tensor(x))
    with pytest.warns(UserWarning):
        theirs = TF.softmax(torch.tensor(x), dim=None)
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda: nn.GELU("exact")(autograd.ones(2)),
            r"GELU\(approximate='exact'\): gelu: approximate must be 'none' or 'tanh', got 'exact'",
        ),
        (
            lambda: nn.LeakyReLU("0.1")(autograd.ones(2)),
            r"LeakyReLU\(negative_slope=0.1\): leaky_relu: negative_slope must be a number",
        ),
        (lambda: nn.ELU(None)(autograd.ones(2)), r"elu: alpha must be a number, got NoneType"),
        (
            lambda: nn.Softplus(threshold=[1])(autograd.ones(2)),
            r"softplus: threshold must be a number",
        ),
        (lambda: nn.ReLU6()("abc"), r"ReLU6\(\): relu6: expected a Tensor"),
    ],
)
def test_bad_settings_and_inputs_are_named(make, message):
    with pytest.raises((TypeError, ValueError), match=message):
        make()


INPLACE = ["ReLU", "ReLU6", "SiLU", "LeakyReLU", "ELU"]


@pytest.mark.parametrize("name", INPLACE)
def test_inplace_reprs_are_pytorchs(name):
    assert repr(getattr(nn, name)(inplace=True)) == repr(getattr(torch.nn, name)(inplace=True))


@pytest.mark.parametrize("name", [*INPLACE, "Dropout"])
def test_inplace_writes_into_a_tensor_the_graph_does_not_record(name):
    """As PyTorch: the input itself is returned, holding the values the out-of-place call gives;
    a view's base sees the write, and the version stamp moves (saved tensors are checked)."""
    data = np.random.default_rng(1).standard_normal((4, 5))
    base = autograd.tensor(data)
    view = base[1:3]
    autograd.manual_seed(3)
    expected = getattr(nn, name)()(autograd.tensor(data[1:3])).data
    autograd.manual_seed(3)
    out = getattr(nn, name)(inplace=True)(view)
    assert out is view
    np.testing.assert_array_equal(base.data[1:3], expected)
    np.testing.assert_array_equal(base.data[[0, 3]], data[[0, 3]])
    with autograd.no_grad():  # no graph records it under no_grad: in place too
        leaf = autograd.tensor(data, requires_grad=True)
        assert getattr(nn, name)(inplace=True)(leaf) is leaf


@pytest.mark.parametrize("name", [*INPLACE, "Dropout"])
def test_inplace_on_a_tensor_the_graph_records_is_refused_and_changes_nothing(name):
    """The engine records no in-place op, so changing a graph tensor would leave the graph wrong:
    the layer says so, naming itself, and the tensor keeps its values."""
    x = autograd.tensor(np.linspace(-2, 2, 6), requires_grad=True)
    h = x * 1.0
    layer = getattr(nn, name)(inplace=True)
    with pytest.raises(RuntimeError, match=rf"{name}\(.*inplace=True.*requires grad.*inplace=Fal"):
        layer(h)
    np.testing.assert_array_equal(h.data, np.linspace(-2, 2, 6))
    out = getattr(nn, name)()(h)  # out of place: fine
    out.sum().backward()
    assert x.grad is not None


def test_dropout_inplace_in_eval_returns_the_input_even_in_a_graph():
    x = autograd.ones(3, requires_grad=True)
    assert nn.Dropout(inplace=True).eval()(x) is x
