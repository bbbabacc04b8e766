"""Loss layers and functions: PyTorch's values and gradients (float64, hypothesis-drawn, each
reduction, class weights, ignore_index, label smoothing, pos_weight), at edge values, and their
errors. Gradchecks of first and second order run from the OPS table (test_ops_grad)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import OPS
from test_torch_parity import assert_same

import autograd
import nn

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def torch_kwargs(kwargs):
    """The keyword arguments with arrays as PyTorch tensors."""
    return {
        k: torch.tensor(v) if isinstance(v, np.ndarray) else v
        for k, v in without_constant(kwargs).items()
    }


# OPS entry: PyTorch's function of the same tensors and keyword arguments
TORCH = {
    "cross_entropy_weight_ignore_smoothing": TF.cross_entropy,
    "cross_entropy_probabilities": TF.cross_entropy,
    "nll_loss": TF.nll_loss,
    "binary_cross_entropy": TF.binary_cross_entropy,
    "binary_cross_entropy_with_logits": lambda p, x, y, reduction: (
        TF.binary_cross_entropy_with_logits(x, y, reduction=reduction, pos_weight=p)
    ),
    "binary_cross_entropy_with_logits_weight": lambda w, x, y, reduction: (
        TF.binary_cross_entropy_with_logits(x, y, w, reduction=reduction)
    ),
    "mse_loss": TF.mse_loss,
    "l1_loss": TF.l1_loss,
    "smooth_l1_loss": TF.smooth_l1_loss,
    "huber_loss": TF.huber_loss,
}


@pytest.mark.parametrize("name", sorted(TORCH))
@given(data=st.data())
def test_values_and_gradients_are_pytorchs(name, data):
    """Every input's gradient, targets and weights included where they are tensors."""
    arrays, kwargs = data.draw(OPS[name].args)
    if name in CONSTANT_FIRST:
        const, *arrays = arrays
        kwargs = {**kwargs, "const": const}
    assert_same(
        lambda *xs: OPS[name].f(*with_constant(xs, kwargs), **without_constant(kwargs)),
        lambda *xs: TORCH[name](*with_constant(xs, kwargs, torch.tensor), **torch_kwargs(kwargs)),
        list(arrays),
    )


# PyTorch does not differentiate BCE-with-logits' weights: compared as constants
CONSTANT_FIRST = {"binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_weight"}


def with_constant(xs, kwargs, convert=lambda a: a):
    """The inputs, with the drawn constant (if any) put back in front."""
    return xs if "const" not in kwargs else (convert(kwargs["const"]), *xs)


def without_constant(kwargs):
    return {k: v for k, v in kwargs.items() if k != "const"}


# (our module, PyTorch's, input, target) at edge values (large +-, 0), float64
BIG = np.array([[0.0, -0.0, 1e300, -1e300], [40.0, -40.0, 800.0, -800.0]])
PROBS = np.array([[0.0, 1.0, 0.5, 1e-300], [1.0 - 1e-16, 0.25, 1.0, 0.0]])
LABELS = np.array([[0.0, 1.0, 1.0, 0.0], [1.0, 0.5, 0.0, 1.0]])
CLASSES = np.array([3, 0])
EDGE_CASES = {
    "MSELoss": (nn.MSELoss(), torch.nn.MSELoss(), BIG / 1e160, LABELS),
    "L1Loss": (nn.L1Loss(reduction="sum"), torch.nn.L1Loss(reduction="sum"), BIG, LABELS),
    "SmoothL1Loss": (nn.SmoothL1Loss(beta=0.5), torch.nn.SmoothL1Loss(beta=0.5), BIG, LABELS),
    "HuberLoss": (nn.HuberLoss("none", 2.0), torch.nn.HuberLoss("none", 2.0), BIG, LABELS),
    "CrossEntropyLoss": (nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss(), BIG, CLASSES),
    "CrossEntropyLoss_smoothing": (
        nn.CrossEntropyLoss(label_smoothing=0.2, reduction="none"),
        torch.nn.CrossEntropyLoss(label_smoothing=0.2, reduction="none"),
        BIG[:, :2],
        np.array([1, 0]),
    ),
    "NLLLoss": (nn.NLLLoss(), torch.nn.NLLLoss(), BIG, CLASSES),
    "BCELoss": (nn.BCELoss(reduction="none"), torch.nn.BCELoss(reduction="none"), PROBS, LABELS),
    "BCEWithLogitsLoss": (
        nn.BCEWithLogitsLoss(reduction="none", pos_weight=np.array([1.0, 2.0, 0.5, 3.0])),
        torch.nn.BCEWithLogitsLoss(
            reduction="none", pos_weight=torch.tensor([1.0, 2.0, 0.5, 3.0], dtype=torch.float64)
        ),
        BIG[:, :2].repeat(2, 1) / 1e296,  # scores up to 1e4: large, but 1 - y times them is exact
        LABELS,
    ),
}


