from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.knowledge.documents import chunk_text, count_tokens, html_to_text


def test_chunks_respect_the_token_budget_and_keep_all_words() -> None:
    paragraphs = [
        f"Paragraph {i} " + "about Flask request contexts " * (i * 7 % 60) for i in range(40)
    ]
    text = "\n\n".join(paragraphs)
    chunks = chunk_text(text, max_tokens=120, overlap=20)
    assert len(chunks) > 5
    assert all(count_tokens(c) <= 125 for c in chunks)
    joined = " ".join(chunks)
    for i in range(40):
        assert f"Paragraph {i}" in joined


def test_html_is_reduced_to_visible_text() -> None:
    html = (
        "<html><head><style>p{}</style></head><body><h1>Title</h1>"
        "<script>alert(1)</script><p>One &amp; two</p></body></html>"
    )
    text = html_to_text(html)
    assert "Title" in text and "One & two" in text
    assert "alert" not in text and "p{}" not in text


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=3000))
def test_chunking_never_fails_and_never_returns_empty_chunks(text: str) -> None:
    chunks = chunk_text(text, max_tokens=64, overlap=8)
    assert all(c.strip() for c in chunks)
    if text.strip():
        assert chunks
