"""Coach-style notes on a spoken answer: the talking points it covered and its most-used words.

`talking_points(grade)` lists the rubric key points the answer hit, each with the
candidate's own words that earned it (the examiner's evidence) where there are some.
`top_words(text)` counts the words said most often, leaving out stop words, fillers and
words said once, so a person hears which terms they lean on. No rendering here
(web/delivery_view.py shows them) and no judging of the content: the grade does that.
"""

from __future__ import annotations

import re
from collections import Counter

from ..domain import Grade
from .delivery import without_fillers

# Function words and the glue of speech: never what an answer is about.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each else even ever every few for from further get gets got
had hadn't has hasn't have haven't having he her here hers him his how however i i'd i'll
i'm i've if in into is isn't it it's its itself just kind know let's like lot make makes
many may me might more most much must my no nor not now of off oh ok okay on once one only
or other our ours out over own pretty quite rather really right said same say says see she
should shouldn't so some something sort still such sure than that that's the their theirs
them then there there's these they they're thing things think this those though through to
too uh um under until up us use used uses using very want was wasn't way we we're well were
weren't what what's when where which while who whom why will with won't would wouldn't yeah
yes yet you you'd you'll you're you've your yours
""".split())  # fmt: skip
_WORD = re.compile(r"[a-z][a-z0-9_']*[a-z0-9_]|[a-z]")


def top_words(text: str, n: int = 5) -> list[tuple[str, int]]:
    """The `n` words said most often (at least twice), most frequent first, ties in order said."""
    words = [w for w in _WORD.findall(without_fillers(text).lower().replace("’", "'"))
             if w not in STOP_WORDS and len(w) > 2]  # fmt: skip
    counts = Counter(words)
    return [(w, c) for w, c in counts.most_common(n) if c >= 2]


def talking_points(grade: Grade) -> list[tuple[str, str]]:
    """(key point, the candidate's words that earned it or "") for each point hit."""
    return [(k.text, k.evidence) for k in grade.key_points if k.hit]
