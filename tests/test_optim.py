"""optim: SGD against PyTorch step by step, exact resume, param groups, state dicts, errors."""

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
import nn
import optim
from optim.optimizer import required

CASES = {
    "plain": ([(ALL, {})], {"lr": 0.1}),
    "default lr": ([(ALL, {})], {}),
    "momentum": ([(ALL, {})], {"lr": 0.05, "momentum": 0.9}),
    "dampening and weight decay": (
        [(ALL, {})],
        {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01},
    ),
    "nesterov": ([(ALL, {})], {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.1}),
    "maximize": ([(ALL, {})], {"lr": 0.01, "momentum": 0.5, "maximize": True}),
    "per-group settings": (
        [
            (("w",), {"lr": 0.1, "momentum": 0.9}),
            (("b", "unused"), {"momentum": 0.5, "nesterov": True, "weight_decay": 0.1}),
            (("v",), {"maximize": True, "weight_decay": 0.05}),
        ],
        {"lr": 0.03},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_sgd_follows_pytorch_for_20_steps_in_float64(case):
    """Every parameter after every step matches torch.optim.SGD with the same settings.

    Both engines round differently (tanh, matmul), by ~1e-16 per operation; over 20 steps that
    stays far below 1e-10, while a wrong update rule is off by more than 1e-3."""
    torch = pytest.importorskip("torch")
    groups, settings = CASES[case]
    ours = trajectory(ag.tensor, optim.SGD, groups, settings)
    theirs = trajectory(torch.tensor, torch.optim.SGD, groups, settings)
    assert_same_path(ours, theirs, rtol=1e-10, atol=1e-12)


def test_resuming_from_a_state_dict_is_exact():
    """10 steps equal 4 steps, state_dict, a fresh optimizer and parameters loading it, 6 steps."""
    settings = {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}
    x = ag.tensor(X)
    straight = fresh_params(ag.tensor)
    expected = train(straight, optim.SGD(straight.values(), **settings), x, 10)[-1]

    first = fresh_params(ag.tensor)
    opt = optim.SGD(first.values(), **settings)
    train(first, opt, x, 4)
    saved = opt.state_dict()
    second = {n: ag.tensor(p.data.copy(), requires_grad=True) for n, p in first.items()}
    resumed = optim.SGD(second.values(), lr=1.0)  # the settings come from the state dict
    resumed.load_state_dict(saved)
    got = train(second, resumed, x, 6)[-1]
    for name in INIT:
        np.testing.assert_array_equal(got[name], expected[name], err_msg=name)


def momentum_opt(dtype=np.float64):
    """An SGD with momentum over two parameters, after one step (so it has state)."""
    p = ag.tensor(np.array([1.0, -2.0], dtype=dtype), requires_grad=True)
    q = ag.tensor(np.array([0.5], dtype=dtype), requires_grad=True)
    opt = optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.01}], lr=0.1, momentum=0.9)
    (p * p).sum().backward()
    (q * 3).sum().backward()
    opt.step()
    return opt, p, q


def test_load_state_dict_copies_the_state_and_casts_it_to_each_parameters_dtype():
    """The loaded buffers are the optimizer's own (not the dict's arrays) and take its dtype."""
    saved = momentum_opt(np.float64)[0].state_dict()
    opt, p, q = momentum_opt(np.float32)
    opt.load_state_dict(saved)
    buffer = opt.state[p]["momentum_buffer"]
    assert buffer.dtype == np.float32
    np.testing.assert_array_equal(buffer.data, saved["state"][0]["momentum_buffer"].data)
    saved["state"][0]["momentum_buffer"].data[:] = 100.0
    saved["param_groups"][1]["lr"] = 100.0
    assert np.all(buffer.data < 100) and opt.param_groups[1]["lr"] == 0.01
    assert opt.param_groups[0]["params"][0] is p and opt.param_groups[1]["params"][0] is q


