"""`Embedding`: a lookup table of vectors, one row per index."""

from __future__ import annotations

from autograd import Tensor, no_grad, randn

from . import functional as F
from .module import Module
from .parameter import Parameter


class Embedding(Module):
    """Rows of a (num_embeddings, embedding_dim) weight, initialised N(0, 1) as PyTorch's, the
    `padding_idx` row zero and left out of the gradient."""

    def __init__(
        self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None
    ) -> None:
        super().__init__()
        if padding_idx is not None and not -num_embeddings <= padding_idx < num_embeddings:
            raise ValueError(
                f"Embedding: padding_idx {padding_idx} out of range for {num_embeddings} rows"
            )
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx = None if padding_idx is None else padding_idx % num_embeddings
        self.weight = Parameter(randn(num_embeddings, embedding_dim))
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0.0

    def forward(self, x: Tensor) -> Tensor:
        try:
            return F.embedding(x, self.weight, self.padding_idx)
        except IndexError as err:
            raise IndexError(f"{self!r}: {err}") from None

    def extra_repr(self) -> str:
        pad = "" if self.padding_idx is None else f", padding_idx={self.padding_idx}"
        return f"{self.num_embeddings}, {self.embedding_dim}{pad}"
