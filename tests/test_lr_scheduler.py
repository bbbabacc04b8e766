"""optim.lr_scheduler: every schedule's lr sequence against PyTorch's over ~100 steps with two
param groups (chained, sequential, resumed), state dicts, ReduceLROnPlateau on given metrics,
behaviour on its own terms, and settings refused by name.

Sequences are compared for exact equality: both libraries compute in Python floats with the same
formulas in the same order, so they agree to the last bit. That is what tells PyTorch's chainable
forms (each lr computed from the last) from the closed forms, which differ by ~1e-15."""

from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as ag
import nn
import optim
from optim import lr_scheduler

LRS = (0.1, 0.03)  # every optimizer here has two param groups with these lrs
# what schedulers write into param groups, compared after every step
SCHEDULED = ("lr", "initial_lr", "momentum", "betas", "max_lr", "min_lr")
SCHEDULED_ONE_CYCLE = ("max_momentum", "base_momentum")


@dataclass(frozen=True)
class Lib:
    """What a test needs from one library: tensors, optimizers and the schedulers module."""

    zeros: Any
    SGD: type
    Optimizer: type
    sched: ModuleType


OURS = Lib(ag.zeros, optim.SGD, optim.Optimizer, lr_scheduler)


def torch_lib() -> Lib:
    torch = pytest.importorskip("torch")
    return Lib(torch.zeros, torch.optim.SGD, torch.optim.Optimizer, torch.optim.lr_scheduler)


def groups(lib, extra=({}, {})):
    """Two param groups with lrs LRS, each with its `extra` settings."""
    return [
        {"params": [lib.zeros(1, requires_grad=True)], "lr": lr, **more}
        for lr, more in zip(LRS, extra, strict=True)
    ]


def sgd(lib, **settings):
    return lib.SGD(groups(lib), **settings)


def snapshot(opt, scheduler):
    """get_last_lr() and what the schedule wrote into each param group."""
    keys = SCHEDULED + SCHEDULED_ONE_CYCLE
    written = [{k: g[k] for k in keys if k in g} for g in opt.param_groups]
    return scheduler.get_last_lr(), written


def run(opt, scheduler, steps, metrics=None, optimizer_steps=True):
    """The snapshot after the constructor and after each of `steps` steps (optimizer first, as
    training does; ReduceLROnPlateau steps with `metrics[i]`)."""
    seen = [snapshot(opt, scheduler)]
    for i in range(steps):
        if optimizer_steps:
            opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[i])
        seen.append(snapshot(opt, scheduler))
    return seen


def in_both(make, steps=100, settings=None, **kwargs):
    """`run` of the scheduler `make(schedulers_module, opt)` makes, ours then PyTorch's, each on
    a fresh SGD with `settings`."""
    runs = []
    for lib in (OURS, torch_lib()):
        opt = sgd(lib, **(settings or {}))
        runs.append(run(opt, make(lib.sched, opt), steps, **kwargs))
    return runs


def assert_same_runs(ours, theirs):
    for step, (mine, ref) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == ref, f"step {step}: {mine} != {ref}"


# --- each schedule against PyTorch, settings drawn by hypothesis ------------------------------
gammas = st.floats(0.05, 1.5)
factors = st.floats(0.01, 1.0)


@st.composite
def lambdas(draw):
    """LambdaLR's lr_lambda: one function for all groups, or one per group."""
    a, b = draw(st.floats(0.5, 1.0)), draw(st.floats(0.0, 1.0))
    per_group = [lambda t: a**t, lambda t: 1 / (1 + b * t)]
    return {"lr_lambda": per_group if draw(st.booleans()) else per_group[0]}


PARITY = {
    "StepLR": st.fixed_dictionaries({"step_size": st.integers(1, 40), "gamma": gammas}),
    "MultiStepLR": st.fixed_dictionaries(
        {
            "milestones": st.lists(st.integers(1, 110), max_size=6, unique=True).map(sorted),
            "gamma": gammas,
        }
    ),
    "ExponentialLR": st.fixed_dictionaries({"gamma": st.floats(0.9, 1.05)}),
    "CosineAnnealingLR": st.fixed_dictionaries(
        {"T_max": st.integers(1, 60), "eta_min": st.sampled_from([0.0, 1e-4, 0.01, 0.05])}
    ),
    "LinearLR": st.fixed_dictionaries(
        {
            "start_factor": factors,
            "end_factor": st.floats(0.0, 1.0),
            "total_iters": st.integers(1, 120),
        }
    ),
    "LambdaLR": lambdas(),
}


@pytest.mark.parametrize("name", PARITY)
@given(data=st.data())
def test_lr_sequence_over_100_steps_equals_pytorchs(name, data):
    """With two param groups of different lrs, every step's lrs are PyTorch's to the last bit."""
    kwargs = data.draw(PARITY[name], label="settings")
    ours, theirs = in_both(lambda sched, opt: getattr(sched, name)(opt, **kwargs))
    assert_same_runs(ours, theirs)


