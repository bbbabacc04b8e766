"""`fit`: the training loop a PyTorch user writes by hand (zero_grad, forward, loss, backward,
clip, step; validation under no_grad in eval mode), written once for notebooks and the demo, and
`History`, what it recorded. Not a framework: read it, copy it, change it."""

from __future__ import annotations

import copy
import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from autograd import Tensor, no_grad

from .module import Module
from .utils import clip_grad_norm_


@dataclass
class History:
    """Per optimizer step: `loss`; per epoch (`epochs`, a list of dicts): train_loss, lr, and
    where measured train_acc, val_loss, val_acc; `best_epoch` when early stopping chose one."""

    loss: list[float] = field(default_factory=list)
    epochs: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int | None = None

    def __getitem__(self, key: str) -> list[float]:
        """One per-epoch measure, epoch by epoch (`history['val_loss']`)."""
        return [e[key] for e in self.epochs if key in e]

    def plot(self, ax: Any = None) -> Any:
        """Loss curves on matplotlib axes (new ones if None): every step's training loss, and
        each epoch's mean training and validation loss; returns the axes."""
        import matplotlib.pyplot as plt  # only when plotting

        ax = ax if ax is not None else plt.subplots(figsize=(6, 3.5))[1]
        steps = np.arange(1, len(self.loss) + 1)
        ax.plot(steps, self.loss, lw=0.8, alpha=0.4, label="train loss (step)")
        per_epoch = len(self.loss) / max(len(self.epochs), 1)
        ends = per_epoch * np.arange(1, len(self.epochs) + 1)
        ax.plot(ends, self["train_loss"], "o-", label="train loss (epoch)")
        if self["val_loss"]:
            ax.plot(ends, self["val_loss"], "s-", label="validation loss")
        if self.best_epoch is not None:
            ax.axvline(ends[self.best_epoch], color="gray", ls=":", label="best epoch")
        ax.set(
            xlabel="step",
            ylabel="loss",
            yscale="log" if min(self.loss, default=1) > 0 else "linear",
        )
        ax.legend()
        return ax


def fit(
    model: Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    optimizer: Any,
    train_loader: Iterable[tuple[Any, Any]],
    epochs: int = 1,
    *,
    val_loader: Iterable[tuple[Any, Any]] | None = None,
    scheduler: Any = None,
    scheduler_per_batch: bool = False,
    max_grad_norm: float | None = None,
    patience: int | None = None,
    progress: bool | None = None,
) -> History:
    """Train `model` for `epochs` over batches (x, y) of `train_loader` and return its History.

    Each step: zero_grad, loss_fn(model(x), y), backward, clip to `max_grad_norm` (if given),
    step, and `scheduler.step()` if `scheduler_per_batch` (OneCycleLR); otherwise the scheduler
    steps once per epoch, given the validation (or training) loss if its `step` takes a metric
    (ReduceLROnPlateau). Accuracy is recorded when y holds class indices. With `patience`, training
    stops after that many epochs without a better validation loss and the best weights come back.
    `progress`: a tqdm bar per epoch (None: only in a terminal or notebook)."""
    if patience is not None and val_loader is None:
        raise ValueError("fit: patience (early stopping) needs a val_loader to watch")
    history, best, waited = History(), (math.inf, None), 0
    was_training = model.training
    step = _Step(
        model, loss_fn, optimizer, scheduler if scheduler_per_batch else None, max_grad_norm
    )
    for epoch in range(epochs):
        record = step.epoch(train_loader, f"epoch {epoch + 1}/{epochs}", history, progress)
        if val_loader is not None:
            record.update(_prefixed("val_", evaluate(model, loss_fn, val_loader)))
        history.epochs.append(record)
        if scheduler is not None and not scheduler_per_batch:
            _step_scheduler(scheduler, record.get("val_loss", record["train_loss"]))
        if patience is not None:
            if record["val_loss"] < best[0]:
                best, waited = (record["val_loss"], copy.deepcopy(model.state_dict())), 0
                history.best_epoch = epoch
            else:
                waited += 1
                if waited >= patience:
                    break
    if best[1] is not None:
        model.load_state_dict(best[1])
    model.train(was_training)
    return history


