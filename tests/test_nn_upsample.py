"""interpolate and Upsample against PyTorch in float64: values and input gradients for nearest,
linear and bilinear (with and without align_corners), sizes and scale factors; bad settings."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as ag
import nn

torch = pytest.importorskip("torch")


@st.composite
def resize(draw):
    """An (N, C, L) or (N, C, H, W) input and interpolate's settings for it."""
    spatial = draw(st.sampled_from([1, 2]))
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    shape += tuple(draw(st.integers(1, 5)) for _ in range(spatial))
    mode = draw(st.sampled_from(["nearest", "linear" if spatial == 1 else "bilinear"]))
    kwargs = {"mode": mode}
    if mode != "nearest":
        kwargs["align_corners"] = draw(st.booleans())
    if draw(st.booleans()):
        kwargs["size"] = tuple(draw(st.integers(1, 7)) for _ in range(spatial))
    else:
        kwargs["scale_factor"] = draw(st.sampled_from([0.5, 1.5, 2, 3]))
        if any(int(n * kwargs["scale_factor"]) == 0 for n in shape[2:]):
            kwargs["scale_factor"] = 2
    return shape, kwargs


@given(case=resize())
def test_interpolate_matches_pytorch(case):
    shape, kwargs = case
    x = np.random.default_rng(0).standard_normal(shape)
    a, t = ag.Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = nn.functional.interpolate(a, **kwargs)
    t_out = torch.nn.functional.interpolate(t, **kwargs)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = np.random.default_rng(1).standard_normal(out.shape)
    (out * w).sum().backward()
    (t_out * torch.from_numpy(w)).sum().backward()
    np.testing.assert_allclose(a.grad.data, t.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_upsample_is_the_module_form_with_pytorchs_repr():
    layer, theirs = (
        nn.Upsample(scale_factor=2, mode="bilinear"),
        torch.nn.Upsample(scale_factor=2, mode="bilinear"),
    )
    assert repr(layer) == repr(theirs)
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    np.testing.assert_allclose(layer(ag.tensor(x)).data, theirs(torch.from_numpy(x)).numpy())
    with pytest.raises(
        ValueError, match=r"Upsample\(.*\): interpolate: mode 'bilinear' does not fit"
    ):
        layer(ag.ones(1, 1, 4))


def test_bad_settings_are_named():
    x = ag.ones(1, 1, 4, 4)
    with pytest.raises(ValueError, match="give exactly one of size and scale_factor"):
        nn.functional.interpolate(x)
    with pytest.raises(ValueError, match="align_corners only applies to linear and bilinear"):
        nn.functional.interpolate(x, size=2, align_corners=True)
