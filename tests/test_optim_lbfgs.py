"""optim.LBFGS against PyTorch (with and without the strong-Wolfe line search), exact resume, its
state in PyTorch's format, what it refuses; the line search on its own."""

import numpy as np
import pytest
from optim_cases import INIT, X, assert_same_path, fresh_params, loss_of, snapshot

import autograd as ag
import optim
from optim.line_search import Point, cubic_minimum, strong_wolfe


def closure_for(params, opt, x):
    """The closure LBFGS needs: clear the gradients, compute the loss, backward, return it."""

    def closure():
        opt.zero_grad()
        loss = loss_of(params, x)
        loss.backward()
        return loss

    return closure


def run(params, opt, x, steps):
    """`steps` steps of `opt`; the parameters after each, and the loss each step returned."""
    closure, path, losses = closure_for(params, opt, x), [], []
    for _ in range(steps):
        losses.append(opt.step(closure).item())
        path.append(snapshot(params))
    return path, losses


def lbfgs_run(lib, tensor, settings, steps):
    """The path, losses and optimizer of `steps` LBFGS steps from the shared starting point."""
    params = fresh_params(tensor)
    opt = lib.LBFGS(params.values(), **settings)
    return (*run(params, opt, tensor(X), steps), opt)


CASES = {
    "defaults": {},
    "strong_wolfe": {"line_search_fn": "strong_wolfe"},
    "short history, few iterations": {"max_iter": 3, "history_size": 2},
    "strong_wolfe, lr, short history": {
        "line_search_fn": "strong_wolfe", "lr": 0.5, "max_iter": 4, "history_size": 3
    },
    "strong_wolfe, few evaluations": {"line_search_fn": "strong_wolfe", "max_eval": 6},
    "strong_wolfe from too long a step (zoom)": {"line_search_fn": "strong_wolfe", "lr": 30},
    "strong_wolfe from too short a step (extrapolation)": {
        "line_search_fn": "strong_wolfe", "lr": 1e-3, "max_iter": 2
    },
    "small lr, tolerances": {"lr": 0.1, "tolerance_grad": 1e-5, "tolerance_change": 1e-6},
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_lbfgs_follows_pytorch_for_50_steps_in_float64(case):
    """Same parameters after every step, same losses returned, and the same numbers of iterations
    and closure evaluations: every branch (history kept or dropped, line search bracket and zoom,
    each stopping test) went the same way. As for the other rules, the engines differ by
    rounding only (below 1e-12 here), where a wrong branch moves parameters by more than 1e-4."""
    torch = pytest.importorskip("torch")
    ours, our_losses, opt = lbfgs_run(optim, ag.tensor, CASES[case], 50)
    theirs, their_losses, ref = lbfgs_run(torch.optim, torch.tensor, CASES[case], 50)
    assert_same_path(ours, theirs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(our_losses, their_losses, rtol=1e-10, atol=1e-12)
    mine, theirs = opt.state_dict()["state"][0], ref.state_dict()["state"][0]
    assert (mine["n_iter"], mine["func_evals"]) == (theirs["n_iter"], theirs["func_evals"])


def as_numbers(value):
    """A state value as plain numbers: tensors of either library as arrays, lists element-wise."""
    if isinstance(value, list):
        return [as_numbers(v) for v in value]
    if value is None or isinstance(value, int | float):
        return value
    return np.asarray(value.detach().numpy() if hasattr(value, "detach") else value.data)


def test_state_dict_has_pytorchs_keys_and_values():
    """All of LBFGS's state sits on the first parameter, under PyTorch's keys, with its values."""
    torch = pytest.importorskip("torch")
    settings = CASES["strong_wolfe, lr, short history"]
    ours = lbfgs_run(optim, ag.tensor, settings, 3)[2].state_dict()
    theirs = lbfgs_run(torch.optim, torch.tensor, settings, 3)[2].state_dict()
    assert ours["param_groups"] == theirs["param_groups"]
    assert ours["state"].keys() == theirs["state"].keys() == {0}
    mine, ref = ours["state"][0], theirs["state"][0]
    assert mine.keys() == ref.keys()
    for key in mine:
        a, b = as_numbers(mine[key]), as_numbers(ref[key])
        if isinstance(a, list):
            assert len(a) == len(b) and [x is None for x in a] == [x is None for x in b], key
            a, b = [x for x in a if x is not None], [x for x in b if x is not None]
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12, err_msg=key)


def test_repr_is_pytorchs():
    torch = pytest.importorskip("torch")
    ours = repr(optim.LBFGS(fresh_params(ag.tensor).values(), line_search_fn="strong_wolfe"))
    assert ours == repr(
        torch.optim.LBFGS(fresh_params(torch.tensor).values(), line_search_fn="strong_wolfe")
    )
    assert "    max_eval: 25\n" in ours  # max_iter * 5 // 4 when not given


@pytest.mark.parametrize(
    "case", ["short history, few iterations", "strong_wolfe, lr, short history"]
)
def test_resuming_from_a_state_dict_is_exact(case):
    """6 steps equal 2 steps, state_dict, a fresh LBFGS and parameters loading it, and 4 more:
    bit for bit (the history, the last direction and step, the counters all carry over)."""
    x = ag.tensor(X)
    expected, _, _ = lbfgs_run(optim, ag.tensor, CASES[case], 6)
    first = fresh_params(ag.tensor)
    opt = optim.LBFGS(first.values(), **CASES[case])
    run(first, opt, x, 2)
    second = {n: ag.tensor(p.data.copy(), requires_grad=True) for n, p in first.items()}
    resumed = optim.LBFGS(second.values())  # the settings come from the state dict
    resumed.load_state_dict(opt.state_dict())
    got = run(second, resumed, x, 4)[0]
    for n in INIT:
        np.testing.assert_array_equal(got[-1][n], expected[-1][n], err_msg=n)


def test_step_runs_the_closure_with_grad_enabled_and_returns_its_first_loss():
    """Even inside no_grad; the parameters move in place (the same arrays)."""
    p = ag.tensor([3.0, -1.0], dtype=np.float64, requires_grad=True)
    data = p.data
    opt = optim.LBFGS([p], line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ((p - ag.tensor([1.0, 2.0], dtype=np.float64)) ** 2).sum()
        loss.backward()
        return loss

    with ag.no_grad():
        assert opt.step(closure).item() == 13.0
    assert p.data is data
    np.testing.assert_allclose(p.data, [1.0, 2.0], atol=1e-12)


def _p():
    return ag.ones(2, requires_grad=True)


# (settings, exception, message, whether PyTorch raises the same exception at construction)
BAD = [
    ({"lr": -1}, ValueError, r"LBFGS: lr must be >= 0, got -1", True),
    # a RuntimeError, PyTorch's type for it; PyTorch raises it at the first step
    (
        {"line_search_fn": "armijo"},
        RuntimeError,
        r"LBFGS: line_search_fn must be None or 'strong_wolfe', got 'armijo'",
        False,
    ),
    # stricter than PyTorch, which takes these and fails or loops oddly later
    ({"history_size": 0}, ValueError, r"LBFGS: history_size must be >= 1, got 0", False),
    ({"max_iter": 2.5}, TypeError, r"LBFGS: max_iter must be an int, got float 2.5", False),
    ({"max_eval": 0}, ValueError, r"LBFGS: max_eval must be >= 1, got 0", False),
    ({"tolerance_grad": -1}, ValueError, r"LBFGS: tolerance_grad must be >= 0, got -1", False),
]


@pytest.mark.parametrize(("settings", "error", "message", "_"), BAD)
def test_bad_settings_raise_at_construction(settings, error, message, _):
    with pytest.raises(error, match=message):
        optim.LBFGS([_p()], **settings)


@pytest.mark.parametrize(("settings", "error"), [(s, e) for s, e, _, same in BAD if same])
def test_pytorch_refuses_the_same_with_the_same_exception(settings, error):
    torch = pytest.importorskip("torch")
    with pytest.raises(error):
        torch.optim.LBFGS([torch.ones(2, requires_grad=True)], **settings)


def test_two_param_groups_are_refused_as_pytorch_refuses_them():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match="LBFGS: param group 1: LBFGS takes one param group"):
        optim.LBFGS([{"params": [_p()]}, {"params": [_p()], "lr": 0.1}])
    with pytest.raises(ValueError):
        torch.optim.LBFGS([{"params": [torch.ones(1, requires_grad=True)]} for _ in range(2)])


def test_pytorch_raises_a_runtime_error_for_an_unknown_line_search_at_its_step():
    """Why glassgrad's (earlier) error for it is a RuntimeError."""
    torch = pytest.importorskip("torch")
    p = torch.ones(2, requires_grad=True)
    opt = torch.optim.LBFGS([p], line_search_fn="armijo")
    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        opt.step(lambda: (p * p).sum().backward() or (p * p).sum())


def test_a_second_group_and_a_step_without_closure_are_refused():
    opt = optim.LBFGS([_p()])
    with pytest.raises(ValueError, match="LBFGS: param group 1: LBFGS takes one param group"):
        opt.add_param_group({"params": [_p()]})
    with pytest.raises(TypeError, match="LBFGS: step needs a closure that clears the gradients"):
        opt.step()
    assert len(opt.param_groups) == 1 and not opt.state


def nan_run(lib, tensor):
    """The parameter after a step on a loss whose gradient has a NaN in its first element."""
    p = tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
    scale = tensor(np.array([np.nan, 1.0, 2.0]))
    opt = lib.LBFGS([p], max_iter=3)

    def closure():
        opt.zero_grad()
        loss = (p * p * scale).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return np.array(p.detach().numpy())


def test_a_nan_gradient_spreads_into_the_parameters_as_in_pytorch():
    """That element of the direction is NaN, so the step moves its parameter to NaN; the others
    move as PyTorch moves them."""
    torch = pytest.importorskip("torch")
    ours = nan_run(optim, ag.tensor)
    np.testing.assert_allclose(ours, nan_run(torch.optim, torch.tensor), rtol=1e-12)
    assert np.isnan(ours[0])


# --- the line search alone, on phi(t) = (t - 2)^2 along d = 1 from x = 0 -------------------------
def parabola(t):
    return (t - 2.0) ** 2, np.array([2.0 * (t - 2.0)])


START = Point(0.0, 4.0, np.array([-4.0]), -4.0)


def test_cubic_minimum_is_exact_on_a_parabola_and_clamped_to_its_bounds():
    a, b = START, Point(5.0, 9.0, np.array([6.0]), 6.0)
    assert cubic_minimum(a, b) == 2.0
    assert cubic_minimum(b, a) == 2.0
    assert cubic_minimum(a, b, bounds=(2.5, 4.0)) == 2.5


def test_cubic_minimum_without_a_minimum_is_the_middle_of_the_bounds():
    a, b = Point(0.0, 0.0, None, 3.0), Point(1.0, 2.0, None, 3.0)  # d1^2 < slope product
    assert cubic_minimum(a, b) == 0.5


@pytest.mark.parametrize(("t", "phase"), [(1.0, "extrapolates"), (5.0, "zooms")])
def test_strong_wolfe_finds_the_minimum_of_a_parabola_in_two_evaluations(t, phase):
    """From a step too short it extrapolates, from one too long it zooms in; the cubic through
    two points of a parabola has the parabola's minimum, so the second evaluation lands on it."""
    point, evals = strong_wolfe(parabola, np.array([1.0]), START, t, c2=0.1)
    assert (point.t, point.f, evals) == (2.0, 0.0, 2)


def test_strong_wolfe_accepts_a_first_step_that_meets_the_conditions():
    point, evals = strong_wolfe(parabola, np.array([1.0]), START, 1.0)  # c2 = 0.9: |-2| <= 3.6
    assert (point.t, point.f, evals) == (1.0, 1.0, 1)


def rosenbrock_along(x0):
    """evaluate(t) and d for the line from x0 down Rosenbrock's gradient there."""

    def value_and_grad(x):
        value = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
        grad = np.array(
            [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)]
        )
        return value, grad

    d = -value_and_grad(x0)[1]
    return (lambda t: value_and_grad(x0 + t * d)), d


