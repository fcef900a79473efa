"""Bytes to text, with clear refusals for binary data and undecodable bytes."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import BinaryInputError, EmptyInputError, EncodingInputError

#: File signatures of formats that are never article text.
BINARY_MAGIC: dict[bytes, str] = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
#: Bytes that plain text does not contain (C0 controls except tab, newline, carriage return, form feed).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: A valid UTF-8 multi-byte sequence: its presence means the text was meant as UTF-8.
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: Numeric character references to surrogates (``&#xD800;``): feedparser fails on the whole feed
#: encoding them, so they become U+FFFD before parsing.
_SURROGATE_REF = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(?:5529[6-9]|55[3-9]\d\d|56\d\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3]));")
#: Bytes sampled for the binary test: enough to see a header and a few paragraphs.
BINARY_SAMPLE_BYTES = 65536


def check_binary(data: bytes, source: str, max_control_ratio: float) -> None:
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(source, f"binary file: {what}, not text")
    sample = data[:BINARY_SAMPLE_BYTES]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    controls = len(_CONTROL.findall(sample))
    if b"\x00" in sample or controls > max_control_ratio * max(len(sample), 1):
        raise BinaryInputError(
            source, f"binary data ({controls} control bytes in the first {len(sample)} bytes), not text")


def decode_bytes(data: bytes, source: str, *, max_control_ratio: float = 0.05,
                 max_replacement_ratio: float = 0.01) -> tuple[str, list[str]]:
    """Decode ``data`` to NFC text. Returns (text, warnings); raises an InputError subclass."""
    if not data.strip():
        raise EmptyInputError(source, "empty file" if not data else "only white space")
    check_binary(data, source, max_control_ratio)
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingInputError(source, f"broken UTF-16 text: {exc.reason}") from exc
        warnings.append("decoded as UTF-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_non_utf8(data, source, max_replacement_ratio, warnings)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise EmptyInputError(source, "no text after decoding")
    return text, warnings


def _decode_non_utf8(data: bytes, source: str, max_ratio: float, warnings: list[str]) -> str:
    if _UTF8_MULTI.search(data):
        # Meant as UTF-8, but some bytes are broken: tolerate a few, refuse garbage.
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > max_ratio * len(text):
            raise EncodingInputError(
                source, f"broken UTF-8: {bad} undecodable bytes in {len(data)} "
                f"(more than {max_ratio:.0%} allowed)")
        warnings.append(f"broken UTF-8: {bad} undecodable byte(s) replaced with U+FFFD")
        return text
    try:
        text = data.decode("cp1252")
        warnings.append("not UTF-8: decoded as Windows-1252 (Latin-1)")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        warnings.append("not UTF-8: decoded as Latin-1")
    return text


def fix_surrogate_refs(data: bytes) -> tuple[bytes, int]:
    """XML/HTML bytes with numeric references to surrogates (``&#xD800;``, never a character)
    replaced by ``&#xFFFD;``; feedparser raises on the whole document when it meets one.
    Returns the bytes and how many were replaced."""
    return _SURROGATE_REF.subn(b"&#xFFFD;", data)
