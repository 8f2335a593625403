from typing import Optional

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("name", "city", name="uq_team_name_city"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    city: str


class Player(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("first", "last"),
        CheckConstraint("age >= 0"),
        CheckConstraint("first <> last", name="ck_names_differ"),
        ForeignKeyConstraint(["team_id"], ["team.id"], ondelete="CASCADE", onupdate="SET NULL"),
        ForeignKeyConstraint(
            ["team_name", "team_city"],
            ["team.name", "team.city"],
            name="fk_player_team_name_city",
            ondelete="RESTRICT",
            deferrable=True,
            initially="DEFERRED",
        ),
        Index("ix_player_last_first", "last", "first"),
        {},
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    first: str
    last: str
    age: int
    team_id: Optional[int] = None
    team_name: Optional[str] = None
    team_city: Optional[str] = None
    coach_id: Optional[int] = Field(default=None, foreign_key="team.id")
    nick: str = Field(unique=True)


class Season(SQLModel, table=True):
    __table_args__ = (
        PrimaryKeyConstraint("league", "year", name="season_pk"),
        CheckConstraint("year > 1900 AND year < 2200", name="season_year_range"),
    )
    league: str = Field(primary_key=True)
    year: int = Field(primary_key=True)
    champion_id: Optional[int] = Field(default=None, foreign_key="team.id")


class Fixture(SQLModel, table=True):
    __table_args__ = (
        PrimaryKeyConstraint("season_league", "season_year", "round"),
        ForeignKeyConstraint(["season_league", "season_year"], ["season.league", "season.year"]),
    )
    season_league: str
    season_year: int
    round: int
    home_id: int = Field(foreign_key="team.id")