def test_state_dict_is_a_snapshot():
    """Later steps change neither the saved buffers nor the saved settings."""
    opt, p, _ = momentum_opt()
    saved = opt.state_dict()
    before = saved["state"][0]["momentum_buffer"].data.copy()
    p.grad = ag.ones(2, dtype=np.float64)
    opt.step()
    opt.param_groups[0]["lr"] = 5.0
    np.testing.assert_array_equal(saved["state"][0]["momentum_buffer"].data, before)
    assert saved["param_groups"][0]["lr"] == 0.1


def test_state_dict_has_pytorchs_format():
    """Same keys, indices, settings and buffers as torch.optim.SGD's state_dict for the same run."""
    torch = pytest.importorskip("torch")
    groups, settings = CASES["per-group settings"]
    dicts = []
    for tensor, sgd in [(ag.tensor, optim.SGD), (torch.tensor, torch.optim.SGD)]:
        params = fresh_params(tensor)
        opt = sgd(make_groups(params, groups), **settings)
        train(params, opt, tensor(X), 2)
        dicts.append(opt.state_dict())
    ours, theirs = dicts
    assert ours.keys() == theirs.keys() == {"state", "param_groups"}
    assert ours["state"].keys() == theirs["state"].keys()
    for index, state in ours["state"].items():
        assert state.keys() == theirs["state"][index].keys()
        mine, ref = state["momentum_buffer"].data, theirs["state"][index]["momentum_buffer"]
        np.testing.assert_allclose(mine, ref.numpy(), rtol=1e-10, atol=1e-12)
    assert ours["param_groups"] == torch_settings(theirs["param_groups"])


def test_repr_lists_each_group_as_pytorch_does():
    """Same text as torch.optim.SGD's repr, without its implementation switches."""
    torch = pytest.importorskip("torch")
    groups, settings = CASES["per-group settings"]
    ours = repr(optim.SGD(make_groups(fresh_params(ag.tensor), groups), **settings))
    theirs = repr(torch.optim.SGD(make_groups(fresh_params(torch.tensor), groups), **settings))
    assert ours == torch_repr(theirs)
    assert ours.startswith("SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n")


def test_update_is_in_place_and_bumps_the_version_stamp():
    """The parameter keeps its array; a graph that saved it before the step refuses backward."""
    p = ag.tensor([1.0, 2.0], requires_grad=True)
    data = p.data
    y = (p * ag.tensor([3.0, 4.0])).exp().sum()
    p.grad = ag.ones(2)
    optim.SGD([p], lr=0.5).step()
    assert p.data is data
    np.testing.assert_allclose(p.data, [0.5, 1.5])
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_momentum_buffer_is_not_the_gradient_array():
    """Zeroing the grad in place after the first step leaves the momentum buffer as it was."""
    opt, p, _ = momentum_opt()
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(opt.state[p]["momentum_buffer"].data, [2.0, -4.0])


def test_zero_grad_sets_none_by_default_or_zeros_over_every_group():
    """Both ways, in every group; a parameter that never had a grad keeps None."""
    opt, p, q = momentum_opt()
    never = ag.tensor([1.0], requires_grad=True)
    opt.add_param_group({"params": [never]})
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(p.grad.data, [0.0, 0.0])
    np.testing.assert_array_equal(q.grad.data, [0.0])
    assert never.grad is None
    opt.zero_grad()
    assert p.grad is None and q.grad is None and never.grad is None


def test_step_runs_the_closure_with_grad_enabled_and_returns_its_loss():
    """Even inside no_grad, the closure records a graph; its grads drive the update."""
    p = ag.tensor([1.0, -2.0], requires_grad=True)
    opt = optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with ag.no_grad():
        loss = opt.step(closure)
    assert loss.item() == pytest.approx(5.0)
    np.testing.assert_allclose(p.data, [1.0 - 0.1 * 2.0, -2.0 + 0.1 * 4.0])
    assert opt.step() is None


