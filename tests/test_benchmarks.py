"""`make bench` runs: every benchmark once through (timing each system a single time), printing
its ratios; the timings themselves are `make bench`'s, never asserted in tests."""

import functools

import pytest

import benchmarks.__main__ as bench
from benchmarks import chain, epoch, loader, lstm, mlp, norm, scalar, timing
from benchmarks import optim as optim_bench


def test_every_benchmark_runs_and_prints_its_ratios(monkeypatch, capsys):
    pytest.importorskip("torch")
    pytest.importorskip("micrograd")
    once = functools.partial(timing.best_times, repeats=1, rounds=1, warmup=0)
    for module in (chain, epoch, loader, lstm, mlp, norm, scalar, optim_bench):
        monkeypatch.setattr(module, "best_times", lambda systems, *a, **k: once(systems))
    monkeypatch.setattr(scalar, "CHAIN_LENGTHS", (10**3,))
    monkeypatch.setattr(epoch, "SAMPLES", 640)
    bench.main()
    printed = capsys.readouterr().out
    titles = (
        "MLP 784-256-128-10", "Chain of 200", "micrograd's demo", "LSTM(32, 128", "Adam: one",
        "BatchNorm2d on", "LayerNorm on", "SGD, momentum 0.9", "DataLoader epoch",
        "CNN training epoch",
    )  # fmt: skip
    for title in titles:
        assert title in printed
    assert printed.count("x torch") >= 9 and printed.count("x numpy") >= 5
    assert printed.count("x micrograd") >= 3