def wiggly_along(x0):
    """evaluate(t) and d for sin(3x) + x^2 / 10 on a line from x0, downhill (many local minima)."""
    d = np.array([-np.sign(3 * np.cos(3 * x0) + x0 / 5)])

    def evaluate(t):
        x = x0 + t * d[0]
        return float(np.sin(3 * x) + x * x / 10), np.array([3 * np.cos(3 * x) + x / 5])

    return evaluate, d


def bumpy_along(x0):
    """evaluate(t) and d for x^2 / 20 - x (lowest at 10) from x0, with a narrow bump at 0.95 to
    pass over."""

    def evaluate(t):
        x = x0 + t
        bump = 1.5 * np.exp(-((x - 0.95) ** 2) / 0.005)
        return float(bump + x * x / 20 - x), np.array([x / 10 - 1 - bump * (x - 0.95) / 0.0025])

    return evaluate, np.array([1.0])


def kink_along(x0):
    """evaluate(t) and d for |x - 1| from x0: no point meets the slope condition, so the zoom
    runs until the bracket is too small."""
    return (lambda t: (abs(x0 + t - 1.0), np.array([np.sign(x0 + t - 1.0)]))), np.array([1.0])


SEARCHES = [
    (along, x0, t, c2, max_ls)
    for along, x0 in [
        (rosenbrock_along, np.array([-1.2, 1.0])), (rosenbrock_along, np.array([0.5, 0.9])),
        (wiggly_along, 0.3), (wiggly_along, -2.0), (bumpy_along, 0.0), (kink_along, 0.0),
    ]
    for t in [1e-4, 1e-2, 0.1, 1.0, 10.0]
    for c2 in [0.9, 0.01]
    for max_ls in [3, 25]
]  # fmt: skip


