"""Planning an interview for a job: a job description in, the questions to practise out.

jobfile.py     reading a job description: .txt and .md, .pdf through poppler's pdftotext
vocabulary.py  the skill vocabulary (data/skills.yaml plus the bank's own tech names) and
               which bank questions practise each skill
skills.py      the skills a job description asks for, and which the bank covers
plan.py        choosing N questions: round-robin over the skills, weak spots first, each
               with why it was chosen

Offline only: skills come from the vocabulary's patterns. Skills from a chat model
would enter through `skills.from_names`, as edited chips do; no model is asked yet.
"""
