# Tables in other schemas (created before create_all), a foreign key
# across schemas, an index in a schema, an enum in a schema.
import enum
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel


class Level(enum.Enum):
    low = 1
    high = 2


class Team(SQLModel, table=True):
    __table_args__ = {"schema": "app"}
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    level: Level = Field(sa_column=Column(sa.Enum(Level, schema="app")))


class Player(SQLModel, table=True):
    __table_args__ = {"schema": "billing"}
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="app.team.id")


class Local(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    player_id: int = Field(foreign_key="billing.player.id")
