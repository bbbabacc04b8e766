"""Reductions, shape ops and indexing with PyTorch's meaning: values and gradients against
PyTorch's at edge values (ties, zeros, infinities, NaN), PyTorch's return types, and errors that
name the op and what was wrong."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import OPS, gather_case, scatter_case
from test_torch_parity import assert_same

import autograd

torch = pytest.importorskip("torch")

nan, inf = np.nan, np.inf
EDGES = {
    "zeros": [0.0, 0.0, 0.0],
    "ties": [1.0, 3.0, 3.0],
    "infinities": [inf, 1.0, -inf],
    "tied_infinities": [inf, inf, -inf],
    "nan": [1.0, nan, 3.0, nan],
    "only_nan": [nan, nan],
    "negative_zero": [-0.0, 0.0, -1.0],
    "one_zero": [2.0, 0.0, 3.0, -0.5],
    "two_zeros": [0.0, 2.0, 0.0, 3.0],
}
REDUCTIONS = {
    "max": (lambda x: x.max(), lambda x: x.max()),
    "min": (lambda x: x.min(), lambda x: x.min()),
    "max_dim": (lambda x: x.max(0).values, lambda x: x.max(0).values),
    "min_dim": (lambda x: x.min(dim=0).values, lambda x: x.min(dim=0).values),
    "max_dim_keepdim": (
        lambda x: x.max(dim=-1, keepdim=True).values,
        lambda x: x.max(dim=-1, keepdim=True).values,
    ),
    "sum": (lambda x: x.sum(), lambda x: x.sum()),
    "mean": (lambda x: x.mean(), lambda x: x.mean()),
    "var": (lambda x: x.var(), lambda x: x.var()),
    "std": (lambda x: x.std(), lambda x: x.std()),
    "prod": (lambda x: x.prod(), lambda x: x.prod()),
    "cumprod": (lambda x: x.cumprod(0), lambda x: x.cumprod(0)),
    "cumsum": (lambda x: x.cumsum(0), lambda x: x.cumsum(0)),
    "cummax": (lambda x: x.cummax(0).values, lambda x: x.cummax(0).values),
    "cummin": (lambda x: x.cummin(0).values, lambda x: x.cummin(0).values),
    "norm": (lambda x: x.norm(), lambda x: x.norm()),
    "norm_1": (lambda x: x.norm(1), lambda x: x.norm(1)),
    "norm_3": (lambda x: x.norm(3), lambda x: x.norm(3)),
    "norm_inf": (lambda x: x.norm(inf), lambda x: x.norm(inf)),
    "sort": (lambda x: x.sort().values, lambda x: x.sort(stable=True).values),
}


EDGE_CASES = [(name, edge) for name in sorted(REDUCTIONS) for edge in sorted(EDGES)]


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name, edge", EDGE_CASES)
def test_reductions_at_edge_values_match_torch(name, edge):
    """Values and gradients equal PyTorch's (NaN where PyTorch's are NaN) at ties, zeros, ±inf."""
    ours, theirs = REDUCTIONS[name]
    with np.errstate(all="ignore"):
        assert_same(ours, theirs, [np.array(EDGES[edge])])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_max_min_along_a_dim_give_torchs_values_and_indices(dim):
    """(values, indices) as torch.return_types.max: ties give the first index, NaN wins."""
    x = np.array([[1.0, 3.0, 3.0], [2.0, nan, 2.0], [5.0, 5.0, -inf]])
    for op in ("max", "min"):
        ours = getattr(autograd.tensor(x), op)(dim)
        theirs = getattr(torch.tensor(x), op)(dim)
        assert isinstance(ours, autograd.ValuesIndices) and ours._fields == ("values", "indices")
        np.testing.assert_array_equal(ours.values.data, theirs.values.numpy())
        np.testing.assert_array_equal(ours.indices.data, theirs.indices.numpy())
        assert ours.indices.dtype == np.int64


def test_max_min_along_a_dim_of_a_0d_tensor():
    """A 0-d tensor reduces over dim 0 to itself, index 0 (as PyTorch)."""
    values, indices = autograd.tensor(2.5).max(0)
    assert (values.item(), indices.item(), values.shape, indices.shape) == (2.5, 0, (), ())


def test_min_and_max_of_integers_do_not_overflow():
    """min is its own op, not -max(-x): the most negative int64 survives."""
    x = autograd.tensor([-(2**63), 0, 2**63 - 1])
    assert (x.min().item(), x.max().item()) == (-(2**63), 2**63 - 1)
    assert x.min(0).values.item() == -(2**63) and x.min(0).indices.item() == 0


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("correction", [0, 1, 2, 3])
@pytest.mark.parametrize("values", [[1.0, 2.0], [1.0, 1.0]])
def test_var_with_correction_at_or_past_the_count_matches_torch(values, correction):
    """var divides by max(0, n - correction): inf for spread, NaN for none, as PyTorch."""
    ours = autograd.tensor(values).var(correction=correction).item()
    theirs = torch.tensor(values).var(correction=correction).item()
    np.testing.assert_equal(ours, theirs)


@pytest.mark.parametrize("op", ["mean", "var", "std"])
def test_mean_var_std_refuse_integers(op):
    """PyTorch refuses integer tensors here; so do we, naming the op and the dtype."""
    with pytest.raises(autograd.OpError, match=f"{op}: needs a floating tensor, got dtype int64"):
        getattr(autograd.tensor([1, 2]), op)()


def test_sum_and_mean_take_a_dtype():
    """sum(dtype=) and mean(dtype=) compute in that dtype, as PyTorch's."""
    x = autograd.tensor([1, 2, 4])
    assert x.sum(dtype=np.float64).dtype == np.float64 and x.sum().dtype == np.int64
    assert x.mean(dtype="float32").item() == pytest.approx(7 / 3)


