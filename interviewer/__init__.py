"""An AI mock interviewer for Python and Flask technical interviews.

Top-level modules, used by every package:
    config.py   Settings: every environment variable the app reads, read in one place
    domain.py   the domain types: questions, reference answers, passages, grades, turns
    engine.py   the interview engine: plan, ask, grade, follow up, summarise (no UI)

Packages (each `__init__` is a map of its modules and their outside libraries):
    knowledge/  the knowledge files: question banks, reference answers, your own notes
    retrieval/  embeddings, the Chroma index, and which bank question a text is about
    examiner/   grading an answer: the offline scorer, the LLM examiner, the fact check
    llm/        language models: the OpenAI-protocol client, the local model and its server
    sessions/   saved interviews: history, summary, spaced repetition, export
    web/        the browser app: Gradio, and the plain-Python logic behind its tabs
    cli/        the `interviewer` command and the interview in a terminal
    planning/   a job description in, its skills and an interview plan out
    prompts/    the LLM examiner's and the fact check's prompts (Markdown files)
    data/       the offline scorer's fitted weights and the bank's calibration (JSON files)

One module is the boundary for each heavy outside library: gradio web/ui.py,
chromadb retrieval/chroma_client.py, openai llm/chat.py, llama_cpp llm/serve.py,
onnxruntime and tokenizers retrieval/embeddings.py, SQLAlchemy sessions/history.py
(and banks.py, notes.py, on its tables), faster-whisper and piper web/speech.py, fpdf2
sessions/export_pdf.py, tiktoken knowledge/documents.py. No `__init__` imports any of them.
"""
