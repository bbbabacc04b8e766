"""The elementwise, arithmetic and binary ops give PyTorch's values and gradients in float64 over
the OPS table's hypothesis-drawn values, and PyTorch's dtypes and errors on integers."""

import operator
from functools import partial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import OPS
from test_torch_parity import assert_same

import autograd

torch = pytest.importorskip("torch")


def clamp(x, lo=None, hi=None):
    """torch.clamp with x broadcast to the bounds too, as numpy's clip and ours (PyTorch's result
    keeps x's shape)."""
    shape = torch.broadcast_shapes(*(t.shape for t in (x, lo, hi) if t is not None))
    return torch.clamp(x.expand(shape), lo, hi)


# OPS entry: PyTorch's function of the same tensors and keyword arguments
TORCH = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
    "pow": operator.pow,
    "neg": operator.neg,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "clip": lambda x, lo, hi: torch.clamp(x, lo, hi),
    "clip_tensors": lambda x, lo, hi: clamp(x, lo, hi),
    "clamp_min_tensor": lambda x, lo: clamp(x, lo),
    "clamp_max_tensor": lambda x, hi: clamp(x, hi=hi),
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "sign": torch.sign,
    "floor": torch.floor,
    "ceil": torch.ceil,
    "round": torch.round,
    "round_decimals": lambda x: torch.round(x, decimals=1),
    "reciprocal": torch.reciprocal,
    "rsqrt": torch.rsqrt,
    "square": torch.square,
    "log1p": torch.log1p,
    "expm1": torch.expm1,
    "atan2": torch.atan2,
    "lerp": torch.lerp,
    "lerp_number": lambda x, y: torch.lerp(x, y, 0.75),
    "add_alpha": lambda x, y: torch.add(x, y, alpha=2.5),
    "sub_alpha": lambda x, y: torch.sub(x, y, alpha=-0.5),
    "div_floor": lambda x, y: torch.div(x, y, rounding_mode="floor"),
    "div_trunc": lambda x, y: torch.div(x, y, rounding_mode="trunc"),
    "where_isclose": lambda x, y: torch.where(torch.isclose(x, y, atol=0.01), x, y),
}


@pytest.mark.parametrize("name", sorted(TORCH))
@given(data=st.data())
def test_values_and_gradients_are_pytorchs(name, data):
    """The op and PyTorch's agree in value and gradient on the op's drawn inputs."""
    arrays, kwargs = data.draw(OPS[name].args)
    assert_same(partial(OPS[name].f, **kwargs), partial(TORCH[name], **kwargs), list(arrays))


def test_clip_with_tensor_bounds_promotes_as_pytorch():
    """Tensor bounds take part in type promotion: an int tensor with float bounds is float32."""
    ints = autograd.tensor([1, 5])
    assert ints.clip(autograd.tensor([2.5, 0.0])).dtype == np.float32
    assert ints.clip(0.5).dtype == np.float32
    assert ints.clip(max=3).tolist() == [1, 3] and ints.clip(max=3).dtype == np.int64
    with pytest.raises(autograd.OpError, match="clip.*min and max"):
        ints.clip()


FLOAT_OPS = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid"]


@pytest.mark.parametrize("name", FLOAT_OPS)
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool"])
def test_float_ops_on_integers_give_the_default_float(name, dtype):
    """A float op on an integer or bool tensor computes in the default float dtype, as PyTorch."""
    x = np.array([1, 2]).astype(dtype)
    ours, theirs = (
        getattr(autograd, name)(autograd.tensor(x)),
        getattr(torch, name)(torch.tensor(x)),
    )
    assert ours.dtype == np.float32 and theirs.dtype == torch.float32
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-6)
    autograd.set_default_dtype(np.float64)
    try:
        assert getattr(autograd, name)(autograd.tensor(x)).dtype == np.float64
    finally:
        autograd.set_default_dtype(np.float32)


