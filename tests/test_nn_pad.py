"""nn.functional.pad against PyTorch in float64: every mode, values and gradients, over
hypothesis-drawn shapes and widths; bad widths and modes named."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import GRID, arrays, shapes

import autograd as ag
import nn

torch = pytest.importorskip("torch")


@st.composite
def pad_case(draw):
    """An input, a mode, and widths the mode accepts (PyTorch pads 1-3 trailing dims of a
    batched input in the non-constant modes)."""
    mode = draw(st.sampled_from(["constant", "reflect", "replicate", "circular"]))
    x = draw(arrays(GRID, shapes(2, 4)))
    fits = [d for d in (1, 2, 3) if x.ndim - d in (1, 2) or (mode == "constant" and d <= x.ndim)]
    dims = draw(st.sampled_from(fits))
    widths = []
    for n in reversed(x.shape[x.ndim - dims :]):
        hi = {"constant": 3, "reflect": n - 1, "replicate": 3, "circular": n}[mode]
        lo = -(n // 2) if mode == "constant" else 0  # crops of at most the whole dim
        widths += [draw(st.integers(lo, hi)), draw(st.integers(lo, hi))]
    return x, tuple(widths), mode


@given(case=pad_case(), value=st.sampled_from([None, 1.5]))
def test_pad_matches_pytorch_values_and_gradients(case, value):
    x, widths, mode = case
    value = value if mode == "constant" else None
    a, t = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ours = nn.functional.pad(a, widths, mode, value)
    theirs = torch.nn.functional.pad(t, widths, mode, value)
    np.testing.assert_array_equal(ours.data, theirs.detach().numpy())
    w = np.random.default_rng(0).standard_normal(ours.shape)
    (ours * w).sum().backward()
    (theirs * torch.from_numpy(w)).sum().backward()
    np.testing.assert_allclose(a.grad.data, t.grad.numpy(), rtol=1e-12, atol=1e-12)


@given(case=pad_case())
def test_pad_passes_gradcheck(case):
    x, widths, mode = case
    assert ag.gradcheck(
        lambda v: nn.functional.pad(v, widths, mode), [ag.tensor(x, requires_grad=True)]
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (((1, 2, 3),), r"pad: expected an even number of ints, at most 2 per dim"),
        (((1, 1, 1, 1, 1, 1),), r"at most 2 per dim of the input \(2, 3\)"),
        (((1, 1), "wrap"), r"pad: mode must be one of"),
        (
            ((3, 0), "reflect"),
            r"pad: mode 'reflect' pads dim 1 \(size 3\) by at most 2, got \(3, 0\)",
        ),
        (((1, 1), "reflect", 2.0), r"pad: mode 'reflect' takes no value"),
        (((-1, 0), "circular"), r"no negative widths"),
        (((-2, -2),), r"pad: widths \(-2, -2\) would crop dim 1 \(size 3\) below nothing"),
    ],
)
def test_bad_pads_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        nn.functional.pad(ag.ones(2, 3), *args)
