"""Named conditions: ``conditions: {name: ...}`` in a rule or list file, used in a match tree as
``{use: name}`` (rules/README.md, "Named conditions"). A use compiles the named condition where it
is defined (its problems and its explanation's labels, ``conditions.name...``, point there) within
the scope of the use; cycles, unknown names and ``use`` mixed with other keys are located problems."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watcher.messages import did_you_mean, excerpt, kind_of, listing
from watcher.yamldoc import Path, YamlDoc

if TYPE_CHECKING:
    from watcher.ruleset.compile import Compiler
    from watcher.ruleset.conditions import Node


@dataclass
class ConditionDef:
    """A named condition (``conditions: {name: ...}``), used in match trees as ``{use: name}``."""

    name: str
    raw: Any
    doc: YamlDoc
    path: Path


def use_condition(compiler: Compiler, raw: dict[Any, Any], rel: Path, mask: int) -> Node | None:
    """``{use: name}`` compiled by ``compiler`` at ``rel`` (the use's place) within ``mask``."""
    others = [k for k in raw if k != "use"]
    if others:
        compiler.fail(rel + (others[0],), f"'use' stands alone: {excerpt(str(others[0]))} cannot go with it (put "
                      "the named condition in an all/any/none list next to the other conditions)", key=True)
        return None
    name = raw["use"]
    if not isinstance(name, str) or not name.strip():
        compiler.fail(rel + ("use",), f"expected the name of a condition, got {kind_of(name)}")
        return None
    ns = compiler.ns
    definition = ns.conditions.get(name.strip())
    if definition is None:
        if ns.broken:
            ns.unchecked += 1
        else:
            known = list(ns.conditions)
            hint = did_you_mean(name, known) or f" (known: {listing(known) or 'none defined'})"
            compiler.fail(rel + ("use",), f"unknown condition {excerpt(name)}{hint}")
        return None
    if definition.name in compiler.using:
        cycle = " -> ".join((*compiler.using[compiler.using.index(definition.name):], definition.name))
        compiler.fail(rel + ("use",), f"named conditions use each other in a cycle ({cycle})")
        return None
    compiler.used_conditions.add(definition.name)
    saved = compiler.doc, compiler.base, compiler.label, compiler.using
    compiler.doc, compiler.base, compiler.label = definition.doc, (), ""
    compiler.using = (*compiler.using, definition.name)
    try:
        return compiler.node(definition.raw, definition.path, mask)
    finally:
        compiler.doc, compiler.base, compiler.label, compiler.using = saved