@pytest.mark.parametrize(("along", "x0", "t", "c2", "max_ls"), SEARCHES)
def test_strong_wolfe_matches_pytorchs_on_hard_lines(along, x0, t, c2, max_ls):
    """On Rosenbrock's valley, functions with many local minima, a bump or a kink, from steps
    far too short to far too long, with loose and strict slope conditions and few or many
    evaluations allowed: the same point after the same number of evaluations as PyTorch's own
    line search, fed the same numbers (this reaches every branch of bracketing and zooming).

    The evaluations must agree exactly: a wrong branch changes them. The points agree to
    rounding amplified by the cubic's difference quotient (f1 - f2) / (t1 - t2) of nearby
    points: PyTorch computes a Python number divided by a 0-d tensor as its reciprocal times the
    number (one more rounding), which that cancellation turns into ~1e-11 relative; a wrong
    formula moves the point by far more than the 1e-8 allowed."""
    torch = pytest.importorskip("torch")
    from torch.optim.lbfgs import _strong_wolfe

    evaluate, d = along(x0)
    f, g = evaluate(0.0)
    point, evals = strong_wolfe(evaluate, d, Point(0, f, g, g @ d), t, c2=c2, max_ls=max_ls)

    def obj_func(x, step, direction):
        value, grad = evaluate(float(step))
        return value, torch.from_numpy(grad)

    td = torch.from_numpy(d)
    tg = torch.from_numpy(g)
    ref = _strong_wolfe(obj_func, None, t, td, f, tg, tg.dot(td), c2=c2, max_ls=max_ls)
    assert evals == ref[3]
    np.testing.assert_allclose([point.t, point.f], [float(ref[2]), float(ref[0])], rtol=1e-8)
    assert point.g @ d == point.gtd and evaluate(point.t)[0] == point.f  # all from one evaluation
