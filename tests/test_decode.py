import pytest

from lagebild.errors import BinaryInputError, EmptyInputError, EncodingInputError
from lagebild.sources.decode import decode_bytes

GERMAN = "Größere Maßnahmen für die Bürger in Köln und Düsseldorf. "


def test_utf8_and_bom_and_utf16():
    assert decode_bytes(GERMAN.encode(), "x")[0] == GERMAN
    assert decode_bytes(b"\xef\xbb\xbf" + GERMAN.encode(), "x")[0] == GERMAN
    text, warnings = decode_bytes(GERMAN.encode("utf-16"), "x")
    assert text == GERMAN and warnings == ["decoded as UTF-16"]


def test_latin1_is_decoded_with_a_warning():
    text, warnings = decode_bytes(GERMAN.encode("latin-1"), "x")
    assert text == GERMAN and "Windows-1252" in warnings[0]


def test_a_few_broken_utf8_bytes_are_replaced():
    text, warnings = decode_bytes(GERMAN.encode() * 10 + b"\xff", "x")
    assert text.endswith("\ufffd") and "1 undecodable" in warnings[0]


def test_mostly_broken_utf8_is_refused():
    with pytest.raises(EncodingInputError, match="broken UTF-8"):
        decode_bytes(("Größe".encode() + b"\xff\xfe\xfa") * 5, "x")


@pytest.mark.parametrize("data,err,msg", [
    (b"", EmptyInputError, "empty file"),
    (b"  \n\t ", EmptyInputError, "white space"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), BinaryInputError, "PNG"),
    (b"%PDF-1.7 ...", BinaryInputError, "PDF"),
    (bytes(range(256)) * 4, BinaryInputError, "binary data"),
])
def test_refusals(data, err, msg):
    with pytest.raises(err, match=msg):
        decode_bytes(data, "file.txt")
