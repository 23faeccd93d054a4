"""Examiners turn (rubric, answer) into a Grade: offline (default), LLM, fact-checked.

base.py            what the engine needs from an examiner; `build_examiner` from settings
offline.py         the offline examiner: embeddings, rubric coverage, a calibrated scorer
features.py        features of an answer against its rubric
calibration.py     the calibrated scorer, 5 · sigmoid(w · x)
text.py            sentences, content words and red flags
code_answer.py     answers with code: fences, the syntax check (ast only), code as words
misconceptions.py  spotting known misconceptions by contrast
topics.py          does the answer answer this question or a neighbour?
llm.py             the LLM examiner: rubric-grounded grading by a chat model
factcheck.py       the claim check: is each sentence true, per a model that reads?
verdicts.py        a fact check turned into a grade
notes_reference.py a reference made from your notes, for an own-bank question without one
checked.py         the offline examiner plus the fact check
delivery.py        pace, fillers, pauses and length of a spoken answer (no audio libraries)
coaching.py        a spoken answer's talking points covered and most-used words
datasets.py        human-graded short-answer sets, to measure the examiner
metrics.py         agreement between predicted and human scores
"""
