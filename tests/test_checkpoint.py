"""Checkpoints: round trips of model and optimizer state dicts, files PyTorch reads and writes,
atomic writes, and every kind of bad file refused with its name and problem, leaving the model
untouched."""

import json
import os
import pickle

import numpy as np
import pytest

import autograd as ag
import nn
import optim

torch = pytest.importorskip("torch")
st_torch = pytest.importorskip("safetensors.torch")


def twins():
    """The same small model in both libraries, ours holding PyTorch's weights (float64)."""
    ours = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Linear(8, 3)).double()
    theirs = torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.BatchNorm1d(8), torch.nn.Linear(8, 3)
    ).double()
    theirs.train()(torch.randn(16, 4, dtype=torch.float64))  # running statistics that are not 0/1
    ours.load_state_dict(theirs.state_dict())
    return ours.eval(), theirs.eval()


def same_outputs(ours, theirs):
    """Every stored value bit for bit, and the outputs to rounding (the two libraries' matrix
    products may add in different orders)."""
    theirs_state = theirs.state_dict()
    for key, value in ours.state_dict().items():
        np.testing.assert_array_equal(value.data, theirs_state[key].numpy(), err_msg=key)
    x = np.random.default_rng(0).standard_normal((5, 4))
    with torch.no_grad():
        expected = theirs(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours(ag.tensor(x)).data, expected, rtol=1e-12, atol=1e-14)


def test_our_file_loads_into_pytorch_strictly_with_the_same_outputs(tmp_path):
    ours, theirs = twins()
    for p in ours.parameters():  # change ours, so the load has something to carry
        p.data += 0.5
    ag.save(ours.state_dict(), tmp_path / "model.safetensors")
    theirs.load_state_dict(st_torch.load_file(tmp_path / "model.safetensors"), strict=True)
    same_outputs(ours, theirs)
    assert theirs[2].num_batches_tracked.dtype == torch.int64


def test_pytorchs_file_loads_here_with_the_same_outputs(tmp_path):
    ours, theirs = twins()
    with torch.no_grad():
        for p in theirs.parameters():
            p.mul_(2.0)
    st_torch.save_file(theirs.state_dict(), tmp_path / "torch.safetensors")
    state = ag.load(tmp_path / "torch.safetensors")
    assert set(state) == set(theirs.state_dict())
    ours.load_state_dict(state)
    same_outputs(ours, theirs)


def test_an_optimizer_state_dict_round_trips_and_the_resumed_run_is_the_same(tmp_path):
    """Int keys, lists of ints, settings and momentum buffers come back as saved."""
    rng = np.random.default_rng(1)
    x, y = ag.tensor(rng.standard_normal((8, 3))), ag.tensor(rng.standard_normal((8, 1)))

    def run(model, opt, steps):
        for _ in range(steps):
            opt.zero_grad()
            ((model(x) - y) ** 2).mean().backward()
            opt.step()

    ag.manual_seed(0)
    model = nn.Linear(3, 1).double()
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    run(model, opt, 3)
    ag.save({"model": model.state_dict(), "optim": opt.state_dict()}, tmp_path / "ck.safetensors")
    run(model, opt, 4)
    ck = ag.load(tmp_path / "ck.safetensors")
    assert ck["optim"]["param_groups"][0]["params"] == [0, 1]
    assert set(ck["optim"]["state"]) == {0, 1}
    resumed = nn.Linear(3, 1).double()
    resumed.load_state_dict(ck["model"])
    opt2 = optim.SGD(resumed.parameters(), lr=0.5)
    opt2.load_state_dict(ck["optim"])
    run(resumed, opt2, 4)
    for a, b in zip(model.parameters(), resumed.parameters(), strict=True):
        np.testing.assert_array_equal(a.data, b.data)


def test_structure_types_come_back_as_saved(tmp_path):
    obj = {"a": (1, 2.5, "s", None, True), 3: [ag.tensor([1, 2]), {"b": ag.zeros(0)}]}
    ag.save(obj, tmp_path / "o.safetensors")
    back = ag.load(tmp_path / "o.safetensors")
    assert back["a"] == (1, 2.5, "s", None, True)
    assert back[3][0].dtype == np.int64 and back[3][0].tolist() == [1, 2]
    assert back[3][1]["b"].shape == (0,)
    back[3][0][0] = 7  # loaded tensors own writable memory


def test_unsaveable_objects_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(TypeError, match=r"save: w is a set"):
        ag.save({"w": {1, 2}}, tmp_path / "bad.safetensors")
    with pytest.raises(ValueError, match=r"two tensors are both named 'a\.b'"):
        ag.save({"a.b": ag.ones(1), "a": {"b": ag.ones(1)}}, tmp_path / "bad.safetensors")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_checkpoint_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "model.safetensors"
    ag.save({"w": ag.ones(3)}, path)
    before = path.read_bytes()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        ag.save({"w": ag.zeros(3)}, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]


def good_file(tmp_path):
    path = tmp_path / "good.safetensors"
    ag.save({"w": ag.arange(6.0).reshape(2, 3), "b": ag.ones(2)}, path)
    return path, path.read_bytes()


def rewrite_header(data, change):
    """The file with its header changed by `change` (a function of the header dict)."""
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + n])
    change(header)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text + data[8 + n :]


def set_(key, field, value):
    return lambda h: h[key].__setitem__(field, value)


BAD = {
    "truncated": (lambda d: d[:-5], r"bytes after|needs 24 bytes"),
    "short": (lambda d: d[:5], r"5 bytes is too short"),
    "header length lies": (
        lambda d: (10**6).to_bytes(8, "little") + d[8:],
        r"header claims 1000000 bytes but the file has",
    ),
    "offsets past the data": (
        lambda d: rewrite_header(d, set_("w", "data_offsets", [8, 200])),
        r"tensor 'w': shape \[2, 3\] of F32 needs 24 bytes, its offsets \[8, 200\]",
    ),
    "overlapping tensors": (
        lambda d: rewrite_header(d, set_("w", "data_offsets", [0, 24])),
        r"overlap or leave gaps",
    ),
    "wrong shape": (
        lambda d: rewrite_header(d, set_("w", "shape", [3, 3])),
        r"tensor 'w': shape \[3, 3\] of F32 needs 36 bytes",
    ),
    "dtype numpy lacks": (
        lambda d: rewrite_header(d, set_("b", "dtype", "BF16")),
        r"tensor 'b' has dtype 'BF16', which numpy cannot hold",
    ),
    "not a checkpoint": (lambda d: b"hello, this is a text file\n" * 3, r"header claims|not JSON"),
    "a pickle": (lambda d: pickle.dumps({"w": [1, 2]}), r"is a pickle .* never unpickles"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_are_refused_naming_the_file_and_leave_the_model_untouched(tmp_path, case):
    path, data = good_file(tmp_path)
    corrupt, message = BAD[case]
    path.write_bytes(corrupt(data))
    model = nn.Linear(3, 2)
    before = {k: v.data.copy() for k, v in model.state_dict().items()}
    with pytest.raises(ag.CheckpointError, match=message) as err:
        model.load_state_dict(ag.load(path))
    assert str(path) in str(err.value)
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(v.data, before[k])


def test_pytorchs_own_save_format_is_refused_as_a_pickle(tmp_path):
    torch.save({"w": torch.ones(2)}, tmp_path / "model.pt")
    with pytest.raises(ag.CheckpointError, match=r"model\.pt is a pickle"):
        ag.load(tmp_path / "model.pt")
