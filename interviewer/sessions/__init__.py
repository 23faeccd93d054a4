"""Interview sessions once played: saved, summarised, reviewed and exported.

history.py   sessions and every turn in SQLite or PostgreSQL (the SQLAlchemy boundary)
codec.py     a turn's grade and delivery as the JSON text the database stores
banks.py     a person's own question banks, stored beside their history (SQLAlchemy too)
summary.py   the end-of-interview summary: section means, key points, study list, delivery
spaced.py    "my weak spots": spaced repetition over rubric key points
export.py    a transcript as Markdown, JSON or PDF (the fpdf2 boundary)
"""