def run(loss, x, target, lib):
    """The loss's values and the input's gradient of their sum, in one library."""
    if lib == "torch":
        t = torch.tensor(x, requires_grad=True)
        out = loss(t, torch.tensor(target))
        out.sum().backward()
        return out.detach().numpy(), t.grad.numpy()
    t = autograd.tensor(x, requires_grad=True)
    with np.errstate(all="ignore"):
        out = loss(t, target)
        out.sum().backward()
    return out.data, t.grad.data


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_values_and_gradients_at_edges_are_pytorchs(name):
    ours, theirs, x, target = EDGE_CASES[name]
    (out, g), (t_out, t_g) = run(ours, x, target, "ours"), run(theirs, x, target, "torch")
    np.testing.assert_allclose(out, t_out, rtol=1e-12, err_msg="values")
    np.testing.assert_allclose(g, t_g, rtol=1e-12, err_msg="gradients")


def test_bce_with_logits_is_stable_for_huge_logits():
    x = autograd.tensor(np.array([1e4, -1e4, 800.0, -800.0]), requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = nn.BCEWithLogitsLoss(reduction="sum")(x, np.array([0.0, 1.0, 1.0, 0.0]))
        loss.backward()
    assert loss.item() == pytest.approx(2e4)
    np.testing.assert_array_equal(x.grad.data, [1.0, -1.0, 0.0, 0.0])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_over_spatial_dims_with_weights_and_ignore_is_pytorchs(reduction, smoothing):
    """(N, C, d1, d2) scores, class weights, ignored entries, each reduction."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 2, 2))
    target = np.array([[[0, 2], [-1, 1]], [[2, 2], [0, -1]]])
    kw = {"weight": np.array([0.5, 2.0, 1.0]), "ignore_index": -1, "reduction": reduction}
    kw["label_smoothing"] = smoothing
    assert_same(
        lambda a: nn.CrossEntropyLoss(**kw)(a, target),
        lambda a: torch.nn.CrossEntropyLoss(**torch_kwargs(kw))(a, torch.tensor(target)),
        [x],
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "name, target", [("cross_entropy", 2), ("cross_entropy", [0.2, 0.5, 0.3]), ("nll_loss", 1)]
)
def test_an_unbatched_input_is_a_batch_of_one_as_pytorchs(name, target, reduction):
    """Scores (C,) with a class index () or probabilities (C,), class-weighted."""
    kw = {"weight": np.array([1.0, 2.0, 3.0]), "reduction": reduction}
    assert_same(
        lambda a: getattr(nn.functional, name)(a, np.array(target), **kw),
        lambda a: getattr(TF, name)(a, torch.tensor(np.array(target)), **torch_kwargs(kw)),
        [np.array([0.3, -1.2, 2.0])],
    )


def test_every_ignored_entry_gives_pytorchs_nan_mean():
    x, target = np.zeros((2, 3)), np.array([-100, -100])
    with np.errstate(invalid="ignore"):
        ours = nn.functional.cross_entropy(autograd.tensor(x), target).item()
    assert np.isnan(ours) and TF.cross_entropy(torch.tensor(x), torch.tensor(target)).isnan()


def test_plain_cross_entropy_is_one_node():
    loss = nn.CrossEntropyLoss()(autograd.randn(4, 3, requires_grad=True), [0, 1, 2, 0])
    assert loss.grad_fn.name == "cross_entropy" and len(loss.grad_fn.inputs) == 1


def test_weights_are_buffers_in_the_state_dict_as_pytorchs():
    ours = nn.CrossEntropyLoss(weight=[1.0, 2.0])
    theirs = torch.nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]))
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight"]
    assert list(nn.BCEWithLogitsLoss(pos_weight=[2.0]).state_dict()) == ["pos_weight"]
    assert list(nn.MSELoss().state_dict()) == []


def test_reprs_are_pytorchs():
    for name in ("MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "CrossEntropyLoss", "NLLLoss",
                 "BCELoss", "BCEWithLogitsLoss"):  # fmt: skip
        assert repr(getattr(nn, name)()) == repr(getattr(torch.nn, name)())


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: nn.MSELoss(reduction="avg"),
            ValueError,
            r"MSELoss: reduction must be 'mean', 'sum' or 'none', got 'avg'",
        ),
        (
            lambda: nn.functional.l1_loss(autograd.ones(2), [1.0, 2.0], reduction="all"),
            ValueError,
            r"l1_loss: reduction must be",
        ),
        (
            lambda: nn.MSELoss()(autograd.ones(2, 3), autograd.ones(3)),
            ValueError,
            r"MSELoss\(\): mse_loss: target must have the input's shape \(2, 3\), got \(3,\)",
        ),
        (
            lambda: nn.CrossEntropyLoss()(autograd.ones(2, 3), [0, 3]),
            ValueError,
            r"CrossEntropyLoss\(\): cross_entropy: target must hold class indices in \[0, 3\)"
            r".*got values in \[0, 3\]",
        ),
        (
            lambda: nn.CrossEntropyLoss()(autograd.ones(2, 3), [0, 1, 2]),
            ValueError,
            r"CrossEntropyLoss\(\): .*expected logits \(N, C\) and target \(N,\)"
            r".*got \(2, 3\) and \(3,\)",
        ),
        (
            lambda: nn.CrossEntropyLoss()(autograd.ones(2, 3), [0.0, 1.0]),
            ValueError,
            r"cross_entropy: target must be class indices \(integers\) .*got dtype float32 of "
            r"shape \(2,\)",
        ),
        (
            lambda: nn.CrossEntropyLoss()(autograd.ones(2, 3), autograd.ones(2, 2)),
            ValueError,
            r"CrossEntropyLoss\(\): cross_entropy: target must be class indices \(integers\) .*"
            r"or class probabilities of the logits' shape \(2, 3\), got dtype float32 of shape "
            r"\(2, 2\)",
        ),
        (
            lambda: nn.CrossEntropyLoss(weight=[1.0, 2.0])(autograd.ones(2, 3), [0, 1]),
            ValueError,
            r"weight must have shape \(3,\), got \(2,\)",
        ),
        (
            lambda: nn.CrossEntropyLoss(label_smoothing=1.5)(autograd.ones(2, 3), [0, 1]),
            ValueError,
            r"label_smoothing must be in \[0, 1\], got 1.5",
        ),
        (
            lambda: nn.NLLLoss()(autograd.tensor([[1, 2]]), [0]),
            ValueError,
            r"NLLLoss\(\): nll_loss: input \(log-probabilities\) must be floating, got dtype int64",
        ),
        (
            lambda: nn.BCELoss()(autograd.tensor([0.5, 1.5]), [0.0, 1.0]),
            ValueError,
            r"BCELoss\(\): binary_cross_entropy: input must hold probabilities in \[0, 1\], "
            r"got values in \[0.5, 1.5\]",
        ),
        (
            lambda: nn.BCEWithLogitsLoss()(autograd.ones(3), autograd.ones(2, 3)),
            ValueError,
            r"BCEWithLogitsLoss\(\): .*target must have the input's shape \(3,\), got \(2, 3\)",
        ),
        (
            lambda: nn.HuberLoss(delta=0.0)(autograd.ones(2), autograd.ones(2)),
            ValueError,
            r"HuberLoss\(\): huber_loss: delta must be positive, got 0.0",
        ),
        (
            lambda: nn.L1Loss()("abc", autograd.ones(2)),
            TypeError,
            r"L1Loss\(\): .*l1_loss.*got str 'abc'",
        ),
    ],
)
def test_bad_input_is_named_with_what_was_expected_and_got(call, error, message):
    with pytest.raises(error, match=message):
        call()
