"""Content-Encoding decoding with a hard cap on the decoded size.

httpx (and aiohttp) hand over whole decoded chunks before a byte counter can react: one 64 KiB
chunk of a gzip bomb decodes to 67 MB, and ``gzip, gzip`` turns 1.8 KB into 1 GiB (hazards.md F3).
We read raw bytes and decode with ``zlib.decompressobj().decompress(data, max_length)``, so no
more than ``limit + 1`` bytes are ever produced. Stacked and unknown codings are refused.
"""

from __future__ import annotations

import zlib

from watcher.errors import FetchError, FetchKind

ACCEPT_ENCODING = "gzip, deflate"


class BodyTooLarge(FetchError):
    def __init__(self, limit: int) -> None:
        super().__init__(FetchKind.TOO_LARGE, f"body larger than {limit:,} bytes after decompression", retryable=True)


class BoundedDecoder:
    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise FetchError(FetchKind.ENCODING, f"stacked content-encodings refused ({content_encoding})", retryable=True)
        self.coding = codings[0] if codings else ""
        if self.coding not in ("", "gzip", "x-gzip", "deflate"):
            raise FetchError(FetchKind.ENCODING, f"unsupported content-encoding {self.coding!r}", retryable=True)
        self.limit = limit
        self.size = 0
        self._parts: list[bytes] = []
        self._z: zlib._Decompress | None = None
        self._pending_deflate = self.coding == "deflate"
        if self.coding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, chunk: bytes) -> None:
        if not chunk:
            return
        if not self.coding:
            self._add(chunk)
            return
        if self._pending_deflate:
            # "deflate" is zlib-wrapped per RFC, raw deflate in practice; decide on the first byte
            self._z = zlib.decompressobj(zlib.MAX_WBITS if (chunk[0] & 0x0F) == 8 else -zlib.MAX_WBITS)
            self._pending_deflate = False
        self._inflate(chunk)

    def _inflate(self, data: bytes) -> None:
        assert self._z is not None
        while data:
            try:
                out = self._z.decompress(data, self.limit - self.size + 1)
            except zlib.error as e:
                raise FetchError(FetchKind.ENCODING, f"corrupt {self.coding} body ({e})", retryable=True) from e
            self._add(out)
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data:   # a second gzip member
                rest = self._z.unused_data
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = rest

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise BodyTooLarge(self.limit)
        self._parts.append(data)

    def finish(self) -> bytes:
        if self._z is not None:
            try:
                # flush's argument is only the first size of its output buffer, not a cap (the
                # cap is _add's): a size near the limit allocated ~10 MB for every gzip body
                self._add(self._z.flush())
            except zlib.error as e:
                raise FetchError(FetchKind.ENCODING, f"corrupt {self.coding} body ({e})", retryable=True) from e
        return b"".join(self._parts)
