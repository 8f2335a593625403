import enum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Column
from sqlalchemy.dialects.postgresql import ENUM
from sqlmodel import Field, SQLModel


class Mood(enum.Enum):
    HAPPY = "happy"
    SAD = "sad"
    MEH = "it's fine"


class Priority(enum.Enum):
    LOW = "low"
    HIGH = "high"


class Diary(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    mood: Mood = Field(
        sa_column=Column(
            sa.Enum(Mood, values_callable=lambda e: [m.value for m in e], name="mood_enum"),
            nullable=False,
        )
    )
    weather: str = Field(sa_column=Column(sa.Enum("sunny", "rain", name="Weather Kind")))
    priority: Priority = Field(sa_column=Column(sa.Enum(Priority, name="prio")))
    level: str = Field(
        sa_column=Column(ENUM("one", "two", name="level_enum", create_type=True))
    )
    plain: Priority
