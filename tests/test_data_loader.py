"""autograd.data's Dataset, TensorDataset, Subset, random_split, DataLoader and default_collate:
each sample once per epoch, batch sizes, drop_last, seeded order, inputs and targets in step,
the index-batched path equal to the per-sample one, collation and rounding as PyTorch's."""

import collections
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd as ag
from autograd.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split

torch = pytest.importorskip("torch")


class Pairs(Dataset):
    """A dataset read sample by sample: (features of sample i, i)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, i: int):
        return np.full(3, i, dtype=np.float32), i

    def __len__(self) -> int:
        return self.n


def tensor_pairs(n: int) -> TensorDataset:
    return TensorDataset(
        ag.from_numpy(np.repeat(np.arange(n, dtype=np.float32), 3).reshape(n, 3)), ag.arange(n)
    )


def epoch(loader):
    """The batches of one epoch as (features, labels) arrays."""
    return [(x.numpy(), y.numpy()) for x, y in loader]


@given(
    n=st.integers(0, 40),
    batch_size=st.integers(1, 45),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
    per_sample=st.booleans(),
)
def test_an_epoch_visits_each_sample_once_in_batches_of_the_size_asked(
    n, batch_size, shuffle, drop_last, per_sample
):
    dataset = Pairs(n) if per_sample else tensor_pairs(n)
    loader = DataLoader(dataset, batch_size, shuffle=shuffle, drop_last=drop_last)
    batches = epoch(loader)
    assert len(batches) == len(loader) == (n // batch_size if drop_last else -(-n // batch_size))
    sizes = [len(y) for _, y in batches]
    full, rest = divmod(n, batch_size)
    assert sizes == [batch_size] * full + ([rest] if rest and not drop_last else [])
    seen = np.concatenate([y for _, y in batches]) if batches else np.zeros(0, int)
    assert len(set(seen.tolist())) == len(seen) and set(seen.tolist()) <= set(range(n))
    if not drop_last:
        assert sorted(seen.tolist()) == list(range(n))
    if not shuffle:
        assert seen.tolist() == list(range(len(seen)))
    for x, y in batches:  # features and labels stay in step
        assert x.shape == (len(y), 3) and (x == y[:, None]).all()


def test_shuffle_draws_a_new_uniform_permutation_each_epoch():
    """Each sample lands in the first batch with probability batch/n (2000 epochs of 20
    samples in 4 batches: within 5 standard deviations of 500), and epochs differ."""
    loader = DataLoader(tensor_pairs(20), batch_size=5, shuffle=True)
    first = collections.Counter()
    orders = set()
    for _ in range(2000):
        labels = [y.numpy() for _, y in loader]
        first.update(labels[0].tolist())
        orders.add(tuple(np.concatenate(labels).tolist()))
    sd = math.sqrt(2000 * 0.25 * 0.75)
    assert all(abs(first[i] - 500) < 5 * sd for i in range(20)), first
    assert len(orders) > 1990  # 20! orders: repeats are all but impossible


def test_the_order_follows_manual_seed_or_the_generator_given():
    def orders(loader, epochs=3):
        return [np.concatenate([y.numpy() for _, y in loader]).tolist() for _ in range(epochs)]

    loader = DataLoader(tensor_pairs(30), batch_size=4, shuffle=True)
    ag.manual_seed(7)
    a = orders(loader)
    ag.manual_seed(7)
    assert orders(loader) == a
    ag.manual_seed(8)
    assert orders(loader) != a
    own = [
        DataLoader(tensor_pairs(30), 4, shuffle=True, generator=np.random.default_rng(3))
        for _ in range(2)
    ]
    first = orders(own[0])
    ag.randn(5)  # draws from the package's generator change nothing for a loader with its own
    assert orders(own[1]) == first


@pytest.mark.parametrize("subset", [False, True])
def test_the_index_batched_path_gives_what_sample_by_sample_collation_gives(subset):
    dataset = TensorDataset(ag.randn(50, 2, 3), ag.randint(0, 10, (50,)), ag.rand(50) > 0.5)
    if subset:
        dataset = random_split(dataset, [0.7, 0.3])[0]
    got = {}
    for name, collate in (("fast", None), ("per sample", default_collate)):
        ag.manual_seed(1)
        got[name] = list(DataLoader(dataset, batch_size=8, shuffle=True, collate_fn=collate))
    for fast, slow in zip(got["fast"], got["per sample"], strict=True):
        assert type(fast) is type(slow) is list
        for a, b in zip(fast, slow, strict=True):
            assert isinstance(a, ag.Tensor) and a.dtype == b.dtype and (a.data == b.data).all()


def test_a_tensor_dataset_is_gathered_by_batch_not_sample_by_sample(monkeypatch):
    def refuse(self, index):
        raise AssertionError("a sample was fetched on its own")

    dataset = tensor_pairs(100)
    monkeypatch.setattr(TensorDataset, "__getitem__", refuse)
    assert sum(len(y) for _, y in DataLoader(dataset, batch_size=7, shuffle=True)) == 100
    assert sum(len(y) for _, y in DataLoader(Subset(dataset, range(10, 50)), batch_size=7)) == 40


def test_tensors_that_require_grad_are_indexed_as_recorded_ops():
    """As in PyTorch, the batch stays in the graph: gradients reach the dataset's tensor."""
    w = ag.randn(10, 2, requires_grad=True)
    for (batch,) in DataLoader(TensorDataset(w), batch_size=4, shuffle=True):
        (batch * 2).sum().backward()
    assert np.array_equal(w.grad.numpy(), np.full((10, 2), 2.0, np.float32))