one_cycle_settings = st.fixed_dictionaries(
    {
        "max_lr": st.one_of(
            st.floats(0.01, 2.0), st.lists(st.floats(0.01, 2.0), min_size=2, max_size=2)
        ),
        "total_steps": st.integers(10, 100),
        # pct_start * total_steps >= 2: each phase spans a step (else PyTorch divides by zero)
        "pct_start": st.floats(0.2, 0.45),
        "anneal_strategy": st.sampled_from(["cos", "linear"]),
        "three_phase": st.booleans(),
        "div_factor": st.floats(1.0, 100.0),
        "final_div_factor": st.floats(1.0, 1e4),
        "cycle_momentum": st.booleans(),
        "base_momentum": st.one_of(st.floats(0.5, 0.85), st.just([0.8, 0.7])),
        "max_momentum": st.floats(0.85, 0.99),
    }
)


@given(kwargs=one_cycle_settings)
def test_one_cycle_lrs_and_momentums_equal_pytorchs_until_total_steps(kwargs):
    """lr and SGD's momentum at every step, and what the constructor writes into each group;
    then both refuse one step more."""
    steps = kwargs["total_steps"]  # the last of these steps lies past the end, as PyTorch allows
    schedulers = []

    def make(sched, opt):
        schedulers.append(sched.OneCycleLR(opt, **kwargs))
        return schedulers[-1]

    assert_same_runs(*in_both(make, steps, settings={"momentum": 0.9}))
    for scheduler in schedulers:
        with pytest.raises(ValueError, match=f"(?i)tried to step {steps + 1} times"):
            scheduler.step()


@pytest.mark.filterwarnings("ignore:Detected call of")  # no optimizer steps: there is no rule
def test_one_cycle_cycles_beta1_when_the_optimizers_defaults_have_betas():
    """As with Adam: beta1 of each group's betas cycles, beta2 stays."""
    runs = []
    for lib in (OURS, torch_lib()):
        opt = lib.Optimizer(
            groups(lib, ({"betas": (0.9, 0.99)}, {})), {"lr": 0.1, "betas": (0.8, 0.999)}
        )
        scheduler = lib.sched.OneCycleLR(opt, max_lr=[0.5, 0.2], total_steps=30)
        runs.append(run(opt, scheduler, 30, optimizer_steps=False))
    assert_same_runs(*runs)
    betas = [written[1]["betas"] for _, written in runs[0]]
    assert betas[0] == (0.95, 0.999) and min(b[0] for b in betas) == pytest.approx(0.85)
    assert {b[1] for b in betas} == {0.999}


def test_one_cycle_with_sgd_cycles_momentum_and_leaves_a_groups_betas_as_pytorch():
    """PyTorch asks the optimizer's defaults, not the group: SGD's momentum cycles even in a group
    that holds 'betas', whose betas are left alone."""
    runs = []
    for lib in (OURS, torch_lib()):
        opt = lib.SGD(groups(lib, ({"betas": (0.9, 0.99)}, {})), momentum=0.5)
        runs.append(run(opt, lib.sched.OneCycleLR(opt, max_lr=1.0, total_steps=40), 40))
    assert_same_runs(*runs)
    written = [w for _, w in runs[0]]
    assert all(w[0]["betas"] == (0.9, 0.99) for w in written)
    assert len({w[0]["momentum"] for w in written}) > 10


@given(
    start_factor=factors,
    warmup=st.integers(1, 30),
    T_max=st.integers(1, 80),
    eta_min=st.sampled_from([0.0, 1e-3]),
    milestone_shift=st.integers(-5, 5),
)
def test_sequential_warmup_then_cosine_equals_pytorchs(
    start_factor, warmup, T_max, eta_min, milestone_shift
):
    """LinearLR warm-up, then CosineAnnealingLR from the milestone (which need not be where the
    warm-up ends)."""
    milestone = max(1, warmup + milestone_shift)

    def make(sched, opt):
        parts = [
            sched.LinearLR(opt, start_factor=start_factor, total_iters=warmup),
            sched.CosineAnnealingLR(opt, T_max=T_max, eta_min=eta_min),
        ]
        return sched.SequentialLR(opt, parts, milestones=[milestone])

    assert_same_runs(*in_both(make))


def test_sequential_of_three_schedules_equals_pytorchs():
    """Each hand-over restarts the next schedule from the base lrs (its closed form at epoch 0)."""

    def make(sched, opt):
        parts = [
            sched.LambdaLR(opt, lambda t: (t + 1) / 10),
            sched.MultiStepLR(opt, milestones=[5, 20], gamma=0.5),
            sched.ExponentialLR(opt, gamma=0.95),
        ]
        return sched.SequentialLR(opt, parts, milestones=[10, 60])

    assert_same_runs(*in_both(make))


CHAINS = {
    "warm-up and cosine": lambda s, o: [
        s.LinearLR(o, 0.2, total_iters=10),
        s.CosineAnnealingLR(o, 40),
    ],
    "step and exponential": lambda s, o: [s.StepLR(o, 9, gamma=0.5), s.ExponentialLR(o, 0.98)],
    "milestones and warm-up": lambda s, o: [
        s.MultiStepLR(o, [15, 30], 0.3),
        s.LinearLR(o, 0.5, 0.9, total_iters=20),
    ],
    "cosine twice": lambda s, o: [s.CosineAnnealingLR(o, 25, 1e-3), s.CosineAnnealingLR(o, 7)],
}


