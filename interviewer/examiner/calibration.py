"""The calibrated scorer: 5 · sigmoid(w · standardised features).

A logistic link keeps predictions inside 0–5 and bends near the ceiling, where
most human grades sit. Parameters are fitted by `evals/grading.py` on Mohler
assignments 1–6 only and shipped as `interviewer/data/offline_model.json`; this
module only loads, fits and applies them (plain NumPy gradient descent, no
scikit-learn at run time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

MODEL_FILE = "offline_model.json"


@dataclass(frozen=True)
class Calibration:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # weights[0] is the bias
    meta: dict[str, object]

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = (np.atleast_2d(x) - self.mean) / self.scale
        logits = self.weights[0] + z @ self.weights[1:]
        result: np.ndarray = 5.0 / (1.0 + np.exp(-logits))
        return result

    def to_json(self) -> str:
        return json.dumps({
            "names": list(self.names), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "weights": self.weights.tolist(), "meta": self.meta,
        }, indent=1)  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        d = json.loads(text)
        return cls(tuple(d["names"]), np.array(d["mean"]), np.array(d["scale"]),
                   np.array(d["weights"]), d.get("meta", {}))  # fmt: skip


def load_calibration(path: Path | None = None) -> Calibration:
    if path is not None:
        return Calibration.from_json(path.read_text("utf-8"))
    data = resources.files("interviewer.data").joinpath(MODEL_FILE).read_text("utf-8")
    return Calibration.from_json(data)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    names: tuple[str, ...],
    l2: float = 1e-2,
    steps: int = 4000,
    rate: float = 0.05,
) -> Calibration:
    """Least squares through the logistic link, with an L2 penalty on the weights."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-9
    z = np.c_[np.ones(len(x)), (x - mean) / scale]
    w = np.zeros(z.shape[1])
    w[0] = 1.5
    for _ in range(steps):
        s = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ ((5 * s - y) * 5 * s * (1 - s)) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= rate * grad
    return Calibration(names, mean, scale, w, {"l2": l2, "steps": steps})