def test_batch_size_one_is_stochastic_and_the_whole_set_is_batch_descent():
    dataset = tensor_pairs(9)
    assert [len(y) for _, y in DataLoader(dataset, batch_size=1)] == [1] * 9
    ((x, y),) = DataLoader(dataset, batch_size=len(dataset), shuffle=True)
    assert x.shape == (9, 3) and sorted(y.tolist()) == list(range(9))


def test_any_sized_indexable_serves_as_a_dataset():
    loader = DataLoader([(i, float(i) / 2, f"s{i}") for i in range(5)], batch_size=2)
    ints, floats, names = next(iter(loader))
    assert ints.dtype == np.int64 and floats.dtype == np.float64 and names == ["s0", "s1"]


Point = collections.namedtuple("Point", "x label")
SAMPLES = [
    [(np.ones((2, 3), np.float32) * i, i) for i in range(3)],
    [np.float64(i) / 3 for i in range(3)],
    [np.int32(i) for i in range(3)],
    [i / 3 for i in range(3)],
    [i % 2 == 0 for i in range(3)],
    [{"image": np.arange(4, dtype=np.uint8) + i, "label": i, "name": "abc"[i]} for i in range(3)],
    [Point(np.arange(2.0) + i, i) for i in range(3)],
    [[np.int64(i), [i, i + 1]] for i in range(3)],
]


def same(ours, theirs) -> None:
    """Our collated batch has PyTorch's structure, dtypes and values."""
    if isinstance(theirs, torch.Tensor):
        assert isinstance(ours, ag.Tensor)
        assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
        assert np.array_equal(ours.numpy(), theirs.numpy())
    elif isinstance(theirs, dict):
        assert type(ours) is dict and ours.keys() == theirs.keys()
        for key in theirs:
            same(ours[key], theirs[key])
    elif isinstance(theirs, list | tuple):
        assert type(ours) is type(theirs) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            same(a, b)
    else:
        assert ours == theirs


@pytest.mark.parametrize("samples", SAMPLES, ids=range(len(SAMPLES)))
def test_default_collate_batches_as_pytorchs_does(samples):
    same(default_collate(samples), torch.utils.data.default_collate(samples))


def test_default_collate_stacks_tensors_keeping_the_graph_only_where_there_is_one():
    plain = default_collate([ag.ones(2), ag.zeros(2)])
    assert plain.shape == (2, 2) and plain.grad_fn is None
    w = ag.ones(2, requires_grad=True)
    default_collate([w, ag.zeros(2)]).sum().backward()
    assert w.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    "batch, error, words",
    [
        ([], ValueError, "empty"),
        ([np.zeros(3), np.zeros(4)], RuntimeError, "(3,), (4,)"),
        ([ag.zeros(2), np.zeros(2)], TypeError, "mixes"),
        ([np.array(["a"]), np.array(["b"])], TypeError, "<U1"),
        ([(1, 2), (1,)], RuntimeError, "same number of fields"),
        ([{1, 2}, {3}], TypeError, "set"),
    ],
)
def test_default_collate_says_what_it_cannot_batch(batch, error, words):
    with pytest.raises(error, match="default_collate") as info:
        default_collate(batch)
    assert words in str(info.value)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"batch_size": 0}, ValueError, "got 0"),
        ({"batch_size": -2}, ValueError, "got -2"),
        ({"batch_size": 2.0}, TypeError, "got 2.0"),
        ({"batch_size": None}, TypeError, "None"),
        ({"batch_size": True}, TypeError, "True"),
        ({"generator": 3}, TypeError, "int"),
    ],
)
def test_dataloader_names_a_bad_setting(kwargs, error, words):
    with pytest.raises(error, match="DataLoader") as info:
        DataLoader(tensor_pairs(3), **kwargs)
    assert words in str(info.value)


