# Native enums (sa.Enum: named after the class, labels are member names),
# a str-mixin enum (VARCHAR in SQLModel 0.0.8), an array of an enum.
import enum
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Column, Field, SQLModel


class Status(enum.Enum):
    draft = 1
    published = 2
    archived = 3


class Mood(str, enum.Enum):
    happy = "h"
    sad = "s"


class Article(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    status: Status = Field(sa_column=Column(sa.Enum(Status), nullable=False))
    mood: Mood
    kind: str = Field(sa_column=Column(
        sa.Enum("news", "opinion", name="article_kind")))
    history: List[Status] = Field(
        default=None, sa_column=Column(pg.ARRAY(sa.Enum(Status))))


class Review(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    status: Status = Field(sa_column=Column(sa.Enum(Status)))
