"""L-BFGS: quasi-Newton steps from the last few changes in parameters and gradients, driven by a
closure that re-evaluates the loss."""

from __future__ import annotations

import numbers
from collections.abc import Callable
from operator import itemgetter
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, from_numpy, no_grad

from .line_search import Point, strong_wolfe
from .optimizer import Optimizer, ParamGroup, ParamsT

_settings = itemgetter(
    "lr",
    "max_iter",
    "max_eval",
    "tolerance_grad",
    "tolerance_change",
    "history_size",
    "line_search_fn",
)
# what one step leaves for the next, in state (as PyTorch names it)
_MEMORY = ("d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad", "prev_loss")


class LBFGS(Optimizer):
    """L-BFGS, as `torch.optim.LBFGS`, on x, every parameter flattened into one vector, with g the
    gradient there. `step(closure)` runs up to max_iter iterations of

        d <- -g at the very first iteration, else -H g by the two-loop recursion:
             q <- -g;  for i from newest to oldest:  a_i <- rho_i s_i.q;  q <- q - a_i y_i
             r <- h q; for i from oldest to newest:  b_i <- rho_i y_i.r;  r <- r + (a_i - b_i) s_i
             d <- r
        x <- x + t d

    where s_i = t d and y_i = (change in g) of past iterations (the last history_size pairs whose
    y_i.s_i > 1e-10), rho_i = 1 / y_i.s_i, h = y.s / y.y of the newest pair (1 before any), and
    t = lr (min(1, 1 / sum|g|) lr at the very first iteration), or the t a strong-Wolfe line
    search finds from there if line_search_fn='strong_wolfe'. A step ends early when
    max|g| <= tolerance_grad, g.d > -tolerance_change, max|t d| <= tolerance_change, the loss
    changes by less than tolerance_change, or max_eval evaluations are spent; it returns the
    closure's first loss.

    One param group only, as PyTorch. The state sits on the first parameter, in PyTorch's keys:
    "func_evals", "n_iter", "d", "t", "old_dirs" (the y_i), "old_stps" (the s_i), "ro", "al",
    "H_diag", "prev_flat_grad", "prev_loss"; vectors as Tensors, numbers as Python or numpy
    scalars (numpy's keep the parameters' precision, as PyTorch's 0-d tensors do). A NaN
    gradient spreads into the parameters, as in PyTorch: `autograd.detect_anomaly()` names the op
    that made it, and `nn.utils.clip_grad_norm_(params, max_norm, error_if_nonfinite=True)` in
    the closure stops it.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        if max_eval is None and _is_count(max_iter):
            max_eval = max_iter * 5 // 4
        defaults = {
            "lr": lr,
            "max_iter": max_iter,
            "max_eval": max_eval,
            "tolerance_grad": tolerance_grad,
            "tolerance_change": tolerance_change,
            "history_size": history_size,
            "line_search_fn": line_search_fn,
        }
        super().__init__(params, defaults)

    def _check_settings(self, settings: dict[str, Any], where: str) -> None:
        """lr and the tolerances >= 0; max_iter, max_eval and history_size whole numbers >= 1;
        line_search_fn None or 'strong_wolfe' (a RuntimeError, PyTorch's type for it)."""
        super()._check_settings(settings, where)
        for key in ("max_iter", "max_eval", "history_size"):
            value = settings[key]
            if not _is_count(value):
                raise TypeError(
                    f"{where}: {key} must be an int, got {type(value).__name__} {value!r}"
                )
            if value < 1:
                raise ValueError(f"{where}: {key} must be >= 1, got {value!r}")
        for key in ("tolerance_grad", "tolerance_change"):
            self._check_non_negative(settings, key, where)
        if settings["line_search_fn"] not in (None, "strong_wolfe"):
            raise RuntimeError(
                f"{where}: line_search_fn must be None or 'strong_wolfe', got "
                f"{settings['line_search_fn']!r}"
            )

    def add_param_group(self, param_group: ParamGroup) -> None:
        """The one param group; a second raises ValueError, as PyTorch's LBFGS refuses it."""
        if self.param_groups:
            raise ValueError(
                f"{self._name}: param group {len(self.param_groups)}: LBFGS takes one param "
                "group (it has no per-parameter options)"
            )
        super().add_param_group(param_group)

    # --- the flat vector x of all parameters ------------------------------------------------
    @property
    def _flat_params(self) -> list[Tensor]:
        return self.param_groups[0]["params"]

    def _flat_grad(self) -> np.ndarray:
        """Every parameter's gradient flattened into one vector (zeros where there is none)."""
        self._params_and_grads(self.param_groups[0], 0)  # raises if one does not fit
        return np.concatenate(
            [np.zeros(p.data.size, p.dtype) if p.grad is None else p.grad.data.ravel()
             for p in self._flat_params]
        )  # fmt: skip

    def _move(self, t: float, d: np.ndarray) -> None:
        """x <- x + t d, in place on each parameter."""
        offset = 0
        for p in self._flat_params:
            p += t * d[offset : offset + p.data.size].reshape(p.shape)
            offset += p.data.size

    def _evaluate(self, closure: Callable[[], Any]) -> tuple[float, np.ndarray]:
        """The loss and the flat gradient at the current parameters."""
        return float(closure()), self._flat_grad()

    # --- the step ----------------------------------------------------------------------------
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Up to max_iter L-BFGS iterations; `closure` clears the gradients, computes the loss,
        calls backward and returns the loss. Returns the loss it first returned."""
        if closure is None:
            raise TypeError(
                f"{self._name}: step needs a closure that clears the gradients, computes the "
                "loss, calls backward and returns the loss (it is evaluated several times)"
            )
        closure = enable_grad()(closure)
        with no_grad():
            return self._iterate(closure)

    def _iterate(self, closure: Callable[[], Any]) -> Any:
        """The iterations of one step, their memory read from and written back to state."""
        lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, _ = _settings(
            self.param_groups[0]
        )
        state = self.state[self._flat_params[0]]  # as PyTorch: all of it on the first parameter
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        first_loss = closure()
        loss, flat_grad = float(first_loss), self._flat_grad()
        evals = 1
        state["func_evals"] += 1
        if np.abs(flat_grad).max() <= tolerance_grad:
            return first_loss
        memory = {key: _arrays(state.get(key)) for key in _MEMORY}
        for n_iter in range(1, max_iter + 1):
            state["n_iter"] += 1
            d = self._direction(state, memory, flat_grad, history_size)
            t = lr if state["n_iter"] > 1 else min(1.0, 1.0 / np.abs(flat_grad).sum()) * lr
            memory.update(d=d, t=t, prev_flat_grad=flat_grad, prev_loss=loss)
            gtd = flat_grad @ d
            if gtd > -tolerance_change:
                break
            loss, flat_grad, used = self._advance(
                closure, memory, gtd, last=n_iter == max_iter, max_ls=max_eval - evals
            )
            evals += used
            state["func_evals"] += used
            if (
                n_iter == max_iter
                or evals >= max_eval
                or np.abs(flat_grad).max() <= tolerance_grad
                or np.abs(d * memory["t"]).max() <= tolerance_change
                or abs(loss - memory["prev_loss"]) < tolerance_change
            ):
                break
        state.update({key: _tensors(value) for key, value in memory.items()})
        return first_loss

    def _direction(
        self, state: dict[str, Any], memory: dict[str, Any], flat_grad: np.ndarray, size: int
    ) -> np.ndarray:
        """-g at the very first iteration; else, with the last step remembered, -H g by the
        two-loop recursion."""
        if state["n_iter"] == 1:
            memory.update(old_dirs=[], old_stps=[], ro=[], H_diag=1)
            return -flat_grad
        y, s = flat_grad - memory["prev_flat_grad"], memory["d"] * memory["t"]
        _remember(memory, y, s, size)
        return _two_loop(flat_grad, memory, state.setdefault("al", [None] * size))

    def _advance(
        self,
        closure: Callable[[], Any],
        memory: dict[str, Any],
        gtd: float,
        last: bool,
        max_ls: int,
    ) -> tuple[float, np.ndarray, int]:
        """x <- x + t d (t from the line search, if there is one); returns the loss and gradient
        there (the last ones, after a last iteration without line search: as PyTorch, it does
        not evaluate then) and the evaluations spent."""
        d, t, loss, flat_grad = (memory[k] for k in ("d", "t", "prev_loss", "prev_flat_grad"))
        if self.param_groups[0]["line_search_fn"] is None:
            self._move(t, d)
            return (loss, flat_grad, 0) if last else (*self._evaluate(closure), 1)
        start = Point(0, loss, flat_grad, gtd)
        # (as PyTorch, the search keeps its own tolerance_change: the group's is not passed on)
        best, used = strong_wolfe(self._along(closure, d), d, start, t, max_ls=max_ls)
        memory["t"] = best.t
        self._move(best.t, d)
        return best.f, best.g, used

    def _along(
        self, closure: Callable[[], Any], d: np.ndarray
    ) -> Callable[[float], tuple[float, np.ndarray]]:
        """evaluate(t): the loss and gradient at x + t d, leaving x as it is now."""
        x = [p.data.copy() for p in self._flat_params]

        def evaluate(t: float) -> tuple[float, np.ndarray]:
            self._move(t, d)
            found = self._evaluate(closure)
            for p, value in zip(self._flat_params, x, strict=True):
                p.copy_(value)
            return found

        return evaluate


def _remember(memory: dict[str, Any], y: np.ndarray, s: np.ndarray, size: int) -> None:
    """Keep the pair (y, s) of the last step, the oldest dropped beyond `size`, and h = y.s / y.y,
    if y.s > 1e-10 (otherwise the approximation would stop being positive definite)."""
    ys = y @ s
    if ys > 1e-10:
        if len(memory["old_dirs"]) == size:
            for key in ("old_dirs", "old_stps", "ro"):
                memory[key].pop(0)
        memory["old_dirs"].append(y)
        memory["old_stps"].append(s)
        memory["ro"].append(1.0 / ys)
        memory["H_diag"] = ys / (y @ y)


def _two_loop(flat_grad: np.ndarray, memory: dict[str, Any], al: list[Any]) -> np.ndarray:
    """-H g from the remembered pairs, as the class docstring writes it; the a_i go into `al`."""
    old_dirs, old_stps, ro = memory["old_dirs"], memory["old_stps"], memory["ro"]
    q = -flat_grad
    for i in reversed(range(len(old_dirs))):
        al[i] = (old_stps[i] @ q) * ro[i]
        q -= al[i] * old_dirs[i]
    r = q * memory["H_diag"]
    for i in range(len(old_dirs)):
        be_i = (old_dirs[i] @ r) * ro[i]
        r += (al[i] - be_i) * old_stps[i]
    return r


def _is_count(value: Any) -> bool:
    """Whether value is an integer (not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _arrays(value: Any) -> Any:
    """A state value with its Tensors (also in lists) as their arrays."""
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, list):
        return [_arrays(v) for v in value]
    return value


def _tensors(value: Any) -> Any:
    """A state value with its arrays (also in lists) as Tensors sharing them."""
    if isinstance(value, np.ndarray):
        return from_numpy(value)
    if isinstance(value, list):
        return [_tensors(v) for v in value]
    return value