def test_dataloader_refuses_a_dataset_without_a_length():
    with pytest.raises(TypeError, match="DataLoader: the dataset must have __len__"):
        DataLoader(iter(range(3)))


def test_tensor_dataset_indexes_every_tensor_and_checks_them():
    x, y = ag.randn(4, 2), ag.arange(4)
    dataset = TensorDataset(x, y)
    assert len(dataset) == 4 and dataset[2][0].tolist() == x[2].tolist() and dataset[2][1] == 2
    for args, error, words in [
        ((x, ag.arange(3)), ValueError, "[4, 3]"),
        ((x, np.arange(4)), TypeError, "ndarray"),
        ((ag.tensor(1.0),), ValueError, "0-d"),
        ((), ValueError, "at least"),
    ]:
        with pytest.raises(error, match="TensorDataset") as info:
            TensorDataset(*args)
        assert words in str(info.value)


def test_a_dataset_subclass_must_define_its_items():
    with pytest.raises(NotImplementedError, match="Empty must define __getitem__"):
        type("Empty", (Dataset,), {})()[0]


def test_subset_picks_the_indices_in_order_and_checks_them():
    subset = Subset(Pairs(10), [7, 2, 2])
    assert len(subset) == 3 and [subset[i][1] for i in range(3)] == [7, 2, 2]
    with pytest.raises(IndexError, match=r"Subset: indices in \[2, 10\] out of range .* 10"):
        Subset(Pairs(10), [2, 10])


@given(n=st.integers(0, 60), lengths=st.lists(st.integers(0, 20), min_size=1, max_size=4))
def test_random_split_gives_disjoint_subsets_of_the_lengths_asked(n, lengths):
    lengths = [*lengths[:-1], n - sum(lengths[:-1])]
    if lengths[-1] < 0:
        return
    parts = random_split(Pairs(n), lengths)
    assert [len(p) for p in parts] == lengths
    picked = [i for p in parts for i in p.indices]
    assert sorted(picked) == list(range(n))


@given(
    n=st.integers(0, 200),
    fractions=st.lists(st.integers(1, 9), min_size=1, max_size=5).map(
        lambda w: [k / sum(w) for k in w]
    ),
)
@pytest.mark.filterwarnings("ignore:.*(empty|Length of split).*:UserWarning")
def test_random_split_rounds_fractions_as_pytorch(n, fractions):
    assume(sum(fractions) <= 1)  # PyTorch refuses fractions whose float sum is a hair above 1
    ours = [len(p) for p in random_split(Pairs(n), fractions)]
    theirs = [len(p) for p in torch.utils.data.random_split(range(n), fractions)]
    assert ours == theirs


def test_random_split_follows_the_seed_or_generator():
    def split(**kw):
        return [p.indices for p in random_split(Pairs(20), [5, 15], **kw)]

    ag.manual_seed(3)
    a = split()
    ag.manual_seed(3)
    assert split() == a != split()
    assert split(generator=np.random.default_rng(1)) == split(generator=np.random.default_rng(1))


@pytest.mark.parametrize(
    "lengths, words",
    [
        ([3, 4], "[3, 4] sum to 7, but the dataset has 10"),
        ([0.5, 0.6], "0.5, 0.6"),
        ([12, -2], "[12, -2]"),
        ([1.5, -0.5], "fraction 1.5 at index 0"),
    ],
)
def test_random_split_names_lengths_that_do_not_fit(lengths, words):
    with pytest.raises(ValueError, match="random_split") as info:
        random_split(Pairs(10), lengths)
    assert words in str(info.value)


def test_random_split_warns_of_an_empty_split_as_pytorch():
    with pytest.warns(UserWarning, match="random_split: the split at index 1 is empty"):
        parts = random_split(Pairs(3), [0.9, 0.1])
    assert [len(p) for p in parts] == [3, 0]


def test_random_split_takes_fractions_whose_float_sum_is_a_hair_above_one():
    fractions = [3 / 39, 9 / 39, 9 / 39, 9 / 39, 9 / 39]
    assert sum(fractions) > 1
    assert [len(p) for p in random_split(Pairs(39), fractions)] == [3, 9, 9, 9, 9]