@pytest.mark.parametrize("chain", CHAINS)
def test_two_schedulers_stepping_one_optimizer_compose_as_pytorchs(chain):
    """Chainable schedules each move the lr the other left, so their effects multiply."""
    runs = []
    for lib in (OURS, torch_lib()):
        opt = sgd(lib)
        first, second = CHAINS[chain](lib.sched, opt)
        seen = []
        for _ in range(100):
            opt.step()
            first.step()
            second.step()
            seen.append((first.get_last_lr(), second.get_last_lr(), opt.param_groups[1]["lr"]))
        runs.append(seen)
    assert_same_runs(*runs)


# fixed settings of each scheduler, for resuming and state dicts
FIXED = {
    "StepLR": lambda s, o, **kw: s.StepLR(o, step_size=7, gamma=0.5, **kw),
    "MultiStepLR": lambda s, o, **kw: s.MultiStepLR(o, milestones=[5, 12, 40], gamma=0.3, **kw),
    "ExponentialLR": lambda s, o, **kw: s.ExponentialLR(o, gamma=0.97, **kw),
    "CosineAnnealingLR": lambda s, o, **kw: s.CosineAnnealingLR(o, T_max=17, eta_min=1e-3, **kw),
    "LinearLR": lambda s, o, **kw: s.LinearLR(o, 0.1, 0.8, total_iters=13, **kw),
    "LambdaLR": lambda s, o, **kw: s.LambdaLR(o, [lambda t: 0.9**t, lambda t: 1 / (1 + t)], **kw),
    "OneCycleLR": lambda s, o, **kw: s.OneCycleLR(
        o, [1.0, 0.5], total_steps=80, three_phase=True, **kw
    ),
}


@pytest.mark.parametrize("k", [5, 27])
@pytest.mark.parametrize("name", FIXED)
def test_resuming_with_last_epoch_equals_pytorchs(name, k):
    """A scheduler made with last_epoch=k over an optimizer that a first one stepped k times:
    its first step is to k + 1 (StepLR even applies gamma on it when k + 1 is a multiple)."""
    runs = []
    for lib in (OURS, torch_lib()):
        opt = sgd(lib, momentum=0.9)
        first = FIXED[name](lib.sched, opt)
        run(opt, first, k)
        runs.append(run(opt, FIXED[name](lib.sched, opt, last_epoch=k), 40))
    assert_same_runs(*runs)


# --- ReduceLROnPlateau ----------------------------------------------------------------------
plateau_settings = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(["min", "max"]),
        "factor": st.sampled_from([0.0, 0.1, 0.5, 0.9]),
        "patience": st.integers(0, 5),
        "threshold": st.sampled_from([0.0, 1e-4, 0.1, 0.5]),
        "threshold_mode": st.sampled_from(["rel", "abs"]),
        "cooldown": st.integers(0, 4),
        "min_lr": st.sampled_from([0, 1e-3, [1e-3, 0.02]]),
        "eps": st.sampled_from([0.0, 1e-8, 0.01]),
    }
)
# few distinct values, so the metric often stalls, and values close to each other
metric_values = st.sampled_from([0.5, 1.0, 1.0, 1.0001, 1.05, 1.2, 2.0, -1.0])


@given(kwargs=plateau_settings, metrics=st.lists(metric_values, min_size=60, max_size=60))
def test_reduce_on_plateau_equals_pytorchs_on_a_metric_sequence(kwargs, metrics):
    """lrs, best metric, bad-epoch count and cooldown after every epoch."""
    runs = []
    for lib in (OURS, torch_lib()):
        opt = sgd(lib)
        scheduler = lib.sched.ReduceLROnPlateau(opt, **kwargs)
        seen = []
        for metric in metrics:
            scheduler.step(metric)
            state = (scheduler.best, scheduler.num_bad_epochs, scheduler.cooldown_counter)
            seen.append((scheduler.get_last_lr(), state, scheduler.last_epoch))
        runs.append(seen)
    assert_same_runs(*runs)


def test_reduce_on_plateau_waits_patience_epochs_then_cuts_and_cools_down():
    """patience=2: the 3rd bad epoch in a row halves the lrs; the 2 cooldown epochs after a cut
    count no bad epochs (without them the 7th epoch would cut again); a new best resets."""
    opt = sgd(OURS)
    scheduler = lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=2)
    lrs = []
    for metric in [1.0] * 8 + [0.5] + [1.0] * 3:
        scheduler.step(metric)
        lrs.append(scheduler.get_last_lr())
    assert lrs == [[0.1, 0.03]] * 3 + [[0.05, 0.015]] * 8 + [[0.025, 0.0075]]
    assert (scheduler.best, scheduler.last_epoch, scheduler.in_cooldown) == (0.5, 12, True)


