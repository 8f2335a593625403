# Foreign keys: to another table, to itself, ON DELETE through sa_column,
# a composite one in __table_args__, a cycle (ALTER TABLE after both).
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    captain_id: Optional[int] = Field(
        default=None, sa_column=Column(sa.Integer, sa.ForeignKey(
            "hero.id", use_alter=True, ondelete="SET NULL")))


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    mentor_id: Optional[int] = Field(default=None, foreign_key="hero.id")
    club_id: Optional[int] = Field(default=None, sa_column=Column(
        sa.Integer, sa.ForeignKey("team.id", ondelete="CASCADE",
                                  onupdate="RESTRICT")))


class Region(SQLModel, table=True):
    country: str = Field(primary_key=True, max_length=2)
    code: str = Field(primary_key=True, max_length=5)


class Office(SQLModel, table=True):
    __table_args__ = (
        sa.ForeignKeyConstraint(["country", "region"],
                                ["region.country", "region.code"],
                                ondelete="CASCADE"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    country: str = Field(max_length=2)
    region: str = Field(max_length=5)
