"""Stories: which entries report the same development, across outlets and languages (pure).

Entry text -> ``extract_features`` (features.py: link key, concepts, entities, stemmed words,
numbers) -> ``StoryIndex.place`` (index.py: candidates from an inverted index of rare features,
``score.compare`` with hard disagreements first) -> ``Placement`` (explain.py) -> ``StoryIndex.add``.
No I/O, no clock: callers pass ``now`` and own storage. ``place_all`` (timeline.py) runs a batch
as if each entry arrived when it was published (dry run, evaluation).
"""

from watcher.stories.explain import Explanation, Placement, Reason
from watcher.stories.features import EntryText, Features, extract_features
from watcher.stories.index import IndexStats, Limits, StoredMember, StoryIndex
from watcher.stories.links import link_key
from watcher.stories.score import Tuning
from watcher.stories.timeline import Assigned, place_all

__all__ = ["Assigned", "EntryText", "Explanation", "Features", "IndexStats", "Limits", "Placement", "Reason",
           "StoredMember", "StoryIndex", "Tuning", "extract_features", "link_key", "place_all"]
