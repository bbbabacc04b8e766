"""nn.fit and nn.evaluate: the loop learns, records what it did, steps schedulers as told, clips,
stops early with the best weights back, stops loudly on a non-finite loss, and stays quiet when
asked; History.plot draws the curves."""

import math

import numpy as np
import pytest

import autograd as ag
import nn
import optim


def blobs(n=240, seed=0, flip=False):
    """Two Gaussian clouds in 2-D, labels 0/1 (swapped with `flip`), as batches of 16."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    x = rng.standard_normal((n, 2)) * 0.7 + np.where(y[:, None] == 1, 1.5, -1.5)
    y = 1 - y if flip else y
    return [(ag.tensor(x[i : i + 16]), ag.tensor(y[i : i + 16])) for i in range(0, n, 16)]


def model_and_optimizer(lr=0.1):
    ag.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2)).double()
    return model, optim.SGD(model.parameters(), lr=lr, momentum=0.9)


def test_fit_learns_and_records_every_step_and_epoch():
    model, opt = model_and_optimizer()
    train, val = blobs(), blobs(seed=1)
    history = nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=4, val_loader=val,
                     progress=False)  # fmt: skip
    assert len(history.loss) == 4 * len(train) and len(history.epochs) == 4
    assert history["val_acc"][-1] > 0.95 and history["train_loss"][-1] < history["train_loss"][0]
    final = nn.evaluate(model, nn.CrossEntropyLoss(), val)
    assert final["loss"] == pytest.approx(history["val_loss"][-1])
    assert model.training  # the mode it came in with


def test_evaluate_leaves_the_graph_off_and_the_mode_as_it_was():
    model, _ = model_and_optimizer()
    model.eval()
    result = nn.evaluate(model, nn.CrossEntropyLoss(), blobs())
    assert not model.training and set(result) == {"loss", "acc"}
    assert all(p.grad is None for p in model.parameters())


def test_regression_records_loss_without_accuracy():
    model, opt = model_and_optimizer()
    data = [(x, x.sum(1, keepdim=True)) for x, _ in blobs()]
    model = nn.Linear(2, 1).double()
    history = nn.fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.05), data,
                     epochs=3, progress=False)  # fmt: skip
    assert "train_acc" not in history.epochs[0] and history["train_loss"][-1] < 0.05


def test_an_epoch_scheduler_steps_once_per_epoch_and_a_batch_one_per_batch():
    model, opt = model_and_optimizer()
    sched = optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    history = nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), epochs=3, scheduler=sched,
                     progress=False)  # fmt: skip
    assert history["lr"] == [0.1, 0.05, 0.025]  # the rate each epoch trained with
    model, opt = model_and_optimizer()
    sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
    nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), scheduler=sched, scheduler_per_batch=True,
           progress=False)  # fmt: skip
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1 * 0.9 ** len(blobs()))


def test_a_plateau_scheduler_is_given_the_validation_loss():
    class Spy:
        def __init__(self):
            self.metrics = []

        def step(self, metrics):
            self.metrics.append(metrics)

    model, opt = model_and_optimizer()
    spy = Spy()
    history = nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), epochs=3,
                     val_loader=blobs(seed=1), scheduler=spy, progress=False)  # fmt: skip
    assert spy.metrics == history["val_loss"]
    model, opt = model_and_optimizer(lr=1e-7)  # learns too slowly to count as improving
    sched = optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=0)
    nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), epochs=3, val_loader=blobs(seed=1),
           scheduler=sched, progress=False)  # fmt: skip
    assert opt.param_groups[0]["lr"] == pytest.approx(0.25e-7)


def test_gradients_are_clipped_before_each_step():
    model, opt = model_and_optimizer()
    norms = []
    step = opt.step

    def spy(*args):
        norms.append(math.sqrt(sum(float((p.grad.data**2).sum()) for p in model.parameters())))
        return step(*args)

    opt.step = spy
    nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), max_grad_norm=0.01, progress=False)
    assert len(norms) == len(blobs()) and max(norms) <= 0.01 * (1 + 1e-6)


def test_early_stopping_restores_the_best_weights():
    """Validation labels are the training labels flipped: the better the model fits, the worse
    its validation loss, so the best epoch is the first and training stops `patience` later."""
    model, opt = model_and_optimizer()
    val = blobs(seed=1, flip=True)
    history = nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), epochs=20, val_loader=val,
                     patience=2, progress=False)  # fmt: skip
    assert history.best_epoch == 0 and len(history.epochs) == 3
    restored = nn.evaluate(model, nn.CrossEntropyLoss(), val)["loss"]
    assert restored == pytest.approx(history["val_loss"][0])
    with pytest.raises(ValueError, match="patience .* needs a val_loader"):
        nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), patience=2)


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_a_non_finite_loss_stops_training_saying_where_and_what_to_try():
    model, opt = model_and_optimizer()
    data = blobs()
    data[3] = (data[3][0] * np.inf, data[3][1])
    with pytest.raises(FloatingPointError, match=r"loss became nan at epoch 1/1, step 4; lower"):
        nn.fit(model, nn.CrossEntropyLoss(), opt, data, progress=False)


def test_progress_bars_show_only_when_asked(capsys):
    model, opt = model_and_optimizer()
    nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), progress=False)
    assert capsys.readouterr().err == ""
    nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), progress=True)
    assert "epoch 1/1" in capsys.readouterr().err


def test_history_plot_draws_step_epoch_and_validation_curves():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    model, opt = model_and_optimizer()
    history = nn.fit(model, nn.CrossEntropyLoss(), opt, blobs(), epochs=3,
                     val_loader=blobs(seed=1), patience=5, progress=False)  # fmt: skip
    ax = history.plot()
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["train loss (step)", "train loss (epoch)", "validation loss", "best epoch"]
    assert len(ax.get_lines()[0].get_xdata()) == len(history.loss)
