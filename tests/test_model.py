from lagebild.model import Article, Debris, PubDate, Source, Span, content_id


def test_content_id_ignores_whitespace_and_case():
    assert content_id("Ein  Text\nhier") == content_id("ein text hier")
    assert content_id("Ein Text") != content_id("Ein anderer Text")


def test_pubdate_granularity():
    from datetime import datetime

    assert PubDate.from_datetime(datetime(2023, 9, 11, 13, 30), "minute", "byline").value == "2023-09-11T13:30"
    assert PubDate.from_datetime(datetime(2023, 9, 11), "month", "header").value == "2023-09"
    assert str(PubDate("2023-09", "month", "header").day()) == "2023-09-01"


def test_article_roundtrip():
    art = Article(source=Source("a.txt", "text", "h", warnings=["w"]), raw="raw", text="Hallo Welt",
                  id="1", published=PubDate("2023-09", "month", "header"),
                  debris=[Debris(0, 3, "why", "abc")], layers={"sentences": [Span(0, 10)]})
    back = Article.from_dict(art.to_dict(with_raw=True))
    assert back == art
    assert back.spans("sentences")[0].text_of(back.text) == "Hallo Welt"