def test_add_param_group_fills_defaults_and_the_new_group_is_stepped():
    """A single Tensor is taken as the group's list; settings it omits come from the defaults."""
    p, q = ag.tensor([1.0], requires_grad=True), ag.tensor([2.0, 3.0], requires_grad=True)
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": q, "lr": 0.01})
    group = opt.param_groups[1]
    assert len(group["params"]) == 1 and group["params"][0] is q
    assert (group["lr"], group["momentum"], group["nesterov"]) == (0.01, 0.9, False)
    q.grad = ag.ones(2)
    opt.step()
    np.testing.assert_allclose(q.data, [2.0 - 0.01, 3.0 - 0.01])
    np.testing.assert_array_equal(p.data, [1.0])


def test_parameters_without_a_grad_are_left_alone():
    """Even with weight decay and momentum, a parameter whose .grad is None gets no update."""
    p, q = ag.tensor([1.0], requires_grad=True), ag.tensor([2.0], requires_grad=True)
    opt = optim.SGD([p, q], lr=0.1, momentum=0.9, weight_decay=0.5)
    p.grad = ag.ones(1)
    opt.step()
    assert q.data.tolist() == [2.0] and q not in opt.state
    assert p.data.tolist() != [1.0] and p in opt.state


def _p():
    """A float32 leaf of shape (2,) that requires grad."""
    return ag.tensor([1.0, 2.0], requires_grad=True)


LEAF, OTHER = _p(), _p()
BAD_CONSTRUCTIONS = [
    (lambda: optim.SGD(LEAF), TypeError, r"SGD: params must be an iterable .* got Tensor"),
    (lambda: optim.SGD(3), TypeError, r"iterable of Tensors or of dicts, got int"),
    (lambda: optim.SGD([]), ValueError, r"SGD: got an empty parameter list"),
    (lambda: optim.SGD([LEAF, 1.0]), TypeError, r"param group 0: parameter 1 is a float"),
    (lambda: optim.SGD([LEAF, {"params": [OTHER]}]), TypeError, r"parameter 1 is a dict"),
    (lambda: optim.SGD([LEAF * 2]), ValueError, r"parameter 0 \(shape \(2,\)\) is not a leaf"),
    (
        lambda: optim.SGD([OTHER, LEAF, LEAF]),
        ValueError,
        r"param group 0: parameter 2 \(shape \(2,\)\) is the same tensor as parameter 1",
    ),
    (
        lambda: optim.SGD([{"params": [LEAF]}, {"params": [OTHER, LEAF]}]),
        ValueError,
        r"param group 1: parameter 1 \(shape \(2,\)\) is already in param group 0",
    ),
    (lambda: optim.SGD([{"params": {LEAF}}]), TypeError, r"param group 0: 'params' .* got set"),
    (lambda: optim.SGD([{"lr": 0.1}]), KeyError, r"param group 0 has no 'params'"),
    (lambda: optim.SGD([LEAF], lr=-0.1), ValueError, r"SGD: lr must be >= 0, got -0.1"),
    (lambda: optim.SGD([LEAF], lr=float("nan")), ValueError, r"lr must be >= 0, got nan"),
    (
        lambda: optim.SGD([{"params": [LEAF], "lr": -1}], lr=0.1),
        ValueError,
        r"SGD: param group 0: lr must be >= 0, got -1",
    ),
    (lambda: optim.SGD([LEAF], momentum=-0.5), ValueError, r"momentum must be >= 0, got -0.5"),
    (lambda: optim.SGD([LEAF], momentum=1.0), ValueError, r"SGD: momentum must be in \[0, 1\)"),
    (lambda: optim.SGD([LEAF], weight_decay=-1), ValueError, r"weight_decay must be >= 0, got -1"),
    (
        lambda: optim.SGD([LEAF], nesterov=True),
        ValueError,
        r"nesterov=True needs momentum > 0 and dampening = 0, got momentum=0, dampening=0",
    ),
    (
        lambda: optim.SGD([LEAF], momentum=0.9, dampening=0.1, nesterov=True),
        ValueError,
        r"got momentum=0.9, dampening=0.1",
    ),
    (
        lambda: optim.Optimizer([{"params": [LEAF]}], {"lr": required}),
        ValueError,
        r"Optimizer: param group 0 does not set 'lr', which has no default",
    ),
]


