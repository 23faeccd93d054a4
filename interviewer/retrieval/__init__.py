"""Finding knowledge by meaning: embeddings, the Chroma index, question matching.

kb.py            the knowledge base: knowledge files and the index kept in step
embeddings.py    all-MiniLM-L6-v2 sentence and word-piece vectors (the onnxruntime and
                 tokenizers boundary)
vector_cache.py  vectors made earlier (the index, the rubric cache) served again
records.py       knowledge turned into the records the index holds, and its fingerprint
chroma_client.py opening Chroma, embedded or a server (the chromadb boundary; store.py,
                 notes_store.py and own_index.py take its client, naming its type for mypy only)
store.py         the knowledge index: build, search, read back
notes_store.py   your notes' collection beside the knowledge
own_index.py     a person's own bank's collection: build with progress, read, drop
own_banks.py     own banks as the interview sees them: questions, references, grading line
matching.py      which bank question a free text is about, and search ranked by it
lexical.py       BM25 over short texts, the word-matching half of matching
"""