@pytest.mark.parametrize(
    ("mode", "threshold_mode", "better", "not_better"),
    [("min", "rel", 0.989, 0.991), ("min", "abs", 0.89, 0.91), ("max", "rel", 1.011, 1.009),
     ("max", "abs", 1.11, 1.09)],
)  # fmt: skip
def test_reduce_on_plateau_counts_an_improvement_only_beyond_the_threshold(
    mode, threshold_mode, better, not_better
):
    """From best = 1: rel threshold 0.01 needs 1%, abs threshold 0.1 needs 0.1, either way."""
    threshold = 0.01 if threshold_mode == "rel" else 0.1
    scheduler = lr_scheduler.ReduceLROnPlateau(
        sgd(OURS), mode, threshold=threshold, threshold_mode=threshold_mode, patience=0
    )
    scheduler.step(1.0)
    scheduler.step(not_better)
    assert (scheduler.best, scheduler.get_last_lr()) == (1.0, [0.1 * 0.1, 0.03 * 0.1])
    scheduler.step(better)
    assert (scheduler.best, scheduler.num_bad_epochs) == (better, 0)


def test_reduce_on_plateau_stops_at_min_lr_per_group_and_skips_changes_up_to_eps():
    opt = sgd(OURS)
    scheduler = lr_scheduler.ReduceLROnPlateau(
        opt, factor=0.5, patience=0, min_lr=[0.02, 0.0], eps=0.00375
    )
    for _ in range(6):
        scheduler.step(ag.tensor(3.0))  # a 0-d tensor is a metric, as in PyTorch
    # group 0: 0.1 -> 0.05 -> 0.025 -> 0.02 (its min_lr), then stays; group 1: 0.03 -> 0.015 ->
    # 0.0075, where halving would change it by exactly eps (all exact in binary), so it stays
    assert scheduler.get_last_lr() == [0.02, 0.0075]


# --- state dicts ------------------------------------------------------------------------------
METRICS = [1.0 - 0.01 * (i % 7) for i in range(80)]  # for ReduceLROnPlateau: stalls and improves
ROUND_TRIP = {
    **FIXED,
    "SequentialLR": lambda s, o: s.SequentialLR(
        o, [s.LinearLR(o, 0.1, total_iters=8), s.CosineAnnealingLR(o, 30)], milestones=[20]
    ),
    "ReduceLROnPlateau": lambda s, o: s.ReduceLROnPlateau(o, patience=1, cooldown=1, factor=0.5),
}


def metrics_for(scheduler, start, steps):
    return (
        METRICS[start : start + steps]
        if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau)
        else None
    )


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_resuming_from_state_dicts_continues_the_same_sequence(name):
    """60 steps straight equal 25 steps, then the optimizer's and scheduler's state dicts loaded
    into a fresh optimizer (another lr) and scheduler (the usual checkpoint order), 35 steps."""
    opt = sgd(OURS, momentum=0.9)
    scheduler = ROUND_TRIP[name](lr_scheduler, opt)
    straight = run(opt, scheduler, 60, metrics_for(scheduler, 0, 60))

    opt = sgd(OURS, momentum=0.9)
    scheduler = ROUND_TRIP[name](lr_scheduler, opt)
    before = run(opt, scheduler, 25, metrics_for(scheduler, 0, 25))
    saved = opt.state_dict(), scheduler.state_dict()
    fresh_opt = OURS.SGD([{"params": [ag.zeros(1, requires_grad=True)], "lr": 5.0} for _ in LRS])
    fresh = ROUND_TRIP[name](lr_scheduler, fresh_opt)
    fresh_opt.load_state_dict(saved[0])
    fresh.load_state_dict(saved[1])
    after = run(fresh_opt, fresh, 35, metrics_for(fresh, 25, 35))
    assert_same_runs(before + after[1:], straight)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_state_dict_has_pytorchs_keys(name):
    """The attributes PyTorch saves, but its flag for warning about calls to get_lr()."""
    dicts = [ROUND_TRIP[name](lib.sched, sgd(lib)).state_dict() for lib in (OURS, torch_lib())]
    assert dicts[0].keys() == dicts[1].keys() - {"_get_lr_called_within_step"}
    if name == "SequentialLR":
        for ours, theirs in zip(dicts[0]["_schedulers"], dicts[1]["_schedulers"], strict=True):
            assert ours.keys() == theirs.keys() - {"_get_lr_called_within_step"}


def test_state_dict_is_a_snapshot_and_loading_takes_a_copy():
    opt = sgd(OURS)
    scheduler = lr_scheduler.MultiStepLR(opt, milestones=[2, 4])
    saved = scheduler.state_dict()
    scheduler.step()
    scheduler.base_lrs[0] = 9.0
    assert (saved["last_epoch"], saved["base_lrs"]) == (0, [0.1, 0.03])
    scheduler.load_state_dict(saved)
    saved["milestones"].append(6)
    assert scheduler.milestones == [2, 4] and scheduler.base_lrs == [0.1, 0.03]


class Decay:
    """A callable lr_lambda with state, which LambdaLR's state dict saves."""

    def __init__(self, rate):
        self.rate = rate

    def __call__(self, t):
        return self.rate**t


