"""`python -m interviewer.cli ...` runs the `interviewer` command (cli/main.py)."""

import sys

from .main import main

sys.exit(main())