@pytest.mark.parametrize(("make", "error", "message"), BAD_CONSTRUCTIONS)
def test_bad_constructions_raise_pytorchs_exception_with_what_is_wrong(make, error, message):
    """Each error names the optimizer, the group or parameter, and the offending value."""
    with pytest.raises(error, match=message):
        make()


def test_a_required_setting_given_by_the_group_is_accepted_and_base_step_is_abstract():
    """`required` only demands the setting; the base class has no update rule."""
    p = _p()
    opt = optim.Optimizer([{"params": [p], "lr": 0.5}], {"lr": required})
    assert opt.param_groups[0]["lr"] == 0.5
    p.grad = ag.ones(2)
    with pytest.raises(NotImplementedError, match="Optimizer does not define an update rule"):
        opt.step()


def group_snapshot(opt):
    """Each group's settings and parameter identities, to compare before and after."""
    return [
        ({k: v for k, v in g.items() if k != "params"}, [id(p) for p in g["params"]])
        for g in opt.param_groups
    ]


def state_snapshot(opt):
    """Every parameter's state values as plain arrays."""
    return {id(p): {k: np.array(v.data) for k, v in s.items()} for p, s in opt.state.items()}


def assert_unchanged(opt, groups, state):
    """The optimizer's groups and state are those snapshotted before."""
    assert group_snapshot(opt) == groups
    now = state_snapshot(opt)
    assert now.keys() == state.keys()
    for key, values in state.items():
        for name, value in values.items():
            np.testing.assert_array_equal(now[key][name], value)


@pytest.mark.parametrize(
    ("group", "error", "message"),
    [
        ([LEAF], TypeError, r"SGD: param group 3 must be a dict, got list"),
        ({"params": [LEAF], "lr": -1.0}, ValueError, r"param group 3: lr must be >= 0"),
        ({"params": [LEAF, LEAF]}, ValueError, r"param group 3: parameter 1 .* same tensor"),
        ({"params": [LEAF], "nesterov": True, "momentum": 0}, ValueError, r"nesterov=True"),
        ({"params": [OTHER]}, ValueError, r"param group 3: parameter 0 .* in param group 2"),
    ],
)
def test_add_param_group_that_fails_changes_nothing(group, error, message):
    """No half-added group, and the dict passed in is left as it was."""
    opt, _, _ = momentum_opt()
    opt.add_param_group({"params": [OTHER]})
    groups, state = group_snapshot(opt), state_snapshot(opt)
    given = dict(group) if isinstance(group, dict) else group
    with pytest.raises(error, match=message):
        opt.add_param_group(group)
    assert_unchanged(opt, groups, state)
    assert group == given


def _saved_with(change):
    """A state dict of `momentum_opt()` changed by `change(saved)`."""
    saved = momentum_opt()[0].state_dict()
    change(saved)
    return saved


BAD_STATE_DICTS = [
    (lambda s: s.pop("state"), KeyError, r"SGD: load_state_dict: expected a dict with 'state'"),
    (
        lambda s: s["param_groups"].pop(),
        ValueError,
        r"load_state_dict: the state dict has 1 param groups, this optimizer has 2",
    ),
    (
        lambda s: s["param_groups"][1]["params"].append(2),
        ValueError,
        r"param group 1 has 2 parameters in the state dict, 1 in this optimizer",
    ),
    (
        lambda s: s["param_groups"][1].update(momentum=-1.0),
        ValueError,
        r"load_state_dict: param group 1: momentum must be >= 0, got -1.0",
    ),
    (
        lambda s: s["state"].update({5: s["state"][0]}),
        ValueError,
        r"'state' has an entry 5 that no param group lists",
    ),
    (
        lambda s: s["param_groups"][1].update(params=[0]),
        ValueError,
        r"a parameter index appears twice",
    ),
]