def test_lambda_lr_saves_a_callable_objects_attributes_but_not_a_plain_function():
    opt = sgd(OURS)
    scheduler = lr_scheduler.LambdaLR(opt, [Decay(0.5), lambda t: 1.0])
    saved = scheduler.state_dict()
    assert saved["lr_lambdas"] == [{"rate": 0.5}, None]
    other = Decay(0.9)
    fresh = lr_scheduler.LambdaLR(sgd(OURS), [other, lambda t: 2.0])
    fresh.load_state_dict(saved)
    assert other.rate == 0.5 and fresh.lr_lambdas[0] is other
    fresh.step()
    assert fresh.get_last_lr() == [0.05, 0.03 * 2.0]


BAD_LOADS = [
    (lambda: lr_scheduler.StepLR(sgd(OURS), 3).state_dict(), KeyError,
     r"CosineAnnealingLR: load_state_dict: missing keys \['T_max', 'eta_min'\], "
     r"unexpected keys \['gamma', 'step_size'\]"),
    (lambda: [("last_epoch", 3)], TypeError,
     r"CosineAnnealingLR: load_state_dict: expected a dict, got list"),
]  # fmt: skip


@pytest.mark.parametrize(("saved", "error", "message"), BAD_LOADS)
def test_load_state_dict_refuses_another_schedulers_state(saved, error, message):
    scheduler = lr_scheduler.CosineAnnealingLR(sgd(OURS), 10)
    with pytest.raises(error, match=message):
        scheduler.load_state_dict(saved())


def test_sequential_load_checks_every_scheduler_before_changing_any():
    opt = sgd(OURS)
    make = ROUND_TRIP["SequentialLR"]
    scheduler = make(lr_scheduler, opt)
    saved = scheduler.state_dict()
    saved["last_epoch"] = 50
    del saved["_schedulers"][1]["T_max"]
    before = scheduler.state_dict()
    with pytest.raises(
        KeyError, match=r"CosineAnnealingLR: load_state_dict: missing keys \['T_max'\]"
    ):
        scheduler.load_state_dict(saved)
    assert scheduler.state_dict() == before


# --- behaviour on its own terms ---------------------------------------------------------------
def lrs_of(scheduler, steps, group=0):
    """Group `group`'s lr after the constructor and after each of `steps` steps."""
    out = [scheduler.get_last_lr()[group]]
    for _ in range(steps):
        scheduler.step()
        out.append(scheduler.get_last_lr()[group])
    return out


def test_step_lr_halves_every_step_size_epochs():
    lrs = lrs_of(lr_scheduler.StepLR(sgd(OURS), step_size=3, gamma=0.5), 9)
    assert lrs == [0.1] * 3 + [0.05] * 3 + [0.025] * 3 + [0.0125]


def test_multi_step_lr_multiplies_at_each_milestone_only():
    lrs = lrs_of(lr_scheduler.MultiStepLR(sgd(OURS), milestones=[2, 5], gamma=0.5), 6)
    assert lrs == [0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]


def test_cosine_reaches_eta_min_at_T_max_and_comes_back_at_twice_T_max():
    lrs = lrs_of(lr_scheduler.CosineAnnealingLR(sgd(OURS), T_max=10, eta_min=0.01), 20)
    assert lrs[0] == 0.1 and lrs[10] == pytest.approx(0.01, abs=1e-15)
    assert lrs[20] == pytest.approx(0.1, rel=1e-12)
    assert all(a > b for a, b in zip(lrs[:10], lrs[1:11], strict=True))  # falling to T_max
    assert lrs[5] == pytest.approx((0.1 + 0.01) / 2, rel=1e-12)  # half way, half way down


def test_linear_warmup_rises_from_start_factor_to_end_factor_then_stays():
    lrs = lrs_of(lr_scheduler.LinearLR(sgd(OURS), start_factor=0.25, total_iters=3), 6)
    np.testing.assert_allclose(lrs, [0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.1], rtol=1e-15)


@pytest.mark.parametrize("name", [n for n in FIXED if n not in ("LambdaLR", "OneCycleLR")])
def test_chainable_steps_follow_the_closed_form_in_the_docstring(name):
    """Alone on an optimizer, the lr each step computes from the last equals the closed form from
    the base lr, but for rounding: ~1e-16 per step, compounding over 100 steps."""
    scheduler = FIXED[name](lr_scheduler, sgd(OURS))
    for _ in range(100):
        scheduler.step()
        np.testing.assert_allclose(
            scheduler.get_last_lr(), scheduler._closed_form_lr(), rtol=1e-13, atol=1e-16
        )


def test_lambda_lr_gives_each_group_its_own_function_of_the_epoch():
    scheduler = lr_scheduler.LambdaLR(sgd(OURS), [lambda t: t + 1, lambda t: 0.5**t])
    for t in range(1, 5):
        scheduler.step()
        assert scheduler.get_last_lr() == [0.1 * (t + 1), 0.03 * 0.5**t]


