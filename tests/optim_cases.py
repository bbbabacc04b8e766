"""What the optimizer tests share: a small parameter set and loss both libraries can train, and
training it step by step."""

import numpy as np

_rng = np.random.default_rng(7)
# "unused" takes no part in the loss: its .grad stays None and every update must skip it
INIT = {
    "unused": _rng.standard_normal(2),
    "w": _rng.standard_normal((3, 4)),
    "b": _rng.standard_normal(4),
    "v": _rng.standard_normal(4),
}
X = _rng.standard_normal((5, 3))
ALL = tuple(INIT)
# torch.optim settings glassgrad has no use for: kernel choices (foreach, fused, capturable) and
# differentiable steps.
TORCH_ONLY = {"foreach", "differentiable", "fused", "capturable"}


def loss_of(params, x):
    """A small nonlinear loss, in methods glassgrad and PyTorch share. It is bounded (sin), so
    descent and ascent (maximize) both settle instead of running off and amplifying rounding."""
    hidden = (x @ params["w"] + params["b"]).tanh()
    return (hidden @ params["v"]).sin().sum()


def fresh_params(tensor):
    """The starting parameters as leaves of one library (`ag.tensor` or `torch.tensor`)."""
    return {name: tensor(value.copy(), requires_grad=True) for name, value in INIT.items()}


def make_groups(params, groups):
    """PyTorch's list-of-dicts form from [(names, settings), ...]."""
    return [{"params": [params[n] for n in names], **settings} for names, settings in groups]


def snapshot(params):
    """The parameters' values as numpy arrays."""
    return {n: np.array(p.detach().numpy()) for n, p in params.items()}


def train(params, opt, x, steps):
    """`steps` ordinary steps; returns the parameters' values after each."""
    path = []
    for _ in range(steps):
        opt.zero_grad()
        loss_of(params, x).backward()
        opt.step()
        path.append(snapshot(params))
    return path


def trajectory(tensor, make_opt, groups, settings, steps=20):
    """The parameters after each of `steps` steps of the optimizer `make_opt`, in one library."""
    params = fresh_params(tensor)
    return train(params, make_opt(make_groups(params, groups), **settings), tensor(X), steps)


def assert_same_path(ours, theirs, rtol, atol):
    """Every parameter after every step agrees; and the run did move."""
    for step, (mine, ref) in enumerate(zip(ours, theirs, strict=True)):
        for name in INIT:
            np.testing.assert_allclose(
                mine[name], ref[name], rtol=rtol, atol=atol, err_msg=f"{name} at step {step}"
            )
    assert not np.array_equal(ours[-1]["w"], INIT["w"])


def torch_settings(groups):
    """PyTorch's param_groups (from its state_dict) without the settings glassgrad lacks."""
    return [{k: v for k, v in g.items() if k not in TORCH_ONLY} for g in groups]


def torch_repr(text):
    """PyTorch's repr of an optimizer without the lines of settings glassgrad has no use for."""
    return "\n".join(
        line for line in text.split("\n") if line.strip().split(":")[0] not in TORCH_ONLY
    )
