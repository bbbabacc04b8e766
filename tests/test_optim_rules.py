"""optim: Adagrad, RMSprop, Adam and AdamW against PyTorch over 50 steps, exact resume, state
dicts and reprs in PyTorch's format, bad settings, NaN gradients, in-place updates."""

import numpy as np
import pytest
from optim_cases import (
    ALL,
    INIT,
    X,
    assert_same_path,
    fresh_params,
    make_groups,
    torch_repr,
    torch_settings,
    train,
    trajectory,
)

import autograd as ag
import optim

GROUPS = [(("w",), {}), (("b", "unused"), {}), (("v",), {})]  # three groups, settings per case


def groups_with(*settings):
    """GROUPS with each group's own settings."""
    return [(names, s) for (names, _), s in zip(GROUPS, settings, strict=True)]


CASES = {
    "Adagrad": {
        "defaults": ([(ALL, {})], {}),
        "lr_decay, weight_decay, accumulator, eps": (
            [(ALL, {})],
            {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.5,
             "eps": 1e-3},
        ),
        "maximize": ([(ALL, {})], {"lr": 0.05, "maximize": True}),
        "per-group settings": (
            groups_with({"lr_decay": 0.1}, {"weight_decay": 0.2, "maximize": True}, {"eps": 0.1}),
            {"lr": 0.1, "initial_accumulator_value": 0.3},
        ),
    },
    "RMSprop": {
        "defaults": ([(ALL, {})], {}),
        "alpha, eps, weight_decay": (
            [(ALL, {})], {"lr": 0.005, "alpha": 0.9, "eps": 1e-4, "weight_decay": 0.1}
        ),
        "momentum": ([(ALL, {})], {"lr": 0.005, "momentum": 0.9}),
        "centered with momentum, maximize": (
            [(ALL, {})], {"lr": 0.003, "centered": True, "momentum": 0.5, "maximize": True}
        ),
        "per-group settings": (
            groups_with({"centered": True}, {"momentum": 0.8, "weight_decay": 0.1}, {"alpha": 0.5}),
            {"lr": 0.004},
        ),
    },
    "Adam": {
        "defaults": ([(ALL, {})], {}),
        "betas, eps, weight_decay": (
            [(ALL, {})], {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.1}
        ),
        "amsgrad": ([(ALL, {})], {"lr": 0.02, "amsgrad": True}),
        "maximize, decoupled_weight_decay": (
            [(ALL, {})],
            {"lr": 0.01, "maximize": True, "decoupled_weight_decay": True, "weight_decay": 0.5},
        ),
        "per-group settings": (
            groups_with(
                {"amsgrad": True}, {"betas": (0.5, 0.9), "weight_decay": 0.2}, {"maximize": True}
            ),
            {"lr": 0.03},
        ),
    },
    "AdamW": {
        "defaults": ([(ALL, {})], {}),
        "weight_decay, amsgrad": ([(ALL, {})], {"lr": 0.02, "weight_decay": 0.3, "amsgrad": True}),
        "per-group settings": (
            groups_with({"weight_decay": 0}, {"lr": 0.05, "maximize": True}, {"eps": 1e-2}),
            {"lr": 0.01, "weight_decay": 0.1},
        ),
    },
}  # fmt: skip
PARITY = [(name, case) for name, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("name", "case"), PARITY, ids=[f"{n}-{c}" for n, c in PARITY])
def test_rule_follows_pytorch_for_50_steps_in_float64(name, case):
    """Every parameter after every step matches torch.optim's with the same settings, and the
    parameter without a gradient never moves.

    Both engines round differently, by ~1e-16 per operation; over 50 steps that stays below
    1e-13 here, while a wrong update rule (a sign, a bias correction, where eps goes) is off by
    more than 1e-4."""
    torch = pytest.importorskip("torch")
    groups, settings = CASES[name][case]
    ours = trajectory(ag.tensor, getattr(optim, name), groups, settings, steps=50)
    theirs = trajectory(torch.tensor, getattr(torch.optim, name), groups, settings, steps=50)
    assert_same_path(ours, theirs, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours[-1]["unused"], INIT["unused"])


