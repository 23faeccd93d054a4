"""The knowledge files: what people write for the app to read. No index, no model.

bank.py         question banks in the seed's Markdown format
answers.py      reference-answer files (`knowledge/answers/*.yaml`): load and validate
fields.py       one reference answer's fields, every problem with its line
checks.py       consistency checks inside a reference answer (score vs key points, claims)
yaml_lines.py   YAML loading that remembers each mapping's line (PyYAML)
textfiles.py    reading a user-supplied text file safely (size, binary, encoding)
own_bank.py     a person's own bank from the browser: checks, limits, namespaced ids
documents.py    your own notes: read and cut into token-sized chunks (the tiktoken boundary)
"""