def test_one_cycle_rises_from_initial_lr_to_max_lr_then_falls_to_min_lr():
    """max_lr per group; momentum moves the other way, from max to base momentum and back."""
    opt = sgd(OURS, momentum=0.9)
    scheduler = lr_scheduler.OneCycleLR(
        opt, max_lr=[1.0, 0.4], total_steps=20, pct_start=0.25, div_factor=10, final_div_factor=100
    )
    lrs, momentums = [scheduler.get_last_lr()], [opt.param_groups[0]["momentum"]]
    for _ in range(19):
        scheduler.step()
        lrs.append(scheduler.get_last_lr())
        momentums.append(opt.param_groups[0]["momentum"])
    assert lrs[0] == pytest.approx([0.1, 0.04]) and lrs[4] == pytest.approx([1.0, 0.4])
    assert lrs[19] == pytest.approx([1e-3, 4e-4])
    assert momentums[0] == 0.95 and momentums[4] == pytest.approx(0.85)
    assert momentums[19] == pytest.approx(0.95)
    assert max(lr for lr, _ in lrs) == lrs[4][0]
    group = opt.param_groups[1]
    assert (group["initial_lr"], group["max_lr"], group["min_lr"]) == (0.04, 0.4, 0.04 / 100)


def test_sequential_warmup_hands_over_to_cosine_at_the_milestone():
    opt = sgd(OURS)
    warmup = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
    cosine = lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=0.0)
    lrs = lrs_of(lr_scheduler.SequentialLR(opt, [warmup, cosine], milestones=[5]), 15)
    np.testing.assert_allclose(lrs[:6], [0.01, 0.028, 0.046, 0.064, 0.082, 0.1], rtol=1e-14)
    assert lrs[15] == pytest.approx(0.0, abs=1e-17) and lrs[10] == pytest.approx(0.05)


def test_the_constructor_writes_initial_lr_once_and_takes_the_first_step():
    opt = sgd(OURS)
    first = lr_scheduler.LinearLR(opt, start_factor=0.5)
    assert [g["initial_lr"] for g in opt.param_groups] == list(LRS)
    assert (first.last_epoch, first.base_lrs, first.get_last_lr()) == (0, list(LRS), [0.05, 0.015])
    second = lr_scheduler.StepLR(opt, step_size=2)  # made later: the base lrs are still the first
    assert second.base_lrs == list(LRS) and [g["lr"] for g in opt.param_groups] == [0.05, 0.015]
    second.get_last_lr().append(1.0)
    assert second.get_last_lr() == [0.05, 0.015]


def test_resuming_with_last_epoch_needs_initial_lr_in_each_group():
    with pytest.raises(
        KeyError, match=r"StepLR: resuming at last_epoch=4 .* param group 0 has none"
    ):
        lr_scheduler.StepLR(sgd(OURS), step_size=2, last_epoch=4)


def test_a_subclass_that_defines_get_lr_is_a_schedule():
    """LRScheduler is the base for your own schedules, as in PyTorch."""

    class Halving(lr_scheduler.LRScheduler):
        def get_lr(self):
            return [base / 2**self.last_epoch for base in self.base_lrs]

    assert lrs_of(Halving(sgd(OURS)), 3, group=1) == [0.03, 0.015, 0.0075, 0.00375]
    with pytest.raises(NotImplementedError, match="LRScheduler does not define get_lr"):
        lr_scheduler.LRScheduler(sgd(OURS))


def test_import_paths():
    import optim.lr_scheduler

    assert optim.lr_scheduler is lr_scheduler and optim.lr_scheduler.StepLR is lr_scheduler.StepLR
    assert lr_scheduler._LRScheduler is lr_scheduler.LRScheduler
    assert issubclass(lr_scheduler.ReduceLROnPlateau, lr_scheduler.LRScheduler)


# --- settings refused by name ----------------------------------------------------------------
S = lr_scheduler


def opt1():
    return sgd(OURS)