def test_all_and_any_match_torch():
    """all/any over dims, with keepdim, as PyTorch's (booleans)."""
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    for op in ("all", "any"):
        for kw in ({}, {"dim": 0}, {"dim": 1, "keepdim": True}):
            ours = getattr(autograd.tensor(x), op)(**kw)
            theirs = getattr(torch.tensor(x), op)(**kw)
            np.testing.assert_array_equal(ours.data, theirs.numpy(), strict=True)


# --- shapes ------------------------------------------------------------------------------------
def test_transpose_swaps_two_dims_as_torch():
    """x.transpose(d0, d1) swaps two dims; np.transpose permutes; .T reverses."""
    x = np.arange(24.0).reshape(2, 3, 4)
    assert_same(lambda t: t.transpose(0, -1), lambda t: t.transpose(0, -1), [x])
    assert_same(lambda t: autograd.transpose(t, 1, 2), lambda t: torch.transpose(t, 1, 2), [x])
    assert np.transpose(autograd.tensor(x), (1, 2, 0)).shape == (3, 4, 2)
    assert autograd.tensor(x).T.shape == (4, 3, 2)


def test_size_numel_and_clone():
    """size() is the shape, size(d) one dim (negative too), numel() the count; clone copies and
    passes the gradient through."""
    x = autograd.Tensor(np.ones((2, 3)), requires_grad=True)
    assert (x.size(), x.size(0), x.size(-1), x.numel()) == ((2, 3), 2, 3, 6)
    c = x.clone()
    assert not np.shares_memory(c.data, x.data) and c.grad_fn.name == "clone"
    (c * 2.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, np.full((2, 3), 2.0))


def test_squeeze_of_a_dim_not_of_size_1_leaves_it():
    """squeeze(d) drops d only when it has size 1 (PyTorch); out-of-range d raises."""
    x = autograd.zeros((2, 1, 3))
    assert x.squeeze(0).shape == (2, 1, 3) and x.squeeze((0, 1)).shape == (2, 3)
    assert tuple(torch.zeros(2, 1, 3).squeeze((0, 1)).shape) == (2, 3)


def test_split_takes_dim():
    """split(sizes, dim=...) as PyTorch's."""
    x = np.arange(10.0).reshape(2, 5)
    ours = autograd.tensor(x).split([2, 3], dim=1)
    theirs = torch.tensor(x).split([2, 3], dim=1)
    for o, t in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(o.data, t.numpy())


