"""Rendering messages for subscribers (pure)."""

from watcher.render.message import FORMATS, VARIABLES, Message, Renderer, TemplateError

__all__ = ["FORMATS", "VARIABLES", "Message", "Renderer", "TemplateError"]
