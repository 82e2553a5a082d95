"""Why an entry joined a story or started one: the value ``StoryIndex.place`` returns (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    LINK = "link"           # the same article (canonical link) is already in a story
    JOINED = "joined"       # enough rare features in common and nothing contradicting
    NEW = "new"             # no story close enough, or the closest contradicts it


@dataclass(frozen=True, slots=True)
class Explanation:
    reason: Reason
    story_id: int | None                        # the story joined, or the nearest one for NEW
    score: float = 0.0
    shared: tuple[tuple[str, float], ...] = ()  # (feature key, weight), heaviest first
    disagreements: tuple[str, ...] = ()
    candidates: int = 0                         # stories compared

    def shared_by_kind(self) -> dict[str, list[str]]:
        kinds = {"e": "entities", "c": "concepts", "n": "numbers", "t": "words"}
        out: dict[str, list[str]] = {}
        for key, _ in self.shared:
            out.setdefault(kinds.get(key[0], "other"), []).append(key[2:])
        return out

    def text(self) -> str:
        """One line for people: ``joined story 12 (score 0.71): entities noem, kristi; concepts ...``."""
        if self.reason is Reason.LINK:
            return f"joined story {self.story_id}: same link"
        shared = "; ".join(f"{kind} {', '.join(keys[:8])}" for kind, keys in self.shared_by_kind().items())
        if self.reason is Reason.JOINED:
            return f"joined story {self.story_id} (score {self.score:.2f}): {shared or 'nothing'}"
        if self.story_id is None:
            return "new story: no earlier story in the window shares a rare feature"
        why = "; ".join(self.disagreements) or f"score {self.score:.2f} too low"
        return f"new story: nearest is story {self.story_id} ({why}; shared: {shared or 'nothing'})"

    def to_json(self) -> dict[str, object]:
        return {"reason": str(self.reason), "story": self.story_id, "score": round(self.score, 3),
                "shared": self.shared_by_kind(), "disagreements": list(self.disagreements),
                "candidates": self.candidates}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an entry goes: ``story_id`` None means a new story (the caller names it and calls
    ``StoryIndex.add`` with that id)."""

    story_id: int | None
    explanation: Explanation
