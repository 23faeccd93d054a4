"""The `interviewer` command (`python -m interviewer.cli` runs it too).

main.py         the command and its subcommands: bank, knowledge check, index, search,
                ingest, eval
grade.py        `interviewer grade`: one answer or a JSON-lines batch
plan.py         `interviewer plan`: questions to practise for a job description
bank_grader.py  grading bank questions against the built index, and the rubric cache
sessions.py     `interviewer interview` and `interviewer export`
terminal.py     a full text interview in the terminal
__main__.py     `python -m interviewer.cli`
"""
