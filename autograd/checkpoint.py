"""`save` and `load`: state dicts as safetensors files, never pickle (loading a pickle can run any
code). Tensors are stored under their dotted path (a model's `0.weight` stays `0.weight`, so
PyTorch's `safetensors.torch.load_file` + `load_state_dict` read our files); everything that is
not a tensor (an optimizer's settings, ints as dict keys, tuples) goes as JSON into the header's
metadata, so `load` gives back the structure that was saved."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import safetensors.numpy

from .tensor import Tensor, make_tensor

_FORMAT = "glassgrad"  # the metadata key that holds the structure
_HEADER_LIMIT = 100_000_000  # safetensors' own bound on a header's size
_DTYPES = {  # safetensors' dtype names that numpy can hold
    "F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
    "I16": np.int16, "I8": np.int8, "U64": np.uint64, "U32": np.uint32, "U16": np.uint16,
    "U8": np.uint8, "BOOL": np.bool_,
}  # fmt: skip


class CheckpointError(ValueError):
    """A file `load` cannot read safely; the message names the file and the problem."""


# --- save ------------------------------------------------------------------------------------
def save(obj: Any, path: str | os.PathLike) -> None:
    """Write `obj` (a state_dict: nested dicts, lists and tuples of Tensors, numbers, strings,
    bools and None) to `path` as safetensors, atomically: a temporary file beside it is renamed
    over it only once complete, so a crash never leaves half a checkpoint."""
    tensors: dict[str, np.ndarray] = {}
    structure = _encode(obj, "", tensors)
    blob = safetensors.numpy.save(tensors, metadata={_FORMAT: json.dumps(structure)})
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _encode(obj: Any, path: str, tensors: dict[str, np.ndarray]) -> Any:
    """The JSON form of `obj`, its tensors moved into `tensors` under their dotted path."""
    if isinstance(obj, Tensor):
        name = path or "tensor"
        if name in tensors:
            raise ValueError(
                f"save: two tensors are both named {name!r} once keys are joined by '.'"
            )
        tensors[name] = np.ascontiguousarray(obj.data)
        return {"tensor": name}
    if isinstance(obj, dict):
        return {"dict": [[_key(k), _encode(v, _join(path, k), tensors)] for k, v in obj.items()]}
    if isinstance(obj, list | tuple):
        items = [_encode(v, _join(path, i), tensors) for i, v in enumerate(obj)]
        return {type(obj).__name__: items}
    if isinstance(obj, np.generic):
        obj = obj.item()
    if obj is None or isinstance(obj, bool | int | float | str):
        return {"value": obj}
    raise TypeError(
        f"save: {path or 'the object'} is a {type(obj).__name__}; a checkpoint holds Tensors, "
        "numbers, strings, bools, None and dicts, lists and tuples of them"
    )


def _key(k: Any) -> list[Any]:
    """A dict key with its type (JSON keys are strings; optimizer state is keyed by ints)."""
    if isinstance(k, bool) or not isinstance(k, int | str):
        raise TypeError(f"save: dict keys must be str or int, got {type(k).__name__} {k!r}")
    return ["int" if isinstance(k, int) else "str", k]


def _join(path: str, k: Any) -> str:
    return f"{path}.{k}" if path else str(k)


# --- load ------------------------------------------------------------------------------------
def load(path: str | os.PathLike) -> Any:
    """What `save` wrote to `path`; a safetensors file from elsewhere (PyTorch's
    `save_file(model.state_dict(), ...)`) gives a dict of its tensors by name. Every byte of the
    header is checked before any tensor is made; nothing in the file is ever executed."""
    data = _read(Path(path))
    header, body = _header(data, path)
    _check_tensors(header, len(data) - 8 - body, path)
    arrays = safetensors.numpy.load(data)
    meta = header.get("__metadata__") or {}
    if _FORMAT not in meta:
        return {name: _tensor(arrays[name]) for name in header if name != "__metadata__"}
    try:
        return _decode(json.loads(meta[_FORMAT]), arrays)
    except (ValueError, KeyError, TypeError, IndexError):
        raise CheckpointError(
            f"load: {path}: the structure in its header does not match its tensors"
        ) from None


def _read(path: Path) -> bytes:
    """The file's bytes; a pickle (or PyTorch's zip of pickles) is refused before any parsing."""
    data = path.read_bytes()
    if data[:1] == b"\x80" or data[:4] == b"PK\x03\x04":
        raise CheckpointError(
            f"load: {path} is a pickle (PyTorch's torch.save format); glassgrad never unpickles, "
            "since unpickling can run any code. In PyTorch, write it with "
            "safetensors.torch.save_file(model.state_dict(), 'model.safetensors')"
        )
    return data


def _header(data: bytes, path: Any) -> tuple[dict[str, Any], int]:
    """The header's JSON and its length in bytes, checked against the file's size."""
    if len(data) < 8:
        raise CheckpointError(f"load: {path}: {len(data)} bytes is too short for a checkpoint")
    n = int.from_bytes(data[:8], "little")
    if n > min(len(data) - 8, _HEADER_LIMIT):
        raise CheckpointError(
            f"load: {path}: the header claims {n} bytes but the file has {len(data) - 8} after "
            "its length (truncated, or not a safetensors file)"
        )
    try:
        header = json.loads(data[8 : 8 + n])
    except (UnicodeDecodeError, json.JSONDecodeError):
        header = None
    if not isinstance(header, dict):
        raise CheckpointError(f"load: {path}: not a safetensors file (its header is not JSON)")
    return header, n


def _check_tensors(header: dict[str, Any], size: int, path: Any) -> None:
    """Each entry's dtype, shape and byte range agree, and the ranges tile the data exactly."""
    spans = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        where = f"load: {path}: tensor {name!r}"
        if not isinstance(info, dict) or info.get("dtype") not in _DTYPES:
            dtype = info.get("dtype") if isinstance(info, dict) else info
            raise CheckpointError(f"{where} has dtype {dtype!r}, which numpy cannot hold")
        shape, offsets = info.get("shape"), info.get("data_offsets")
        if not _ints(shape, None) or not _ints(offsets, 2) or not 0 <= offsets[0] <= offsets[1]:
            raise CheckpointError(f"{where}: bad shape {shape!r} or offsets {offsets!r}")
        need = int(np.prod(shape)) * np.dtype(_DTYPES[info["dtype"]]).itemsize
        if offsets[1] - offsets[0] != need or offsets[1] > size:
            raise CheckpointError(
                f"{where}: shape {shape} of {info['dtype']} needs {need} bytes, its offsets "
                f"{offsets} give {offsets[1] - offsets[0]} within {size} bytes of data"
            )
        spans.append(offsets)
    end = 0
    for start, stop in sorted(spans):
        if start != end:
            raise CheckpointError(f"load: {path}: tensors overlap or leave gaps at byte {end}")
        end = stop
    if end != size:
        raise CheckpointError(f"load: {path}: {size - end} bytes after the last tensor")


def _ints(value: Any, n: int | None) -> bool:
    """Whether `value` is a list of non-negative ints (of length n, if given)."""
    return (
        isinstance(value, list)
        and (n is None or len(value) == n)
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    )


def _tensor(array: np.ndarray) -> Tensor:
    """A Tensor owning a writable copy of a loaded array."""
    return make_tensor(array if array.flags.writeable else array.copy())


def _decode(node: dict[str, Any], arrays: dict[str, np.ndarray]) -> Any:
    """The object that `_encode` turned into `node`."""
    ((kind, value),) = node.items()
    if kind == "tensor":
        return _tensor(arrays[value])
    if kind == "dict":
        return {(int(k) if t == "int" else k): _decode(v, arrays) for (t, k), v in value}
    if kind in ("list", "tuple"):
        items = [_decode(v, arrays) for v in value]
        return items if kind == "list" else tuple(items)
    if kind == "value":
        return value
    raise ValueError(kind)