BAD_SETTINGS = [
    (lambda: S.StepLR(opt1(), step_size=0), ValueError, r"StepLR: step_size must be >= 1, got 0"),
    (lambda: S.StepLR(opt1(), step_size=2.5),
     TypeError, r"StepLR: step_size must be an int, got float"),
    (lambda: S.StepLR(opt1(), 2, gamma=0), ValueError, r"StepLR: gamma must be > 0, got 0"),
    (lambda: S.StepLR(opt1(), 2, gamma=float("nan")), ValueError, r"gamma must be > 0, got nan"),
    (lambda: S.StepLR(opt1(), 2, gamma="0.1"),
     TypeError, r"StepLR: gamma must be a number, got str"),
    (lambda: S.StepLR(opt1(), 2, last_epoch=-2), ValueError, r"StepLR: last_epoch must be >= -1"),
    (lambda: S.MultiStepLR(opt1(), [5, 3]),
     ValueError, r"MultiStepLR: milestones must be strictly increasing, got \[5, 3\]"),
    (lambda: S.MultiStepLR(opt1(), [2, 2]), ValueError, r"strictly increasing, got \[2, 2\]"),
    (lambda: S.MultiStepLR(opt1(), [0, 3]),
     ValueError, r"MultiStepLR: milestones\[0\] must be >= 1, got 0"),
    (lambda: S.MultiStepLR(opt1(), {3, 5}),
     TypeError, r"MultiStepLR: milestones must be a list of ints, got set"),
    (lambda: S.MultiStepLR(opt1(), [3], gamma=-0.5),
     ValueError, r"MultiStepLR: gamma must be > 0, got -0.5"),
    (lambda: S.ExponentialLR(opt1(), gamma=float("inf")),
     ValueError, r"ExponentialLR: gamma must be > 0, got inf"),
    (lambda: S.CosineAnnealingLR(opt1(), T_max=0),
     ValueError, r"CosineAnnealingLR: T_max must be >= 1, got 0"),
    (lambda: S.CosineAnnealingLR(opt1(), 5, eta_min=-1e-3),
     ValueError, r"eta_min must be >= 0, got -0.001"),
    (lambda: S.LinearLR(opt1(), start_factor=0),
     ValueError, r"LinearLR: start_factor must be in \(0, 1\], got 0"),
    (lambda: S.LinearLR(opt1(), end_factor=1.5),
     ValueError, r"LinearLR: end_factor must be in \[0, 1\], got 1.5"),
    (lambda: S.LinearLR(opt1(), total_iters=0),
     ValueError, r"LinearLR: total_iters must be >= 1, got 0"),
    (lambda: S.LambdaLR(opt1(), [abs]),
     ValueError, r"LambdaLR: lr_lambda has 1 functions, the optimizer has 2 param groups"),
    (lambda: S.LambdaLR(opt1(), 0.5), TypeError, r"LambdaLR: lr_lambda 0 is a float, not callable"),
    (lambda: S.OneCycleLR(opt1(), 1.0),
     ValueError, r"OneCycleLR: give total_steps, or both epochs and steps_per_epoch"),
    (lambda: S.OneCycleLR(opt1(), 1.0, epochs=3),
     ValueError, r"OneCycleLR: give total_steps, or both"),
    (lambda: S.OneCycleLR(opt1(), 1.0, total_steps=0),
     ValueError, r"OneCycleLR: total_steps must be >= 1, got 0"),
    (lambda: S.OneCycleLR(opt1(), 1.0, epochs=2, steps_per_epoch=0),
     ValueError, r"OneCycleLR: steps_per_epoch must be >= 1"),
    (lambda: S.OneCycleLR(opt1(), [1.0], total_steps=9),
     ValueError, r"OneCycleLR: max_lr has 1 values, the optimizer has 2 param groups"),
    (lambda: S.OneCycleLR(opt1(), [1.0, -1.0], total_steps=9),
     ValueError, r"OneCycleLR: max_lr\[1\] must be >= 0, got -1.0"),
    (lambda: S.OneCycleLR(opt1(), 1.0, 9, pct_start=1.5),
     ValueError, r"OneCycleLR: pct_start must be in \[0, 1\], got 1.5"),
    (lambda: S.OneCycleLR(opt1(), 1.0, 10, pct_start=0.1),
     ZeroDivisionError, r"OneCycleLR: pct_start \* total_steps = 0.1 \* 10 = 1 leaves the warm-up"),
    (lambda: S.OneCycleLR(opt1(), 1.0, 9, anneal_strategy="cosine"),
     ValueError, r"OneCycleLR: anneal_strategy must be one of 'cos', 'linear', got 'cosine'"),
    (lambda: S.OneCycleLR(opt1(), 1.0, 9, div_factor=0),
     ValueError, r"OneCycleLR: div_factor must be > 0, got 0"),
    (lambda: S.OneCycleLR(opt1(), 1.0, 9, max_momentum=1.2),
     ValueError, r"OneCycleLR: max_momentum must be in \[0, 1\], got 1.2"),
    (lambda: S.OneCycleLR(optim.Optimizer(groups(OURS), {"lr": 0.1}), 1.0, 9),
     ValueError, r"OneCycleLR: cycle_momentum=True needs an optimizer with momentum or betas; "
                 r"Optimizer has neither"),
    (lambda: S.ReduceLROnPlateau(opt1(), mode="minimum"),
     ValueError, r"ReduceLROnPlateau: mode must be one of 'min', 'max', got 'minimum'"),
    (lambda: S.ReduceLROnPlateau(opt1(), threshold_mode="relative"),
     ValueError, r"threshold_mode must be one of 'rel', 'abs'"),
    (lambda: S.ReduceLROnPlateau(opt1(), factor=1.0),
     ValueError, r"ReduceLROnPlateau: factor must be in \[0, 1\), got 1.0"),
    (lambda: S.ReduceLROnPlateau(opt1(), patience=-1),
     ValueError, r"ReduceLROnPlateau: patience must be >= 0, got -1"),
    (lambda: S.ReduceLROnPlateau(opt1(), cooldown=0.5),
     TypeError, r"ReduceLROnPlateau: cooldown must be an int"),
    (lambda: S.ReduceLROnPlateau(opt1(), min_lr=[0.1]),
     ValueError, r"ReduceLROnPlateau: min_lr has 1 values, the optimizer has 2 param groups"),
    (lambda: S.ReduceLROnPlateau(opt1(), min_lr=[0.1, -1]),
     ValueError, r"min_lr\[1\] must be >= 0, got -1"),
    (lambda: S.ReduceLROnPlateau(opt1(), eps=-1),
     ValueError, r"ReduceLROnPlateau: eps must be >= 0, got -1"),
    (lambda: S.ReduceLROnPlateau(opt1(), threshold=-0.1),
     ValueError, r"ReduceLROnPlateau: threshold must be >= 0"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "error", "message"), BAD_SETTINGS)
