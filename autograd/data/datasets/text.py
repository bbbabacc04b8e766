"""Text for character-level models: Shakespeare's Sonnets, shipped with the package
(`sonnets.txt`; see DATA.md beside it), and `CharDataset`, windows of a text with the next
character of each position as its target."""

from __future__ import annotations

from importlib import resources

import numpy as np

from ..dataset import Dataset


def sonnets() -> str:
    """Shakespeare's 154 Sonnets (1609; public domain), 95,728 characters of ASCII from 62
    distinct ones: a text a small LSTM learns to imitate in minutes."""
    return (resources.files(__package__) / "sonnets.txt").read_text(encoding="ascii")


class CharDataset(Dataset):
    """Every window of `seq_len` characters of `text` (the Sonnets if None), item i being
    (codes of text[i : i + seq_len], codes of text[i + 1 : i + seq_len + 1]), int64 arrays:
    the input, and the character that follows each position. Codes index `chars`, the sorted
    distinct characters; `encode` and `decode` convert."""

    def __init__(self, text: str | None = None, seq_len: int = 64) -> None:
        text = sonnets() if text is None else text
        if isinstance(seq_len, bool) or not isinstance(seq_len, int) or seq_len < 1:
            raise ValueError(f"CharDataset: seq_len must be an integer >= 1, got {seq_len!r}")
        if len(text) <= seq_len:
            raise ValueError(
                f"CharDataset: the text has {len(text)} characters; windows of seq_len="
                f"{seq_len} need at least {seq_len + 1}"
            )
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        unique, codes = np.unique(points, return_inverse=True)
        self.chars = [chr(c) for c in unique]
        self.index = {c: i for i, c in enumerate(self.chars)}
        self.codes = codes.astype(np.int64)
        self.codes.flags.writeable = False  # items are views of it
        self.seq_len = seq_len

    @property
    def vocab_size(self) -> int:
        """The number of distinct characters."""
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """The codes of `text`'s characters (each must occur in the dataset's text)."""
        unknown = sorted(set(text) - self.index.keys())
        if unknown:
            raise ValueError(f"CharDataset.encode: characters not in the text: {unknown}")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, codes: object) -> str:
        """The text that `codes` (a sequence, array or Tensor of ints) stand for."""
        return "".join(self.chars[i] for i in np.asarray(codes).ravel().tolist())

    def __len__(self) -> int:
        return len(self.codes) - self.seq_len

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"CharDataset: index {index} out of range for {n} windows")
        start = index % n
        window = self.codes[start : start + self.seq_len + 1]
        return window[:-1], window[1:]
