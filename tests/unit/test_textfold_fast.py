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


# characters the one-pass path takes (Latin-1, General Punctuation, currency signs): every
# text drawn from them goes that way, and must give the reference tokens all the same
FAST_ALPHABET = st.sampled_from([chr(c) for c in range(0x100) if chr(c) not in "µ¼½¾ÆÐØÞßæðøþ"]
                                + ["—", "“", "”", "…", "‘", "’", "€", "\u2009", "\u200b", "\u2028", "‰"])


@settings(max_examples=400, deadline=None)
@given(st.tuples(st.text(FAST_ALPHABET, max_size=60), st.text(FAST_ALPHABET, max_size=80), st.text(FAST_ALPHABET, max_size=20)))
def test_the_one_pass_path_gives_the_reference_tokens(fields):
    assert field_tokens(fields) == [reference(f) for f in fields]


def test_every_character_alone_and_inside_a_word_folds_like_the_reference():
    for code in [*range(0x20C1), 0x1E9E, 0xFB01, 0x1D4D0]:
        char = chr(code)
        for text in (char, f"ab{char}cd", f"{char}{char} x"):
            assert field_tokens((text, "", text)) == [reference(text), [], reference(text)], repr(char)