def test_bad_settings_raise_pytorchs_exception_naming_the_scheduler_and_setting(
    make, error, message
):
    with pytest.raises(error, match=message):
        make()


def sequential(schedulers=None, milestones=(5,), opt=None):
    opt = opt or opt1()
    parts = schedulers(opt) if schedulers else [S.LinearLR(opt), S.StepLR(opt, 3)]
    return S.SequentialLR(opt, parts, list(milestones))


BAD_SEQUENCES = [
    (lambda: sequential(lambda o: []),
     ValueError, r"SequentialLR: schedulers must be a non-empty list"),
    (lambda: sequential(lambda o: [S.LinearLR(o), "StepLR"]),
     TypeError, r"SequentialLR: schedulers\[1\] is a str"),
    (lambda: sequential(lambda o: [S.LinearLR(o), S.ReduceLROnPlateau(o)]),
     ValueError, r"schedulers\[1\] is a ReduceLROnPlateau, whose step needs a metric"),
    (lambda: sequential(lambda o: [S.LinearLR(o), S.StepLR(opt1(), 3)]),
     ValueError, r"SequentialLR: schedulers\[1\] \(StepLR\) belongs to another optimizer"),
    (lambda: sequential(milestones=(5, 8)),
     ValueError, r"SequentialLR: 2 schedulers need 1 milestones, got 2"),
    (lambda: sequential(lambda o: [S.LinearLR(o), S.StepLR(o, 3), S.StepLR(o, 4)], (8, 5)),
     ValueError, r"SequentialLR: milestones must be strictly increasing"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "error", "message"), BAD_SEQUENCES)
def test_bad_sequences_raise_naming_what_is_wrong(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    ("cls", "settings"),
    [(S.StepLR, {"step_size": 2}), (S.MultiStepLR, {"milestones": [2]}),
     (S.ExponentialLR, {"gamma": 0.9}), (S.CosineAnnealingLR, {"T_max": 5}), (S.LinearLR, {}),
     (S.LambdaLR, {"lr_lambda": abs}), (S.OneCycleLR, {"max_lr": 1.0, "total_steps": 9}),
     (S.ReduceLROnPlateau, {}), (S.SequentialLR, {"schedulers": [], "milestones": []})],
)  # fmt: skip
def test_a_scheduler_given_something_that_is_not_an_optimizer_raises_type_error(cls, settings):
    """A model where the optimizer should be."""
    with pytest.raises(TypeError, match=rf"{cls.__name__}: Linear is not an Optimizer"):
        cls(nn.Linear(2, 2), **settings)


BOTH_REFUSE = {
    "not an optimizer": lambda s, o: s.StepLR([o], 3),
    "LinearLR start_factor=0": lambda s, o: s.LinearLR(o, start_factor=0),
    "LinearLR end_factor=1.5": lambda s, o: s.LinearLR(o, end_factor=1.5),
    "LambdaLR, 3 lambdas for 2 groups": lambda s, o: s.LambdaLR(o, [abs] * 3),
    "OneCycleLR without total_steps": lambda s, o: s.OneCycleLR(o, 1.0, epochs=3),
    "OneCycleLR total_steps=0": lambda s, o: s.OneCycleLR(o, 1.0, 0),
    "OneCycleLR pct_start=1.5": lambda s, o: s.OneCycleLR(o, 1.0, 9, pct_start=1.5),
    "OneCycleLR a warm-up of no length": lambda s, o: s.OneCycleLR(o, 1.0, 10, pct_start=0.1),
    "OneCycleLR anneal_strategy": lambda s, o: s.OneCycleLR(o, 1.0, 9, anneal_strategy="exp"),
    "OneCycleLR 3 max_lrs": lambda s, o: s.OneCycleLR(o, [1.0] * 3, 9),
    "ReduceLROnPlateau factor=1": lambda s, o: s.ReduceLROnPlateau(o, factor=1.0),
    "ReduceLROnPlateau mode": lambda s, o: s.ReduceLROnPlateau(o, mode="lowest"),
    "ReduceLROnPlateau threshold_mode": lambda s, o: s.ReduceLROnPlateau(o, threshold_mode="x"),
    "ReduceLROnPlateau 3 min_lrs": lambda s, o: s.ReduceLROnPlateau(o, min_lr=[0.0] * 3),
    "SequentialLR, no scheduler": lambda s, o: s.SequentialLR(o, [], []),
    "SequentialLR, a milestone too many": lambda s, o: s.SequentialLR(o, [s.StepLR(o, 2)], [3]),
}


@pytest.mark.parametrize("case", BOTH_REFUSE)
def test_where_pytorch_refuses_a_setting_too_it_raises_the_same_exception_type(case):
    raised = []
    for lib in (OURS, torch_lib()):
        with pytest.raises(Exception) as caught:
            BOTH_REFUSE[case](lib.sched, sgd(lib))
        raised.append(caught.type)
    assert raised[0] is raised[1]
