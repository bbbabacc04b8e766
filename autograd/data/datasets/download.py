"""Downloading a dataset's files from a list of mirrors: each checked against its MD5 and
written atomically (a temporary file in the same folder, renamed when complete and correct)."""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.request
from collections.abc import Sequence
from pathlib import Path

TIMEOUT = 30.0  # seconds to wait for a mirror to answer (or send more) before trying the next


class DownloadError(RuntimeError):
    """No mirror gave the file whole and with the expected checksum; says what each did."""


def download_missing(
    folder: Path, resources: Sequence[tuple[str, str]], mirrors: Sequence[str]
) -> None:
    """Each (file name, MD5) of `resources` not yet in `folder` (gzipped or not), downloaded
    from the first of `mirrors` (base URLs) that gives it whole and matching its MD5."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, md5 in resources:
        if not any((folder / n).exists() for n in (name, name.removesuffix(".gz"))):
            download(folder / name, md5, mirrors)


def download(path: Path, md5: str, mirrors: Sequence[str]) -> None:
    """`path` fetched from the first mirror that serves it correctly, or a DownloadError listing
    every mirror's failure."""
    failures = []
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + path.name
        print(f"Downloading {url} to {path}")
        try:
            fetch(url, path, md5)
            return
        except (OSError, http.client.HTTPException, ValueError) as err:
            failures.append(f"{url}: {type(err).__name__}: {err}")
    raise DownloadError(
        f"could not download {path.name} into {path.parent}; tried:\n  " + "\n  ".join(failures)
    )


def fetch(url: str, path: Path, md5: str) -> None:
    """`url` saved at `path` if it arrives whole with MD5 `md5`; otherwise an error, and no file
    (not even part of one) is left behind."""
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        digest = hashlib.md5(usedforsecurity=False)  # a checksum against the published ones
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            announced = response.headers.get("Content-Length")
            while chunk := response.read(1 << 16):
                digest.update(chunk)
                out.write(chunk)
            received = out.tell()
            out.flush()
            os.fsync(out.fileno())
        # http.client returns a short body without complaint when the server hangs up early.
        if announced is not None and received != int(announced):
            raise ConnectionError(f"connection closed after {received} of {announced} bytes")
        if digest.hexdigest() != md5:
            raise ValueError(f"checksum mismatch: MD5 {digest.hexdigest()}, expected {md5}")
        os.replace(part, path)
    finally:
        Path(part).unlink(missing_ok=True)