ERRORS = {
    "permute": (lambda x: x.permute(0, 1, 5), ValueError, "permute: axis 5"),
    "permute_short": (lambda x: x.permute(1, 0), ValueError, r"permute: \(1, 0\)"),
    "flatten": (lambda x: x.flatten(5), ValueError, "flatten: axis 5"),
    "flatten_order": (lambda x: x.flatten(2, 1), ValueError, "flatten: start_dim 2"),
    "unsqueeze": (lambda x: x.unsqueeze(4), ValueError, "unsqueeze: axis 4"),
    "squeeze": (lambda x: x.squeeze(3), ValueError, "squeeze: axis 3"),
    "transpose": (lambda x: x.transpose(0, 3), ValueError, "transpose: axis 3"),
    "transpose_float": (lambda x: x.transpose(0, 1.0), TypeError, "transpose: dim must be an int"),
    "reshape_float": (lambda x: x.reshape(2.7, 2), TypeError, r"reshape: sizes must be integ"),
    "expand_float": (lambda x: x.expand(2.0, 3, 4), TypeError, r"expand: sizes must be integ"),
    "split_negative": (lambda x: x.split([5, -3]), ValueError, r"split: sizes \[5, -3\]"),
    "split_dim": (lambda x: x.split(1, dim=3), ValueError, "split: axis 3"),
    "pad_mode": (lambda x: x.pad(1, mode="reflect"), ValueError, "pad: mode 'reflect'"),
    "size": (lambda x: x.size(3), ValueError, "size: axis 3"),
    "max_dim": (lambda x: x.max(3), ValueError, "max: axis 3"),
    "getitem": (lambda x: x[0, 5], IndexError, r"getitem: index 5 .*\(2, 3, 4\)"),
    "getitem_array": (lambda x: x[:, [0, 3]], IndexError, r"getitem: index 3 .*\(2, 3, 4\)"),
    "gather": (lambda x: x.gather(1, np.full((2, 3, 4), 3)), IndexError, "gather: index values"),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_dims_sizes_and_indices_raise_naming_the_op(name):
    """Out-of-range dims, non-integer sizes, bad split sizes, unknown pad modes and indices."""
    fn, kind, message = ERRORS[name]
    with pytest.raises(kind, match=message):
        fn(autograd.zeros((2, 3, 4)))


# --- indexing ----------------------------------------------------------------------------------
INDICES = {
    "int_slice_list": lambda: (1, slice(None), [0, 2]),
    "list_slice_int": lambda: ([0, 1, 1], slice(None), 2),
    "int_list_adjacent": lambda: (slice(None), 1, [0, 3, 3]),
    "int_int_list": lambda: (1, [2, 0], 3),
    "mask_int": lambda: (np.array([True, False]), slice(1, None), 0),
    "int_none_list": lambda: (0, None, [1, 1], slice(None)),
    "ellipsis_int_list": lambda: (Ellipsis, 1, [0, 2]),
}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_indexing_mixing_ints_and_arrays_matches_torch(name):
    """Integers index first, as PyTorch (numpy moves the array dims to the front)."""
    index = INDICES[name]()
    torch_index = tuple(torch.tensor(p) if isinstance(p, np.ndarray | list) else p for p in index)
    x = np.arange(24.0).reshape(2, 3, 4)
    assert_same(lambda t: t[index], lambda t: t[torch_index], [x])


@given(case=gather_case())
def test_gather_matches_torch(case):
    (x,), kw = case
    index = kw["index"]
    assert_same(
        lambda t: autograd.gather(t, kw["dim"], index),
        lambda t: torch.gather(t, kw["dim"], torch.tensor(index)),
        [x],
    )


# --- the ops people reach for, against PyTorch over hypothesis-drawn cases ----------------------
def _vector_norm(x, p, axis, keepdims):
    dims = tuple(range(x.ndim)) if axis is None else axis
    return torch.linalg.vector_norm(x, 2 if p == "fro" else p, dims, keepdims)


def _torch_prod(x, axis, keepdims):
    return x.prod() if axis is None else x.prod(axis, keepdims)


TORCH = {  # OPS entry: PyTorch's op on the same (*tensors, **kwargs)
    "prod_method_dim": lambda x, axis, keepdims: _torch_prod(x, axis, keepdims),
    "prod_with_zeros": lambda x, axis, keepdims: _torch_prod(x, axis, keepdims),
    "std": lambda x, axis, keepdims: torch.std(x, axis, keepdim=keepdims),
    "cumsum": torch.cumsum,
    "cumprod": torch.cumprod,
    "cumprod_with_zeros": torch.cumprod,
    "cummax": lambda x, axis: torch.cummax(x, axis).values,
    "cummin": lambda x, axis: torch.cummin(x, axis).values,
    "dot": torch.dot,
    "outer": torch.outer,
    "norm": _vector_norm,
    "repeat": lambda x, sizes: x.repeat(*sizes),
    "tile": lambda x, sizes: torch.tile(x, sizes),
    "flip": lambda x, axis: torch.flip(
        x, tuple(range(x.ndim)) if axis is None else np.atleast_1d(axis).tolist()
    ),
    "roll": lambda x, shifts, dims: torch.roll(x, shifts, dims),
    "tril": torch.tril,
    "triu": torch.triu,
    "scatter_add": lambda x, src, dim, index: x.scatter_add(dim, torch.tensor(index), src),
    "index_select": lambda x, dim, index: x.index_select(dim, torch.tensor(index)),
    "masked_fill": lambda x, value, mask: x.masked_fill(torch.tensor(mask), value),
    "sort": lambda x, axis: torch.sort(x, axis).values,
    "sort_descending": lambda x, axis: torch.sort(x, axis, descending=True).values,
    "topk": lambda x, axis, k, largest: torch.topk(x, k, axis, largest).values,
    "clone": torch.clone,
}
NEEDS = {  # what PyTorch's op accepts, where the OPS strategy draws more
    "prod_method_dim": lambda arrays, kw: not isinstance(kw["axis"], tuple),
    "prod_with_zeros": lambda arrays, kw: not isinstance(kw["axis"], tuple),
    "repeat": lambda arrays, kw: len(kw["sizes"]) > 0,
    "scatter_add": lambda arrays, kw: arrays[1].shape == kw["index"].shape,  # for its backward
}


@pytest.mark.parametrize("name", sorted(TORCH))
@given(data=st.data())
def test_values_and_gradients_match_torch(name, data):
    """The op's values and gradients (float64) equal PyTorch's on the OPS table's cases."""
    needs = NEEDS.get(name, lambda arrays, kw: True)
    arrays, kw = data.draw(OPS[name].args.filter(lambda case: needs(*case)))
    theirs = TORCH[name]
    assert_same(lambda *xs: OPS[name].f(*xs, **kw), lambda *xs: theirs(*xs, **kw), list(arrays))


@given(case=scatter_case())
def test_scatter_with_distinct_positions_matches_torch(case):
    """scatter's values and gradients as PyTorch's where no position is written twice (PyTorch
    leaves the winner of a repeated position unspecified) and src has index's shape."""
    (x, src), kw = case
    dim, index = kw["dim"], kw["index"]
    index = np.argsort(np.random.default_rng(0).random(x.shape), axis=dim)
    index = index[tuple(slice(k) for k in kw["index"].shape)]  # distinct along dim
    src = src[tuple(slice(k) for k in index.shape)]
    assert_same(
        lambda t, s: t.scatter(dim, index, s),
        lambda t, s: t.scatter(dim, torch.tensor(index), s),
        [x, src],
    )


def test_indices_match_torch():
    """cummax/cummin (latest index among ties, NaN's kept), sort/argsort (stable, NaN largest)
    and topk give PyTorch's indices."""
    x = np.array([[1.0, 3.0, 3.0, 2.0, nan, 5.0], [0.0, 0.0, -1.0, -1.0, 4.0, 4.0]])
    ours, theirs = autograd.tensor(x), torch.tensor(x)
    for op in ("cummax", "cummin"):
        np.testing.assert_array_equal(
            getattr(ours, op)(1).indices.data, getattr(theirs, op)(1).indices.numpy()
        )
    for descending in (False, True):
        want = theirs.sort(dim=1, descending=descending, stable=True)
        got = ours.sort(1, descending=descending)
        np.testing.assert_array_equal(got.indices.data, want.indices.numpy())
        np.testing.assert_array_equal(got.values.data, want.values.numpy())
        np.testing.assert_array_equal(
            ours.argsort(0, descending=descending).data,
            theirs.argsort(dim=0, descending=descending, stable=True).numpy(),
        )
    y = np.array([[4.0, 1.0, nan, 2.0], [0.0, -3.0, 7.0, 5.0]])
    for largest in (True, False):
        got, want = (
            autograd.tensor(y).topk(2, largest=largest),
            torch.tensor(y).topk(2, largest=largest),
        )
        np.testing.assert_array_equal(got.indices.data, want.indices.numpy())


ITEM2_ERRORS = {
    "dot": (lambda x: autograd.dot(x, x[:2]), "dot: needs two 1-D tensors of one length"),
    "outer": (lambda x: autograd.outer(x, x.reshape(1, 3)), r"outer: .*\(1, 3\)"),
    "norm": (lambda x: x.norm(-1), "norm: p=-1 is not supported"),
    "repeat": (lambda x: x.repeat(), r"repeat: sizes \(\) must be"),
    "roll": (lambda x: x.roll((1, 2), 0), "roll: 2 shifts for 1 dims"),
    "tril": (lambda x: x.tril(), r"tril: needs a tensor of 2\+ dims, got shape \(3,\)"),
    "topk": (lambda x: x.topk(4), "topk: k=4 is out of range"),
    "index_select": (lambda x: x.index_select(0, [3]), "index_select: index values in"),
    "masked_fill": (lambda x: x.masked_fill(np.ones((2, 3), bool), 0.0), "masked_fill: mask"),
    "scatter": (lambda x: x.scatter(0, np.array([1, 3]), 0.0), "scatter: index values in"),
    "cumsum": (lambda x: x.cumsum(1), "cumsum: axis 1 is out of range"),
}


@pytest.mark.parametrize("name", sorted(ITEM2_ERRORS))
def test_misuse_raises_naming_the_op(name):
    fn, message = ITEM2_ERRORS[name]
    with pytest.raises(ValueError, match=message):
        fn(autograd.tensor([1.0, 2.0, 3.0]))
