import enum
from typing import Optional

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

APP = "app"
AUDIT = "audit"


class Kind(enum.Enum):
    A = "a"
    B = "b"


class Team(SQLModel, table=True):
    __table_args__ = {"schema": APP}
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    kind: Kind


class Player(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("first", "last"),
        ForeignKeyConstraint(["team_id"], ["app.team.id"], ondelete="CASCADE"),
        Index("ix_player_by_last", "last"),
        {"schema": "app"},
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    first: str
    last: str
    team_id: Optional[int] = None


class Event(SQLModel, table=True):
    __table_args__ = {"schema": AUDIT, "comment": "audit trail"}
    id: Optional[int] = Field(default=None, primary_key=True)
    player_id: int = Field(foreign_key="app.player.id", index=True)
    kind: Kind
    local_id: Optional[int] = Field(default=None, foreign_key="local.id")


class Local(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="app.team.id")