@pytest.mark.parametrize("exponent", [-1, -2])
def test_integers_to_negative_integer_powers_raise_as_pytorch(exponent):
    """An integer tensor to a negative Python int raises, naming pow, as PyTorch does."""
    with pytest.raises(RuntimeError, match="Integers to negative integer powers"):
        torch.tensor([2, 3]) ** exponent
    with pytest.raises(autograd.OpError, match="pow: Integers to negative integer powers"):
        autograd.tensor([2, 3]) ** exponent
    assert (autograd.tensor([2, 3]) ** float(exponent)).dtype == np.float32  # a float: fine


INT_OPS = {
    "sign": lambda lib, x, y: lib.sign(x),
    "floor": lambda lib, x, y: lib.floor(x),
    "ceil": lambda lib, x, y: lib.ceil(x),
    "round": lambda lib, x, y: lib.round(x),
    "square": lambda lib, x, y: lib.square(x),
    "abs": lambda lib, x, y: lib.abs(x),
    "reciprocal": lambda lib, x, y: lib.reciprocal(y),
    "rsqrt": lambda lib, x, y: lib.rsqrt(lib.abs(x) + 1),
    "log1p": lambda lib, x, y: lib.log1p(lib.abs(x)),
    "expm1": lambda lib, x, y: lib.expm1(x),
    "atan2": lambda lib, x, y: lib.atan2(x, y),
    "div": lambda lib, x, y: lib.div(x, y),
    "div_trunc": lambda lib, x, y: lib.div(x, y, rounding_mode="trunc"),
    "div_floor": lambda lib, x, y: lib.div(x, y, rounding_mode="floor"),
    "add_alpha": lambda lib, x, y: lib.add(x, y, alpha=3),
    "sub_alpha": lambda lib, x, y: lib.sub(x, y, alpha=-2),
    "clip_tensors": lambda lib, x, y: lib.clamp(x, y, y + 4),
}


@pytest.mark.parametrize("name", sorted(INT_OPS))
def test_ops_on_integers_give_pytorchs_values_and_dtypes(name):
    """On int64 tensors (negative, zero, inexact quotients) values and dtypes are PyTorch's:
    rounding and sign keep integers, float ops give the default float."""
    x, y = np.array([-7, -6, -1, 0, 1, 5, 7]), np.array([2, -4, 3, 5, -2, 2, -3])
    ours = INT_OPS[name](autograd, autograd.tensor(x), autograd.tensor(y))
    theirs = INT_OPS[name](torch, torch.tensor(x), torch.tensor(y))
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-6)


ERRORS = {
    "div": (lambda x: x.div(x, rounding_mode="round"), "div: rounding_mode.*'round'"),
    "isclose": (lambda x: x.isclose(autograd.ones(3)), r"isclose.*\(2,\).*\(3,\)"),
    "lerp": (lambda x: x.lerp(autograd.ones(3), 0.5), r"lerp.*\(2,\).*\(3,\)"),
    "atan2": (lambda x: x.atan2(autograd.ones(3)), r"atan2.*\(2,\).*\(3,\)"),
    "clip": (lambda x: x.clip(autograd.ones(3)), r"clip.*\(2,\).*\(3,\)"),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_arguments_raise_naming_the_op_and_what_it_got(name):
    """A bad rounding mode or shapes that do not broadcast: an OpError naming op and input."""
    f, pattern = ERRORS[name]
    with pytest.raises(autograd.OpError, match=pattern):
        f(autograd.ones(2))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_alpha_times_a_number_is_exact_as_pytorch(dtype):
    """x.add(0.1, alpha=3) adds the Python number 0.3..., not a float32 rounding of it."""
    x, t = (
        autograd.tensor([1.0], dtype=dtype),
        torch.tensor([1.0], dtype=getattr(torch, dtype.__name__)),
    )
    assert x.add(0.1, alpha=3).item() == t.add(0.1, alpha=3).item()
    assert x.sub(0.1, alpha=3).item() == t.sub(0.1, alpha=3).item()
