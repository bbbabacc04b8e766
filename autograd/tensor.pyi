"""Generated from the ops by `make catalogue` (python -m autograd.generate)."""

from collections.abc import Callable, Iterator
from collections.abc import Sequence as Sequence
from typing import Any, TypeVar

import numpy as np

from .shapes import Axis as Axis

F = TypeVar("F", bound=Callable[..., Any])
NUMPY_OPS: dict[Any, Callable[..., Any]]


class Tensor:
    """An n-dimensional array that records the ops applied to it, for backward."""
    grad_fn: Any
    name: str | None
    _grad: Tensor | None
    _hooks: list[Callable] | None
    def __init__(self, data: Any, requires_grad: bool = ..., dtype: Any = ..., name: str | None = ...) -> None: ...
    @property
    def data(self) -> np.ndarray:
        """The values, an ndarray (shared memory: writes to it are writes to the tensor)."""
    @data.setter
    def data(self, value: np.ndarray) -> None: ...
    @property
    def grad(self) -> Tensor | None:
        """d root / d self, once a backward has reached it (leaves, and retain_grad tensors)."""
    @grad.setter
    def grad(self, value: Tensor | None) -> None: ...
    @property
    def requires_grad(self) -> bool:
        """Whether gradients flow to this tensor."""
    @requires_grad.setter
    def requires_grad(self, value: bool) -> None: ...
    def requires_grad_(self, requires_grad: bool = ...) -> Tensor:
        """Set `requires_grad` in place and return self."""
    @property
    def is_leaf(self) -> bool:
        """True for tensors not made by a recorded op: their `.grad` is kept by backward."""
    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in `.grad` after backward."""
    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> _HookHandle:
        """Call `hook(grad)` when this tensor's gradient is known; a returned tensor replaces it."""
    def detach(self) -> Tensor:
        """The same data (shared memory), cut off from the graph."""
    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the data."""
    @property
    def ndim(self) -> int:
        """The number of axes."""
    @property
    def dtype(self) -> np.dtype:
        """The numpy dtype of the data."""
    def __len__(self) -> int: ...
    def numpy(self) -> np.ndarray:
        """The data as an ndarray (shared memory, as in PyTorch)."""
    def item(self) -> float | int | bool:
        """The single value of a one-element tensor, as a Python number."""
    def tolist(self) -> Any:
        """The data as nested Python lists."""
    def __array__(self, dtype: Any = ..., copy: bool | None = ...) -> np.ndarray: ...
    def __bool__(self) -> bool: ...
    def __float__(self) -> float: ...
    def __int__(self) -> int: ...
    def __hash__(self):
        """Return hash(self)."""
    def __reduce_ex__(self, protocol: Any) -> tuple:
        """Pickle (and deepcopy) a leaf by its values, requires_grad, name and grad; a tensor made by an op is refused, as PyTorch refuses, rather than pickling its whole graph (which would hit the recursion limit on a deep one)."""
    def __iter__(self) -> Iterator[Tensor]: ...
    def add_(self, other: Any, alpha: float = ...) -> Tensor:
        """self += alpha * other, in place (the version stamp records the write)."""
    def sub_(self, other: Any, alpha: float = ...) -> Tensor:
        """self -= alpha * other, in place."""
    def mul_(self, other: Any) -> Tensor:
        """self *= other, in place."""
    def div_(self, other: Any) -> Tensor:
        """self /= other, in place."""
    def __iadd__(self, other: Any) -> Tensor:
        """self += other, in place."""
    def __isub__(self, other: Any) -> Tensor:
        """self -= other, in place."""
    def __imul__(self, other: Any) -> Tensor:
        """self *= other, in place."""
    def __itruediv__(self, other: Any) -> Tensor:
        """self /= other, in place."""
    def __setitem__(self, index: Any, value: Any) -> None: ...
    def zero_(self) -> Tensor:
        """Fill with zeros in place."""
    def fill_(self, value: float) -> Tensor:
        """Fill with `value` in place."""
    def copy_(self, src: Any) -> Tensor:
        """Copy `src` (broadcast) into this tensor in place."""
    def __repr__(self) -> str: ...
    def __array_ufunc__(self, ufunc: Any, method: str, *args: Any, **kwargs: Any) -> Any: ...
    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any: ...
    def backward(self: Tensor, gradient: Any = ..., retain_graph: bool | None = ..., create_graph: bool = ...) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's `.grad` by the chain rule."""
    def astype(x: Tensor, dtype: Any) -> Tensor:
        """x converted to `dtype` (differentiable between floating dtypes)."""
    def exp(x: Any) -> Tensor:
        """e ** x elementwise."""
    def log(x: Any) -> Tensor:
        """Natural logarithm elementwise."""
    def sqrt(x: Any) -> Tensor:
        """Square root elementwise."""
    def abs(x: Any) -> Tensor:
        """Absolute value elementwise."""
    def __abs__(x: Any) -> Tensor:
        """Absolute value elementwise."""
    def sin(x: Any) -> Tensor:
        """Sine elementwise."""
    def cos(x: Any) -> Tensor:
        """Cosine elementwise."""
    def tanh(x: Any) -> Tensor:
        """Hyperbolic tangent elementwise."""
    def sigmoid(x: Any) -> Tensor:
        """Logistic sigmoid elementwise, stable for large |x|."""
    def relu(x: Any) -> Tensor:
        """max(x, 0) elementwise."""
    def clip(x: Any, min: Any = ..., max: Any = ...) -> Tensor:
        """x limited to [min, max] elementwise: numbers or tensors (broadcast, gradients flow to them), either may be None; alias `clamp`."""
    def clamp(x: Any, min: Any = ..., max: Any = ...) -> Tensor:
        """x limited to [min, max] elementwise: numbers or tensors (broadcast, gradients flow to them), either may be None; alias `clamp`."""
    def sign(x: Any) -> Tensor:
        """1 where x > 0, -1 where x < 0, else 0 (NaN included), elementwise; zero gradient."""
    def floor(x: Any) -> Tensor:
        """The largest integer <= x elementwise (integers stay integers); zero gradient."""
    def ceil(x: Any) -> Tensor:
        """The smallest integer >= x elementwise (integers stay integers); zero gradient."""
    def round(x: Any, decimals: int = ...) -> Tensor:
        """x rounded to `decimals` digits elementwise, halves to even; zero gradient."""
    def __round__(x: Any, decimals: int = ...) -> Tensor:
        """x rounded to `decimals` digits elementwise, halves to even; zero gradient."""
    def reciprocal(x: Any) -> Tensor:
        """1 / x elementwise (integers give the default float dtype)."""
    def rsqrt(x: Any) -> Tensor:
        """1 / sqrt(x) elementwise."""
    def square(x: Any) -> Tensor:
        """x * x elementwise (integers stay integers)."""
    def log1p(x: Any) -> Tensor:
        """log(1 + x) elementwise, exact for tiny x."""
    def expm1(x: Any) -> Tensor:
        """exp(x) - 1 elementwise, exact for tiny x."""
    def atan2(x: Any, other: Any) -> Tensor:
        """The angle of the point (other, x) in (-pi, pi] elementwise, broadcast (atan(x / other) in the right quadrant)."""
    def arctan2(x: Any, other: Any) -> Tensor:
        """The angle of the point (other, x) in (-pi, pi] elementwise, broadcast (atan(x / other) in the right quadrant)."""
    def lerp(x: Any, end: Any, weight: Any) -> Tensor:
        """x + weight * (end - x) elementwise, broadcast; `weight` a number or a tensor."""
    def erf(x: Any) -> Tensor:
        """The error function elementwise."""
    def add(x: Any, y: Any, *, alpha: float = ...) -> Tensor:
        """x + alpha * y, broadcast."""
    def __add__(x: Any, y: Any, *, alpha: float = ...) -> Tensor:
        """x + alpha * y, broadcast."""
    def __radd__(self: Tensor, other: Any) -> Tensor:
        """add(other, self)."""
    def sub(x: Any, y: Any, *, alpha: float = ...) -> Tensor:
        """x - alpha * y, broadcast."""
    def __sub__(x: Any, y: Any, *, alpha: float = ...) -> Tensor:
        """x - alpha * y, broadcast."""
    def __rsub__(self: Tensor, other: Any) -> Tensor:
        """sub(other, self)."""
    def mul(x: Any, y: Any) -> Tensor:
        """x * y elementwise, broadcast."""
    def __mul__(x: Any, y: Any) -> Tensor:
        """x * y elementwise, broadcast."""
    def __rmul__(self: Tensor, other: Any) -> Tensor:
        """mul(other, self)."""
    def div(x: Any, y: Any, *, rounding_mode: str | None = ...) -> Tensor:
        """x / y elementwise, broadcast: true division (integers give the default float dtype), or rounded toward zero (`rounding_mode='trunc'`) or down ('floor'), with zero gradient."""
    def __truediv__(x: Any, y: Any, *, rounding_mode: str | None = ...) -> Tensor:
        """x / y elementwise, broadcast: true division (integers give the default float dtype), or rounded toward zero (`rounding_mode='trunc'`) or down ('floor'), with zero gradient."""
    def __rtruediv__(self: Tensor, other: Any) -> Tensor:
        """div(other, self)."""
    def pow(x: Any, y: Any) -> Tensor:
        """x ** y elementwise, broadcast."""
    def __pow__(x: Any, y: Any) -> Tensor:
        """x ** y elementwise, broadcast."""
    def __rpow__(self: Tensor, other: Any) -> Tensor:
        """pow(other, self)."""
    def neg(x: Any) -> Tensor:
        """-x."""
    def __neg__(x: Any) -> Tensor:
        """-x."""
    def positive(x: Any) -> Tensor:
        """+x: x itself."""
    def __pos__(x: Any) -> Tensor:
        """+x: x itself."""
    def maximum(x: Any, y: Any) -> Tensor:
        """Elementwise maximum, broadcast."""
    def minimum(x: Any, y: Any) -> Tensor:
        """Elementwise minimum, broadcast."""
    def lt(x: Any, y: Any) -> Tensor:
        """x < y elementwise, broadcast (boolean)."""
    def __lt__(x: Any, y: Any) -> Tensor:
        """x < y elementwise, broadcast (boolean)."""
    def le(x: Any, y: Any) -> Tensor:
        """x <= y elementwise, broadcast (boolean)."""
    def __le__(x: Any, y: Any) -> Tensor:
        """x <= y elementwise, broadcast (boolean)."""
    def gt(x: Any, y: Any) -> Tensor:
        """x > y elementwise, broadcast (boolean)."""
    def __gt__(x: Any, y: Any) -> Tensor:
        """x > y elementwise, broadcast (boolean)."""
    def ge(x: Any, y: Any) -> Tensor:
        """x >= y elementwise, broadcast (boolean)."""
    def __ge__(x: Any, y: Any) -> Tensor:
        """x >= y elementwise, broadcast (boolean)."""
    def eq(x: Any, y: Any) -> Tensor:
        """x == y elementwise, broadcast (boolean)."""
    def __eq__(x: Any, y: Any) -> Tensor:
        """x == y elementwise, broadcast (boolean)."""
    def ne(x: Any, y: Any) -> Tensor:
        """x != y elementwise, broadcast (boolean)."""
    def __ne__(x: Any, y: Any) -> Tensor:
        """x != y elementwise, broadcast (boolean)."""
    def isclose(x: Any, y: Any, rtol: float = ..., atol: float = ..., equal_nan: bool = ...) -> Tensor:
        """|x - y| <= atol + rtol * |y| elementwise, broadcast (boolean): infinities are close to themselves, NaN only to NaN and only with `equal_nan`."""
    def allclose(x: Any, y: Any, rtol: float = ..., atol: float = ..., equal_nan: bool = ...) -> bool:
        """Whether x and y are close everywhere (isclose), as a Python bool."""
    def matmul(x: Any, y: Any) -> Tensor:
        """x @ y as numpy's matmul: 1-D operands act as a row (first) or column (second) vector."""
    def __matmul__(x: Any, y: Any) -> Tensor:
        """x @ y as numpy's matmul: 1-D operands act as a row (first) or column (second) vector."""
    def __rmatmul__(self: Tensor, other: Any) -> Tensor:
        """matmul(other, self)."""
    def __getitem__(x: Tensor, index: Any) -> Tensor:
        """x[index]: basic slicing, integer arrays and boolean masks, as PyTorch (integers mixed with arrays index first, so the arrays' dims stay where they are)."""
    def gather(x: Any, dim: int, index: Any) -> Tensor:
        """x's values along `dim` at `index` (out[i][j] = x[index[i][j]][j] for dim 0); index has x's number of dims and is no larger in the others. The gradient is added back at `index`."""
    def logsumexp(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """log(sum(exp(x))) over `axis`, computed without overflow."""
    def softmax(x: Any, axis: int = ..., *, dim: Axis = ...) -> Tensor:
        """exp(x) normalised to sum to 1 along `axis`, computed without overflow."""
    def log_softmax(x: Any, axis: int = ..., *, dim: Axis = ...) -> Tensor:
        """log(softmax(x)) along `axis`, computed without overflow or log(0)."""
    def sum(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dtype: Any = ..., dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Sum over `axis` (all axes if None), in `dtype` if given."""
    def max(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor | tuple[Tensor, Tensor]:
        """Largest value over `axis`: over one int axis (PyTorch's `max(dim)`) the pair (values, indices), the gradient going to the index returned; else the values, ties sharing it."""
    def min(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor | tuple[Tensor, Tensor]:
        """Smallest value over `axis`: over one int axis the pair (values, indices), else values."""
    def mean(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dtype: Any = ..., dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Average over `axis`: sum / count (of a floating tensor, or in a floating `dtype`)."""
    def var(x: Any, axis: Axis = ..., keepdims: bool = ..., correction: int = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Variance over `axis`, divided by max(0, count - correction) as PyTorch (inf, or NaN for no spread, when correction >= count): 1 is unbiased, PyTorch's default; pass correction=0 for numpy's and batch norm's biased estimate."""
    def std(x: Any, axis: Axis = ..., keepdims: bool = ..., correction: int = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Standard deviation: sqrt(var), with gradient 0 where the variance is 0, as PyTorch's."""
    def norm(x: Any, p: Any = ..., axis: Axis = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """The vector p-norm over `axis` (all dims if None), as PyTorch's norm: p = "fro" or 2 (sqrt of the sum of squares), 1, inf, -inf, or another number > 0; gradient 0 at 0."""
    def dot(x: Any, y: Any) -> Tensor:
        """The inner product of two 1-D tensors of one length (an einsum)."""
    def outer(x: Any, y: Any) -> Tensor:
        """The outer product x_i * y_j of two 1-D tensors (an einsum)."""
    def argmax(x: Any, axis: int | None = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Index of the largest value along `axis` (of the flattened tensor if None)."""
    def argmin(x: Any, axis: int | None = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Index of the smallest value along `axis` (of the flattened tensor if None)."""
    def all(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Whether every element over `axis` is nonzero (boolean, no gradient)."""
    def any(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Whether some element over `axis` is nonzero (boolean, no gradient)."""
    def sum_to(g: Any, shape: tuple[int, ...]) -> Any:
        """Sum `g` (an ndarray or a Tensor) down to `shape`: the reverse of numpy broadcasting."""
    def cumsum(x: Any, axis: int, *, dtype: Any = ..., dim: Axis = ...) -> Tensor:
        """Running sum along `axis` (PyTorch's `dim`), in `dtype` if given."""
    def cumprod(x: Any, axis: int, *, dtype: Any = ..., dim: Axis = ...) -> Tensor:
        """Running product along `axis` (PyTorch's `dim`), in `dtype` if given; exact at zeros."""
    def cummax(x: Any, axis: int, *, dim: Axis = ...) -> tuple[Tensor, Tensor]:
        """Running maximum along `axis` and its indices (the latest among ties, as PyTorch)."""
    def cummin(x: Any, axis: int, *, dim: Axis = ...) -> tuple[Tensor, Tensor]:
        """Running minimum along `axis` and its indices (the latest among ties, as PyTorch)."""
    def prod(x: Any, axis: Axis = ..., keepdims: bool = ..., *, dtype: Any = ..., dim: Axis = ..., keepdim: bool | None = ...) -> Tensor:
        """Product over `axis` (all if None); the gradient is exact where elements are 0."""
    def sort(x: Any, dim: int = ..., descending: bool = ..., stable: bool = ...) -> tuple[Tensor, Tensor]:
        """x sorted along `dim` and the indices it came from (always stable; NaN sorts as largest); the gradient goes back to those indices."""
    def argsort(x: Any, dim: int = ..., descending: bool = ..., stable: bool = ...) -> Tensor:
        """The indices that sort x along `dim` (always stable; NaN sorts as largest)."""
    def topk(x: Any, k: int, dim: int = ..., largest: bool = ..., sorted: bool = ...) -> tuple[Tensor, Tensor]:
        """The k largest (smallest if not `largest`) values along `dim`, in order, and their indices (ties in index order); the gradient goes back to those indices."""
    def index_select(x: Any, dim: int, index: Any) -> Tensor:
        """The slices of x at the positions `index` (1-D) along `dim`, in that order."""
    def masked_fill(x: Any, mask: Any, value: Any) -> Tensor:
        """x with `value` where `mask` (broadcast to x's shape) is true; the gradient of x is 0 there and that of value (a 0-d tensor) the sum of the gradient there."""
    def scatter(x: Any, dim: int, index: Any, src: Any) -> Tensor:
        """x with src written at `index` along `dim` (x[index[i][j]][j] = src[i][j] for dim 0); src may be a number. Where index repeats a position the last write wins, as numpy's."""
    def scatter_add(x: Any, dim: int, index: Any, src: Any) -> Tensor:
        """x with src added at `index` along `dim` (x[index[i][j]][j] += src[i][j] for dim 0), repeated positions summed; the gradient of src gathers the gradient from there."""
    def reshape(x: Any, *shape: Any) -> Tensor:
        """The same elements in a new shape (one dimension may be -1)."""
    def view(x: Any, *shape: Any) -> Tensor:
        """The same elements in a new shape (one dimension may be -1)."""
    def flatten(x: Any, start_dim: int = ..., end_dim: int = ...) -> Tensor:
        """Axes start_dim..end_dim merged into one."""
    def permute(x: Any, *axes: Any) -> Tensor:
        """The axes in a new order."""
    @property
    def T(self) -> Tensor:
        """Axes reversed, or reordered by `axes` (numpy's transpose, and `x.T`)."""
    def transpose(x: Any, dim0: int, dim1: int) -> Tensor:
        """Two axes exchanged (PyTorch's transpose; numpy's swapaxes)."""
    def swapaxes(x: Any, dim0: int, dim1: int) -> Tensor:
        """Two axes exchanged (PyTorch's transpose; numpy's swapaxes)."""
    @property
    def mT(self) -> Tensor:
        """The last two axes swapped (PyTorch's `mT`)."""
    def squeeze(x: Any, axis: int | tuple[int, ...] | None = ...) -> Tensor:
        """Size-1 axes removed (only among `axis`, if given: others are kept, as PyTorch)."""
    def unsqueeze(x: Any, axis: int) -> Tensor:
        """A size-1 axis inserted at `axis`, in [-ndim - 1, ndim]."""
    def expand(x: Any, *shape: Any) -> Tensor:
        """x broadcast to `shape` without copying (-1 keeps a dimension)."""
    def broadcast_to(x: Any, *shape: Any) -> Tensor:
        """x broadcast to `shape` without copying (-1 keeps a dimension)."""
    def split(x: Any, split_size_or_sections: int | Sequence[int], axis: int = ..., *, dim: int | None = ...) -> list[Tensor]:
        """Pieces along `axis` (or `dim`): of `split_size` each (the last may be smaller), or of the sizes listed (PyTorch's meaning, not numpy's)."""
    def pad(x: Any, pad_width: Any, mode: str = ..., value: float = ...) -> Tensor:
        """x with a constant border; `pad_width` as numpy's: n, (before, after) or one pair per axis. Only mode="constant" is built."""
    def clone(x: Any) -> Tensor:
        """A copy of x that the gradient passes through (PyTorch's clone)."""
    def size(x: Tensor, dim: int | None = ...) -> tuple[int, ...] | int:
        """The shape, or the size of axis `dim` (PyTorch's size(); `numel()` counts elements)."""
    def numel(x: Tensor) -> int:
        """The number of elements."""
    def repeat(x: Any, *sizes: Any) -> Tensor:
        """x repeated sizes[d] times along each dim, new leading dims for extra sizes (PyTorch's repeat, numpy's tile): an expand of interleaved size-1 dims, so the gradient is summed."""
    def tile(x: Any, dims: Sequence[int]) -> Tensor:
        """x repeated dims[d] times along each dim (missing leading dims repeat once)."""
    def flip(x: Any, dims: Axis = ..., *, axis: Axis = ...) -> Tensor:
        """x with the order reversed along `dims` (numpy's `axis`; all dims if None): a view."""
    def roll(x: Any, shifts: int | Sequence[int], dims: int | Sequence[int] | None = ...) -> Tensor:
        """x shifted by `shifts` along `dims`, wrapping around (the flattened x if dims is None)."""
    def tril(x: Any, diagonal: int = ...) -> Tensor:
        """x with the elements above its `diagonal`-th diagonal (of the last two dims) set to 0."""
    def triu(x: Any, diagonal: int = ...) -> Tensor:
        """x with the elements below its `diagonal`-th diagonal (of the last two dims) set to 0."""

def method(*names: str, numpy: Any = ..., reflected: str = ..., prop: bool = ...) -> Callable:
    """Decorate an op to attach it to Tensor as each of `names` (as a property if `prop`), with its operands swapped as `reflected` (`__radd__`); numpy's function(s) `numpy` called on a Tensor run the op instead."""

def refuse_graph_members(data: Any, where: str) -> None:
    """Refuse a Python list holding tensors that require grad: turning it into one new array would silently cut their gradient."""

def make_tensor(data: np.ndarray, vc: list[int] | None = ..., grad_fn: Any = ...) -> Tensor:
    """A tensor around an op's result, without the checks of `__init__` (every op pays this)."""

class _HookHandle:
    """Returned by `register_hook`; `remove()` takes the hook off again."""
    def __init__(self, hooks: list[Callable], hook: Callable) -> None: ...
    def remove(self) -> None:
        """Stop calling the hook."""