RICH = {
    "SGD": {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
    "Adagrad": {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.2},
    "RMSprop": {"lr": 0.005, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
    "Adam": {"lr": 0.02, "amsgrad": True, "weight_decay": 0.1},
    "AdamW": {"lr": 0.02, "amsgrad": True, "betas": (0.8, 0.9)},
}


@pytest.mark.parametrize("name", RICH)
def test_resuming_from_a_state_dict_is_exact(name):
    """10 steps equal 4 steps, state_dict, a fresh optimizer (other settings) and parameters
    loading it, and 6 more steps: bit for bit."""
    make, settings, x = getattr(optim, name), RICH[name], ag.tensor(X)
    straight = fresh_params(ag.tensor)
    expected = train(straight, make(straight.values(), **settings), x, 10)[-1]
    first = fresh_params(ag.tensor)
    opt = make(first.values(), **settings)
    train(first, opt, x, 4)
    second = {n: ag.tensor(p.data.copy(), requires_grad=True) for n, p in first.items()}
    resumed = make(second.values(), lr=1.0)  # the settings come from the state dict
    resumed.load_state_dict(opt.state_dict())
    got = train(second, resumed, x, 6)[-1]
    for n in INIT:
        np.testing.assert_array_equal(got[n], expected[n], err_msg=n)


def assert_same_state(ours, theirs):
    """Per-parameter state with the same keys, step counts (in float32, as PyTorch keeps them)
    and buffers."""
    assert ours.keys() == theirs.keys()
    for index, state in ours.items():
        assert list(state) == list(theirs[index]), index
        for key, value in state.items():
            ref = theirs[index][key]
            assert value.dtype == np.dtype(str(ref.dtype).removeprefix("torch.")), key
            assert value.shape == tuple(ref.shape), key
            np.testing.assert_allclose(value.data, ref.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_state_dict_has_pytorchs_format(name):
    """Same state keys in the same order, step counts, buffers and group settings as torch.optim's
    state_dict after the same two steps (Adagrad's state exists from construction, as PyTorch's)."""
    torch = pytest.importorskip("torch")
    groups, settings = CASES[name]["per-group settings"]
    dicts = []
    for tensor, lib in [(ag.tensor, optim), (torch.tensor, torch.optim)]:
        params = fresh_params(tensor)
        opt = getattr(lib, name)(make_groups(params, groups), **settings)
        train(params, opt, tensor(X), 2)
        dicts.append(opt.state_dict())
    ours, theirs = dicts
    assert_same_state(ours["state"], theirs["state"])
    assert ours["param_groups"] == torch_settings(theirs["param_groups"])


@pytest.mark.parametrize("name", CASES)
def test_repr_lists_each_group_as_pytorch_does(name):
    """Same text as torch.optim's repr, without its implementation switches."""
    torch = pytest.importorskip("torch")
    groups, settings = CASES[name]["per-group settings"]
    ours = repr(getattr(optim, name)(make_groups(fresh_params(ag.tensor), groups), **settings))
    made = getattr(torch.optim, name)(make_groups(fresh_params(torch.tensor), groups), **settings)
    assert ours == torch_repr(repr(made))
    assert ours.startswith(f"{name} (\nParameter Group 0\n")


# (optimizer, settings, exception, message, whether PyTorch raises the same exception)
BAD_SETTINGS = [
    ("Adagrad", {"lr": -0.1}, ValueError, r"Adagrad: lr must be >= 0, got -0.1", True),
    ("Adagrad", {"lr": float("nan")}, ValueError, r"Adagrad: lr must be >= 0, got nan", True),
    ("Adagrad", {"lr_decay": -1}, ValueError, r"Adagrad: lr_decay must be >= 0, got -1", True),
    ("Adagrad", {"weight_decay": -1}, ValueError, r"weight_decay must be >= 0, got -1", True),
    ("Adagrad", {"initial_accumulator_value": -1}, ValueError, r"initial_accumulator_value", True),
    ("Adagrad", {"eps": -1e-10}, ValueError, r"Adagrad: eps must be >= 0, got -1e-10", True),
    ("RMSprop", {"lr": -1}, ValueError, r"RMSprop: lr must be >= 0, got -1", True),
    ("RMSprop", {"alpha": -0.5}, ValueError, r"RMSprop: alpha must be >= 0, got -0.5", True),
    ("RMSprop", {"eps": -1}, ValueError, r"RMSprop: eps must be >= 0, got -1", True),
    ("RMSprop", {"momentum": -0.1}, ValueError, r"RMSprop: momentum must be >= 0", True),
    ("RMSprop", {"weight_decay": float("nan")}, ValueError, r"weight_decay must be >= 0", True),
    ("Adam", {"lr": -1e-3}, ValueError, r"Adam: lr must be >= 0, got -0.001", True),
    ("Adam", {"eps": -1e-8}, ValueError, r"Adam: eps must be >= 0, got -1e-08", True),
    ("Adam", {"weight_decay": -1}, ValueError, r"Adam: weight_decay must be >= 0", True),
    ("Adam", {"betas": (1.0, 0.999)}, ValueError, r"Adam: betas\[0\] must be in \[0, 1\)", True),
    ("Adam", {"betas": (0.9, -0.1)}, ValueError, r"Adam: betas\[1\] must be >= 0, got -0.1", True),
    ("Adam", {"betas": (0.9, float("nan"))}, ValueError, r"betas\[1\] must be >= 0, got nan", True),
    ("Adam", {"betas": 0.9}, TypeError, r"Adam: betas must be a pair of numbers, got 0.9", True),
    ("Adam", {"eps": "1e-8"}, TypeError, r"Adam: eps must be a number, got str", True),
    ("AdamW", {"lr": -1}, ValueError, r"AdamW: lr must be >= 0, got -1", True),
    ("AdamW", {"betas": (0.9, 1.5)}, ValueError, r"AdamW: betas\[1\] must be in \[0, 1\)", True),
    ("AdamW", {"weight_decay": -0.01}, ValueError, r"AdamW: weight_decay must be >= 0", True),
    # stricter than PyTorch: it takes these (or fails with an IndexError)
    ("Adam", {"betas": (0.9,)}, TypeError, r"betas must be a pair of numbers, got \(0.9,\)", False),
    ("Adam", {"eps": 0.0}, ValueError, r"Adam: eps must be > 0, got 0.0", False),
    ("AdamW", {"eps": 0}, ValueError, r"AdamW: eps must be > 0, got 0", False),
    ("Adagrad", {"eps": 0.0}, ValueError, r"Adagrad: eps must be > 0, got 0.0", False),
    ("RMSprop", {"eps": 0.0}, ValueError, r"RMSprop: eps must be > 0, got 0.0", False),
    (
        "RMSprop",
        {"momentum": 1.0},
        ValueError,
        r"RMSprop: momentum must be in \[0, 1\), got 1.0",
        False,
    ),
    ("RMSprop", {"alpha": 1.5}, ValueError, r"RMSprop: alpha must be in \[0, 1\), got 1.5", False),
]


@pytest.mark.parametrize(("name", "settings", "error", "message", "_"), BAD_SETTINGS)
def test_bad_settings_raise_at_construction_naming_the_optimizer_and_setting(
    name, settings, error, message, _
):
    with pytest.raises(error, match=message):
        getattr(optim, name)([ag.ones(2, requires_grad=True)], **settings)


@pytest.mark.parametrize(
    ("name", "settings", "error"), [(n, s, e) for n, s, e, _, same in BAD_SETTINGS if same]
)
def test_pytorch_refuses_the_same_settings_with_the_same_exception(name, settings, error):
    torch = pytest.importorskip("torch")
    with pytest.raises(error):
        getattr(torch.optim, name)([torch.ones(2, requires_grad=True)], **settings)


@pytest.mark.parametrize("name", CASES)
def test_a_bad_group_setting_is_named_with_its_group(name):
    w, b = ag.ones(2, requires_grad=True), ag.ones(1, requires_grad=True)
    with pytest.raises(ValueError, match=f"{name}: param group 1: eps must be >= 0, got -1"):
        getattr(optim, name)([{"params": [w]}, {"params": [b], "eps": -1}])


def nan_run(lib, tensor, name):
    """The parameter after a step on a gradient holding a NaN, then two ordinary steps."""
    p = tensor([1.0, -2.0, 3.0], requires_grad=True)
    opt = getattr(lib, name)([p], **RICH[name])
    for grad in ([float("nan"), 1.0, -1.0], [0.5, 0.5, 0.5], [-1.0, 2.0, 0.1]):
        p.grad = tensor(grad)
        opt.step()
    return np.array(p.detach().numpy())


@pytest.mark.parametrize("name", RICH)
def test_a_nan_gradient_spreads_into_the_parameters_as_in_pytorch(name):
    """The NaN element stays NaN (its averages hold NaN from then on); the rules work element by
    element, so the others are unharmed; both as PyTorch."""
    torch = pytest.importorskip("torch")
    ours = nan_run(optim, ag.tensor, name)
    np.testing.assert_allclose(ours, nan_run(torch.optim, torch.tensor, name), rtol=1e-6)
    assert np.isnan(ours[0])


@pytest.mark.parametrize("name", RICH)
def test_update_is_in_place_and_bumps_the_version_stamp(name):
    """The parameter keeps its array; a graph that saved it before the step refuses backward."""
    p = ag.tensor([1.0, 2.0], requires_grad=True)
    data = p.data
    y = (p * ag.tensor([3.0, 4.0])).exp().sum()
    p.grad = ag.ones(2)
    getattr(optim, name)([p], **RICH[name]).step()
    assert p.data is data and not np.array_equal(p.data, [1.0, 2.0])
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


@pytest.mark.parametrize("name", [*RICH, "LBFGS"])
def test_a_complex_parameter_is_refused_clearly(name):
    """glassgrad has no complex tensors, but .data can be replaced by a complex array."""
    p = ag.ones(2, requires_grad=True)
    opt = getattr(optim, name)([p])
    p.grad = ag.ones(2)
    p.data = np.array([1.0 + 1j, 2.0])
    with pytest.raises(TypeError, match=f"{name}: param group 0, parameter 0 has dtype complex128"):
        opt.step(lambda: p.data.real.sum())


def test_adagrad_starts_each_group_from_its_own_initial_accumulator_value():
    """Made for every parameter at construction, as PyTorch's, from the group's setting (PyTorch
    takes the constructor's for every group); a group added later gets its state on its step."""
    p, q, r = (ag.ones(2, requires_grad=True) for _ in range(3))
    opt = optim.Adagrad([{"params": [p]}, {"params": [q], "initial_accumulator_value": 2.0}])
    opt.add_param_group({"params": [r], "initial_accumulator_value": 3.0})
    assert opt.state[p]["sum"].data.tolist() == [0.0, 0.0] and opt.state[p]["step"].item() == 0
    assert opt.state[q]["sum"].data.tolist() == [2.0, 2.0] and r not in opt.state
    r.grad = ag.ones(2)
    opt.step()
    assert opt.state[r]["sum"].data.tolist() == [4.0, 4.0] and opt.state[r]["step"].item() == 1


def test_adamw_stays_decoupled_when_loading_an_adam_state_dict():
    """As PyTorch: AdamW's load_state_dict sets decoupled_weight_decay back to True."""
    p = ag.ones(2, requires_grad=True)
    opt = optim.AdamW([p])
    opt.load_state_dict(optim.Adam([ag.ones(2, requires_grad=True)]).state_dict())
    assert opt.param_groups[0]["decoupled_weight_decay"] is True


def test_loaded_buffers_take_the_parameters_dtype_and_the_step_keeps_float32():
    """As PyTorch's load_state_dict: buffers are cast to the parameter's dtype, the step is not."""
    p32 = ag.tensor([1.0, 2.0], requires_grad=True)
    saved = optim.Adam([p32])
    p32.grad = ag.ones(2)
    saved.step()
    p64 = ag.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    opt = optim.Adam([p64])
    opt.load_state_dict(saved.state_dict())
    assert opt.state[p64]["exp_avg"].dtype == np.float64
    assert opt.state[p64]["step"].dtype == np.float32 and opt.state[p64]["step"].shape == ()


def test_a_loaded_buffer_of_the_wrong_shape_is_refused_before_any_update():
    p, q = ag.ones(2, requires_grad=True), ag.ones(3, requires_grad=True)
    opt = optim.Adam([p, q])
    p.grad, q.grad = ag.ones(2), ag.ones(3)
    opt.step()
    saved = opt.state_dict()
    saved["state"][1]["exp_avg_sq"] = ag.zeros(4)
    opt.load_state_dict(saved)
    before = p.data.copy()
    with pytest.raises(
        RuntimeError, match=r"Adam: param group 0: .* shape \(3,\) has a 'exp_avg_sq'"
    ):
        opt.step()
    np.testing.assert_array_equal(p.data, before)
