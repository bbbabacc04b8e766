"""optim without PyTorch: each optimizer, with stated settings, reaches the minimum of Rosenbrock's
valley, Beale's function and a badly conditioned quadratic within a stated number of steps."""

import numpy as np
import pytest

import autograd as ag
import optim


def rosenbrock(p):
    """(1 - x)^2 + 100 (y - x^2)^2: a long curved valley, lowest (0) at (1, 1)."""
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def beale(p):
    """Beale's function: flat plateaus and steep walls, lowest (0) at (3, 0.5)."""
    x, y = p[0], p[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


CURVATURES = ag.tensor(np.logspace(0, 3, 6))  # condition number 1000


def quadratic(p):
    """sum c_i x_i^2 / 2 with curvatures c from 1 to 1000: lowest (0) at the origin."""
    return 0.5 * (CURVATURES * p * p).sum()


# name: (function, start, minimum)
PROBLEMS = {
    "rosenbrock": (rosenbrock, [-1.5, 2.0], [1.0, 1.0]),
    "beale": (beale, [1.0, 1.0], [3.0, 0.5]),
    "quadratic": (quadratic, [1.0, -0.5, 2.0, -1.5, 0.7, -1.2], [0.0] * 6),
}
# (optimizer, settings, the most steps allowed on each problem); LBFGS's steps each run up to
# max_iter = 20 iterations
RUNS = [
    ("SGD", {"lr": 1e-3, "momentum": 0.9}, {"rosenbrock": 2500, "beale": 2500, "quadratic": 1000}),
    ("Adagrad", {"lr": 0.5, "initial_accumulator_value": 0.1},
     {"rosenbrock": 16000, "beale": 600, "quadratic": 100}),
    ("RMSprop", {"lr": 1e-3, "momentum": 0.9, "centered": True},
     {"rosenbrock": 1500, "beale": 1000, "quadratic": 500}),
    ("Adam", {"lr": 0.02}, {"rosenbrock": 3000, "beale": 1500, "quadratic": 500}),
    ("AdamW", {"lr": 0.05, "weight_decay": 1e-4},
     {"rosenbrock": 2500, "beale": 1000, "quadratic": 300}),
    ("LBFGS", {}, {"rosenbrock": 10, "beale": 5, "quadratic": 5}),
    ("LBFGS", {"line_search_fn": "strong_wolfe"}, {"rosenbrock": 5, "beale": 5, "quadratic": 5}),
]  # fmt: skip
CASES = [(name, settings, problem, budget) for name, settings, budgets in RUNS
         for problem, budget in budgets.items()]  # fmt: skip
TOLERANCE = 1e-3  # in every coordinate


def steps_to_minimum(name, settings, problem, budget):
    """The steps taken until every coordinate is within TOLERANCE of the minimum (None if the
    budget runs out), and where the parameters ended."""
    f, start, minimum = PROBLEMS[problem]
    p = ag.tensor(np.array(start), requires_grad=True)  # float64
    opt = getattr(optim, name)([p], **settings)

    def closure():
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        return loss

    for step in range(1, budget + 1):
        opt.step(closure)
        if np.abs(p.data - minimum).max() < TOLERANCE:
            return step, p.data
    return None, p.data


@pytest.mark.parametrize(
    ("name", "settings", "problem", "budget"),
    CASES,
    ids=[f"{n}{'-' + str(s) if s else ''}-{p}" for n, s, p, _ in CASES],
)
def test_optimizer_reaches_the_minimum_within_its_budget(name, settings, problem, budget):
    steps, end = steps_to_minimum(name, settings, problem, budget)
    assert steps is not None, f"{name} ended at {end} after {budget} steps"
