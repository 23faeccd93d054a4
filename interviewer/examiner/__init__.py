"""Examiners turn (rubric, answer) into a Grade: offline (default) and, later, LLM."""