@pytest.mark.parametrize(("change", "error", "message"), BAD_STATE_DICTS)
def test_load_state_dict_that_fails_changes_nothing(change, error, message):
    """Checked whole before anything is taken over: settings and state stay as they were."""
    opt, _, _ = momentum_opt()
    opt.param_groups[0]["lr"] = 0.2
    opt.state[opt.param_groups[0]["params"][0]]["momentum_buffer"].data[:] = 7.0
    groups, state = group_snapshot(opt), state_snapshot(opt)
    with pytest.raises(error, match=message):
        opt.load_state_dict(_saved_with(change))
    assert_unchanged(opt, groups, state)


def test_step_that_cannot_update_a_parameter_changes_nothing():
    """A .grad that no longer fits (its parameter's .data was replaced, bypassing the checks that
    assigning .grad makes) raises before the first group moves or gains state."""
    opt, p, q = momentum_opt()
    opt.state.clear()
    p.grad = ag.ones(2, dtype=np.float64)
    q.grad = ag.ones(1, dtype=np.float64)
    q.data = np.zeros(3)
    before = p.data.copy()
    message = r"SGD: param group 1, parameter 0 has shape \(3,\) but its .grad is shape \(1,\)"
    with pytest.raises(RuntimeError, match=message):
        opt.step()
    np.testing.assert_array_equal(p.data, before)
    assert len(opt.state) == 0


def test_step_with_a_momentum_buffer_of_the_wrong_shape_changes_nothing():
    """A loaded buffer that does not fit its parameter is refused before any update."""
    opt, p, q = momentum_opt()
    saved = opt.state_dict()
    saved["state"][1]["momentum_buffer"] = ag.zeros(4, dtype=np.float64)
    opt.load_state_dict(saved)
    p.grad, q.grad = ag.ones(2, dtype=np.float64), ag.ones(1, dtype=np.float64)
    before = (p.data.copy(), opt.state[p]["momentum_buffer"].data.copy())
    message = r"param group 1: .* shape \(1,\) has a 'momentum_buffer' of shape \(4,\)"
    with pytest.raises(RuntimeError, match=message):
        opt.step()
    np.testing.assert_array_equal(p.data, before[0])
    np.testing.assert_array_equal(opt.state[p]["momentum_buffer"].data, before[1])


@pytest.mark.parametrize(
    ("params", "error", "says"),
    [
        (lambda: [ag.ones(2)], ValueError, r"parameter 0 \(shape \(2,\)\) does not require grad"),
        (lambda: nn.Linear(2, 2), TypeError, "params must be an iterable of Tensors or of dicts"),
        (lambda: ag.ones(2, requires_grad=True), TypeError, "got Tensor"),
        (lambda: [ag.ones(2, requires_grad=True) * 2], ValueError, "is not a leaf: it was made"),
    ],
)
def test_what_could_never_train_is_refused(params, error, says):
    """SGD(model), SGD(tensor), SGD([w * 2]) and a tensor without requires_grad would be accepted
    and then never move; a frozen Parameter is accepted, as in PyTorch (it is skipped)."""
    with pytest.raises(error, match=says):
        optim.SGD(params(), lr=0.1)
    frozen = nn.Parameter(ag.ones(2), requires_grad=False)
    assert optim.SGD([frozen], lr=0.1).param_groups[0]["params"] == [frozen]


@pytest.mark.parametrize("setting", ["lr", "momentum", "weight_decay"])
def test_settings_that_are_not_numbers_are_refused_by_name(setting):
    w = ag.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match=f"{setting} must be a number, got str '0.1'"):
        optim.SGD([w], **{"lr": 0.1, setting: "0.1"})
