"""Rendering messages for subscribers (pure)."""

from watcher.render.message import FORMATS, VARIABLES, Renderer, TemplateError
from watcher.types import Message

__all__ = ["FORMATS", "VARIABLES", "Message", "Renderer", "TemplateError"]
