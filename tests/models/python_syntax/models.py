#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Models module.

class Fake(SQLModel, table=True):   # inside the module docstring: no table
    id: int = Field(primary_key=True)
"""
from __future__ import annotations

import functools; import re  # two statements on one line
from typing import TYPE_CHECKING, ClassVar, List, Optional

from pydantic import PrivateAttr, validator
from sqlmodel import (  # a comment inside brackets
    Field,
    SQLModel,
)

if TYPE_CHECKING:  # never imported at runtime
    from decimal import Decimal

TEMPLATE = '''
class AlsoFake(SQLModel, table=True):
    id: int = Field(primary_key=True)
'''
RAW = r"C:\path\with\backslashes\" # not a comment"
BYTES = b'\x00class Nope(SQLModel, table=True):'
UNI = u"caf\u00e9 # still a string"
JOINED = ("adjacent " 'strings ' """are joined""")
FORMAT = f"{RAW!r:>10} {{literal braces}} {'nested'}"
NAME_LENGTH = \
    42


def helper(x):
    """class Inside(SQLModel, table=True): not a class either"""
    return x


def decorator(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


class Article(SQLModel, table=True):
    """An article.

    title: str = Field(primary_key=True)  <- docstring text, not a field
    """

    __slots_note__: ClassVar[str] = "class-level constant, no column"
    registry_name: ClassVar[str] = 'x: int = Field()'
    _cache: dict = PrivateAttr(default_factory=dict)

    id: Optional[int] = Field(default=None, primary_key=True)  # trailing comment
    title: str = Field(max_length=120,
                       index=True)
    subtitle: Optional[str] = Field(
        default=None,  # a comment between arguments
        max_length=200
    )
    body: str = \
        Field(default="""multi
line default with a : colon and Field( inside""")
    slug: str = Field(default='a "quoted" slug', max_length=NAME_LENGTH); views: int = 0
    tags_text: str = "#not-a-comment"
    weight: float = 1.0  # type: ignore[assignment]

    @validator("title")
    def title_not_empty(cls, v: str) -> str:
        class Hidden(SQLModel, table=True):  # defined only when the validator runs
            hid: int = Field(primary_key=True)
        if not v:
            raise ValueError("empty: it's not allowed")
        return v

    @property
    def summary(self) -> str:
        text: str = self.body[:10]
        return f"{self.title}: {text}"

    @staticmethod
    @decorator
    def make(title: str) -> "Article":
        return Article(title=title)

    @classmethod
    def count(cls) -> int:
        lambda_default = lambda a=1: a  # noqa: E731
        return lambda_default()

    async def fetch(self) -> None:
        async with self:  # never run
            pass

    class Config:
        arbitrary_types_allowed = True


class Comment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    text: str = Field(default='it\'s "fine"', max_length=500)
    ratio: float = Field(default=1e-3)
    big: int = Field(default=1_000_000)

    def __repr__(self) -> str:
        return f"<Comment {self.id}>"
