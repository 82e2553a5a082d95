"""The fast tokeniser gives exactly the tokens of the reference path (fold, then WORD.findall)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.textfold import WORD, field_tokens, fold

# letters, marks, separators and the characters where folding changes length or script
ALPHABET = st.sampled_from(list("aZ9_ -—¿¡«»“”…·'\"\t\n\x1f\x00") + list("éÉñÑçøØßİıﬁ½²Ⅳŉ") + list("Ελλάδαпривет")
                           + list("مَرْحَبًاـ") + ["\u0301", "\u0308", "\u200b", "\U0001d4d0", "中", "ｱ"])


def reference(field: str) -> list[str]:
    return WORD.findall(fold(field))


@settings(max_examples=400, deadline=None)
@given(st.tuples(st.text(ALPHABET, max_size=40), st.text(ALPHABET, max_size=60), st.text(ALPHABET, max_size=20)))
def test_field_tokens_equal_the_reference_tokens(fields):
    assert field_tokens(fields) == [reference(f) for f in fields]


def test_field_tokens_on_news_text():
    fields = ("¿Extradición — DEPORTACIÓN?", "«Honduras» extradita a “El Tigre”… y 2½ más; Øresund-Brücke", "")
    assert field_tokens(fields) == [["extradicion", "deportacion"],
                                    ["honduras", "extradita", "a", "el", "tigre", "y", "21", "2", "mas", "øresund",
                                     "brucke"], []]