@dataclass
class _Step:
    """One optimizer step on a batch, with what fit was given for it."""

    model: Module
    loss_fn: Callable[[Tensor, Tensor], Tensor]
    optimizer: Any
    scheduler: Any  # stepped after every batch, or None
    max_grad_norm: float | None

    def epoch(
        self, loader: Iterable, desc: str, history: History, progress: bool | None
    ) -> dict[str, float]:
        """One pass over the training batches; the epoch's mean loss, accuracy and learning
        rate, each step's loss appended to `history`."""
        self.model.train()
        tally = _Tally()
        bar = tqdm(loader, desc=desc, disable=_quiet(progress), leave=False)
        for x, y in bar:
            out, value = self(x, y, f"{desc}, step {tally.batches + 1}")
            history.loss.append(value)
            tally.add(value, out, y)
            bar.set_postfix(tally.summary())
        bar.close()
        return {**_prefixed("train_", tally.result()), "lr": self.optimizer.param_groups[0]["lr"]}

    def __call__(self, x: Any, y: Any, where: str) -> tuple[Tensor, float]:
        """zero_grad, forward, loss, backward, clip, step: the output and the loss."""
        self.optimizer.zero_grad()
        out = self.model(x)
        loss = self.loss_fn(out, y)
        value = loss.item()
        if not math.isfinite(value):
            raise FloatingPointError(
                f"fit: the loss became {value} at {where}; lower the learning rate or clip "
                "gradients (max_grad_norm=...), and run under autograd.detect_anomaly() to find "
                "the op that made it"
            )
        loss.backward()
        if self.max_grad_norm is not None:
            clip_grad_norm_(self.model.parameters(), self.max_grad_norm)
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        return out, value


def evaluate(model: Module, loss_fn: Callable, loader: Iterable[tuple[Any, Any]]) -> dict:
    """Mean loss (and accuracy, for class indices) over `loader`, in eval mode under no_grad;
    the model's mode is restored after."""
    was_training, tally = model.training, _Tally()
    model.eval()
    with no_grad():
        for x, y in loader:
            out = model(x)
            tally.add(loss_fn(out, y).item(), out, y)
    model.train(was_training)
    return tally.result()


class _Tally:
    """Sums of loss (weighted by batch size) and of correct predictions over an epoch."""

    def __init__(self) -> None:
        self.batches = self.count = 0
        self.loss = 0.0
        self.correct: int | None = 0

    def add(self, loss: float, out: Tensor, y: Any) -> None:
        n = len(out)
        self.batches, self.count, self.loss = self.batches + 1, self.count + n, self.loss + loss * n
        hits = _correct(out, y)
        self.correct = None if hits is None or self.correct is None else self.correct + hits

    def result(self) -> dict[str, float]:
        out = {"loss": self.loss / max(self.count, 1)}
        if self.correct is not None and self.count:
            out["acc"] = self.correct / self.count
        return out

    def summary(self) -> dict[str, str]:
        return {k: f"{v:.4g}" for k, v in self.result().items()}


def _correct(out: Tensor, y: Any) -> int | None:
    """How many rows of `out` (N, C, ...) put their largest score on class `y`; None when y
    does not hold class indices (a regression)."""
    target = np.asarray(y.data if isinstance(y, Tensor) else y)
    if target.dtype.kind not in "iu" or out.ndim != target.ndim + 1:
        return None
    return int((np.asarray(out.data).argmax(axis=1) == target).sum())


def _prefixed(prefix: str, measures: dict[str, float]) -> dict[str, float]:
    return {prefix + k: v for k, v in measures.items()}


def _step_scheduler(scheduler: Any, metric: float) -> None:
    """Step once; a scheduler whose step needs a metric (ReduceLROnPlateau) gets `metric`."""
    first = next(iter(inspect.signature(scheduler.step).parameters.values()), None)
    needs_metric = first is not None and first.default is inspect.Parameter.empty
    if needs_metric:
        scheduler.step(metric)
    else:
        scheduler.step()


def _quiet(progress: bool | None) -> bool | None:
    """tqdm's `disable`: None lets tqdm show bars only where output is a terminal."""
    return None if progress is None else not progress
