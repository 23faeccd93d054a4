"""A small OpenAI-compatible chat server for the local GGUF model (the one module on llama_cpp).

    python -m interviewer.llm.serve --model FILE --port N [--n-ctx 1024] [--threads 2] [--adaptive]

Why not `llama_cpp.server`: its logprobs need `logits_all`, which keeps n_ctx x 152k
floats per context (over 1 GB here) and computes the output layer for every prompt
token. The claim check needs only the next token's distribution, so this server
reads the last token's logits in-process. It serves `GET /v1/models` and
`POST /v1/chat/completions` (greedy; `logprobs`/`top_logprobs` for the first
token; `max_tokens`, default 256), reuses the longest common prefix of the previous
prompt (one slot: a question's reference is evaluated once, then each claim costs only
its own tokens), and formats messages with the model's ChatML template. No streaming,
no sampling settings: greedy decoding is what grading wants. Loopback only.
With `--adaptive`, each prompt runs on as many of the `--threads` as other processes
left idle over the last 2 s (`IdleCores`, from /proc/stat): on a 2-core machine, both cores
while the app is quiet, one while it grades typed turns, since a thread that has to
share its core stalls the others at every layer.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

MAX_BODY = 1 << 20
PROC_STAT = "/proc/stat"


class IdleCores:
    """Cores that processes other than this one left idle lately (Linux; else `None`).

    A daemon thread (`start`) reads /proc/stat every `every` seconds. The answer is the
    smaller of the idle cores over the last `window` seconds and over the last reading
    alone: typed turns come in bursts, and a prompt that starts in a gap between them
    must not take the core they are about to need.
    """

    def __init__(self, stat: str = PROC_STAT, every: float = 0.25, window: float = 2.0) -> None:
        self.stat, self.every, self.window = stat, every, window
        self.cores = os.cpu_count() or 1
        self.tick = os.sysconf("SC_CLK_TCK")
        self.readings: deque[tuple[float, int, int, float]] = deque()
        self._lock = threading.Lock()

    def _read(self) -> tuple[float, int, int, float]:
        with open(self.stat, encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
        total = sum(fields)
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        own = os.times()
        return time.monotonic(), total, total - idle, (own.user + own.system) * self.tick

    def sample(self) -> None:
        try:
            reading = self._read()
        except (OSError, ValueError, IndexError):
            return
        with self._lock:
            self.readings.append(reading)
            while len(self.readings) > 2 and reading[0] - self.readings[1][0] >= self.window:
                self.readings.popleft()

    def start(self) -> IdleCores:
        def loop() -> None:
            while True:
                self.sample()
                time.sleep(self.every)

        threading.Thread(target=loop, daemon=True, name="idle-cores").start()
        return self

    def _idle(self, a: tuple[float, int, int, float], b: tuple[float, int, int, float]) -> float:
        others = max(0.0, (b[2] - a[2]) - (b[3] - a[3])) / (b[1] - a[1])
        return self.cores * (1.0 - min(1.0, others))

    def __call__(self) -> float | None:
        with self._lock:
            r = list(self.readings)
        if len(r) < 2 or r[-1][1] <= r[-2][1] or r[-1][1] <= r[0][1]:
            return None
        return min(self._idle(r[0], r[-1]), self._idle(r[-2], r[-1]))


def threads_for(idle: float | None, most: int) -> int:
    """Threads for the next prompt: a core counts as idle when at least 70% of it is
    (unknown load: one thread, the safe side for the app's typed turns)."""
    if idle is None:
        return 1
    return max(1, min(most, int(idle + 0.3)))


def chatml(messages: list[dict[str, str]]) -> str:
    parts = [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
    return "".join(parts) + "<|im_start|>assistant\n"


class Engine:
    def __init__(self, model: str, n_ctx: int, threads: int, adaptive: bool = False) -> None:
        import llama_cpp

        self.llm = llama_cpp.Llama(model_path=model, n_ctx=n_ctx, n_threads=threads,
                                   n_threads_batch=threads, n_batch=256, logits_all=False,
                                   verbose=False)  # fmt: skip
        self.n_vocab = self.llm.n_vocab()
        self.eos = {self.llm.token_eos(), *self.llm.tokenize(b"<|im_end|>", False, True)}
        self.lock = threading.Lock()
        self.threads = self.most = threads
        self.idle = IdleCores().start() if adaptive else None

    def _size_threads(self) -> None:
        if self.idle is None:
            return
        n = threads_for(self.idle(), self.most)
        if n != self.threads:
            self.llm._ctx.set_n_threads(n, n)
            self.threads = n
            print(f"{time.strftime('%H:%M:%S')} threads {n}", flush=True)  # to the server log

    def _feed(self, tokens: list[int]) -> np.ndarray:
        """Evaluate `tokens` after the longest prefix already in the context; last logits."""
        llm = self.llm
        keep = 0
        for a, b in zip(llm.input_ids[: llm.n_tokens], tokens, strict=False):
            if a != b:
                break
            keep += 1
        keep = min(keep, len(tokens) - 1)  # at least one token must be evaluated
        llm.n_tokens = keep
        llm.eval(tokens[keep:])
        raw = llm._ctx.get_logits()  # type: ignore[no-untyped-call]
        logits = np.ctypeslib.as_array(raw, shape=(self.n_vocab,))
        return logits.astype(np.float64)

    def complete(self, messages: list[dict[str, str]], max_tokens: int,
                 top: int) -> dict[str, Any]:  # fmt: skip
        prompt = self.llm.tokenize(chatml(messages).encode("utf-8"), False, True)
        if len(prompt) + max_tokens > self.llm.n_ctx():
            raise ValueError(f"prompt of {len(prompt)} tokens is too long for the context")
        with self.lock:
            self._size_threads()
            logits = self._feed(prompt)
            first = _logprobs(logits)
            out: list[int] = []
            tokens = list(prompt)
            while len(out) < max_tokens:
                token = int(np.argmax(logits))
                if token in self.eos:
                    break
                out.append(token)
                tokens.append(token)
                if len(out) < max_tokens:
                    logits = self._feed(tokens)
        order: list[int] = [int(i) for i in np.argsort(-first)[:top]] if top else []
        top_list = [{"token": self._text(int(i)), "logprob": float(first[i])} for i in order]
        text = self.llm.detokenize(out).decode("utf-8", errors="replace")
        content = None
        if top and out:
            content = [{"token": self._text(out[0]), "logprob": float(first[out[0]]),
                        "top_logprobs": top_list}]  # fmt: skip
        return {"text": text, "logprobs": content, "prompt_tokens": len(prompt),
                "completion_tokens": len(out),
                "finish_reason": "length" if len(out) >= max_tokens else "stop"}  # fmt: skip

    def _text(self, token: int) -> str:
        return self.llm.detokenize([token]).decode("utf-8", errors="replace")


def _logprobs(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max()
    return np.asarray(shifted - np.log(np.exp(shifted).sum()))


def make_handler(engine: Engine, name: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": name, "object": "model"}]})
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"error": {"message": "not found"}})
                return
            try:
                length = int(self.headers.get("Content-Length", 0))
                if length > MAX_BODY:
                    raise ValueError("request too large")
                req = json.loads(self.rfile.read(length))
                if req.get("stream"):
                    raise ValueError("streaming is not supported")
                top = int(req.get("top_logprobs") or 0) if req.get("logprobs") else 0
                result = engine.complete(list(req["messages"]), int(req.get("max_tokens") or 256),
                                         min(top, 20))  # fmt: skip
            except (ValueError, KeyError, TypeError) as exc:
                self._send(400, {"error": {"message": str(exc), "type": "invalid_request"}})
                return
            self._send(200, {
                "id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion",
                "created": int(time.time()), "model": name,
                "choices": [{"index": 0, "finish_reason": result["finish_reason"],
                             "message": {"role": "assistant", "content": result["text"]},
                             "logprobs": {"content": result["logprobs"]}
                             if result["logprobs"] else None}],
                "usage": {"prompt_tokens": result["prompt_tokens"],
                          "completion_tokens": result["completion_tokens"],
                          "total_tokens": result["prompt_tokens"] + result["completion_tokens"]},
            })  # fmt: skip

    return Handler


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--name", default="local")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--n-ctx", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=2, help="the most threads a prompt uses")
    ap.add_argument(
        "--adaptive",
        action="store_true",
        help="per prompt, only as many threads as other processes leave cores idle",
    )
    args = ap.parse_args()
    engine = Engine(args.model, args.n_ctx, args.threads, args.adaptive)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(engine, args.name))
    server.serve_forever()


if __name__ == "__main__":
    main()
