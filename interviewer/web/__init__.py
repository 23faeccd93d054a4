"""The browser app: Gradio in one module, the logic behind each tab in plain Python.

ui.py             the Gradio app: layout, events, launch options (the only module
                  that imports gradio)
ui_deps.py        what the app is built from (knowledge base, interview flow, speech)
ui_updates.py     what an event changes, as plain data: ui.py's contract with the tabs
interview_tab.py  the interview tab: chat, feedback panel, summary, downloads
browse_tabs.py    the history, question-bank and search tabs
practice.py       the web interview's flow: start, answer, retry, resume
voice_answer.py   a recording between transcript and submit: what to grade, its delivery
delivery_view.py  the delivery panel of a spoken answer (HTML, candidate text escaped)
job_plan.py       the start panel's job description: skills as chips, the plan for them
my_banks.py       the "My banks" tab: upload, list and delete own banks, the section picker
fact_checks.py    fact checks in the background: a bounded queue, one worker
views.py          what the app shows, as Markdown/HTML and rows (candidate text escaped)
charts.py         the history tab's charts: progress, score and delivery (matplotlib)
streaming.py      a job in a worker thread whose newest text the page shows
speech.py         speech to text and questions read aloud (the only module that
                  imports faster-whisper and piper)
handsfree.py      hands-free spoken turns: what is read aloud, the page script's set-up
auth.py           logins for a shared server, from INTERVIEWER_USERS
static/app.css    the app's stylesheet
static/handsfree.js, .css  the hands-free controller in the page (mic, silence, countdown)
"""
