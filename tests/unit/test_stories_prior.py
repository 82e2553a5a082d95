"""The story engine's word-frequency prior keeps its tables compact (FrozenFloats: sorted UTF-8
keys and exact doubles, issue 13); a look-up must answer what a dict would, for any keys."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.stories.weights import DEFAULT_PROBABILITY, FrozenFloats, default_prior

KEYS = st.text(alphabet=st.sampled_from("aeiouñçéß日ب\u0301z"), min_size=0, max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, st.floats(allow_nan=False, width=64), max_size=40), st.lists(KEYS, max_size=20))
def test_frozen_floats_answers_as_a_dict(items: dict[str, float], probes: list[str]) -> None:
    table = FrozenFloats.of(items)
    again = FrozenFloats.from_buffers(*table.buffers())     # what the prior's cache restores
    assert len(table) == len(again) == len(items)
    for key in list(items) + probes:
        assert table.get(key) == again.get(key) == items.get(key)


def test_frozen_floats_refuses_buffers_that_do_not_fit() -> None:
    blob, ends, values = FrozenFloats.of({"ab": 1.0, "c": 2.0}).buffers()
    for bad in ((blob[:-1], ends, values), (blob, ends[:1], values), (blob, ends, array("f", values)),
                (blob, array("L", ends), values)):
        with pytest.raises(ValueError, match="do not fit"):
            FrozenFloats.from_buffers(*bad)


def test_prior_knows_common_words_rare_words_and_concepts() -> None:
    prior = default_prior()
    assert prior.probability("e:government") > prior.probability("e:extradition") > 1e-6
    assert prior.probability("e:qzxqzxq") == DEFAULT_PROBABILITY["e"]      # in no list
    assert prior.probability("t:govern") > prior.probability("t:extradit") > 1e-6
    assert prior.probability("t:qzxqzxq") == DEFAULT_PROBABILITY["t"]
    assert prior.probability("c:agreement") > prior.probability("c:alien-enemies-act") > 0.0
    assert prior.probability("c:no-such-concept") == DEFAULT_PROBABILITY["c"]
