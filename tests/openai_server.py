"""A real HTTP server on loopback that speaks the OpenAI chat-completions protocol.

Replies come from a script: each request pops the next step. Steps:
{"content": str} a normal reply (streamed as SSE when the request asks to stream),
with "top_logprobs": {token: logprob} also the first token's log-probabilities,
{"status": int} an error status, {"sleep": s, ...} delay first, {"drop": True}
close the socket without answering, {"drop_after": n} stream n chunks then cut.
Every request body is recorded in `requests`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ScriptedOpenAIServer:
    def __init__(self) -> None:
        self.script: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                step = server.script.popleft() if server.script else {"status": 500}
                time.sleep(step.get("sleep", 0))
                if step.get("drop"):
                    self.connection.shutdown(2)
                    self.close_connection = True
                    return
                if "status" in step:
                    payload = json.dumps({"error": {"message": "scripted", "type": "x"}}).encode()
                    self.send_response(step["status"])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if body.get("stream"):
                    self._stream(body, step)
                    return
                reply = _completion(body, step["content"])
                if "top_logprobs" in step:  # {token: logprob} for the first token
                    tops = [{"token": t, "logprob": lp, "bytes": None}
                            for t, lp in step["top_logprobs"].items()]  # fmt: skip
                    first = tops[0] if tops else {"token": step["content"], "logprob": 0.0}
                    reply["choices"][0]["logprobs"] = {"content": [
                        {**first, "bytes": None, "top_logprobs": tops}]}  # fmt: skip
                payload = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, body: dict[str, Any], step: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                words = step["content"].split(" ")
                for i, word in enumerate(words):
                    if "drop_after" in step and i >= step["drop_after"]:
                        self.connection.shutdown(2)
                        return
                    piece = word if i == 0 else " " + word
                    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0,
                             "model": body.get("model", "m"),
                             "choices": [{"index": 0, "delta": {"content": piece},
                                          "finish_reason": None}]}  # fmt: skip
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(step.get("chunk_delay", 0))
                end = {"id": "c1", "object": "chat.completion.chunk", "created": 0,
                       "model": body.get("model", "m"),
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}  # fmt: skip
                self.wfile.write(f"data: {json.dumps(end)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedOpenAIServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def enqueue(self, *steps: dict[str, Any]) -> None:
        self.script.extend(steps)


def _completion(body: dict[str, Any], content: str) -> dict[str, Any]:
    return {
        "id": "cmpl-1", "object": "chat.completion", "created": 0,
        "model": body.get("model", "m"),
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }  # fmt: skip
