from typing import Optional

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    code: str = Field(unique=True, max_length=8)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team_code: str = Field(foreign_key="team.code", max_length=8, index=True)


class Mission(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    leader_id: int = Field(foreign_key="hero.id")
    backup_id: Optional[int] = Field(default=None, foreign_key="hero.id")
    team_id: int = Field(foreign_key="team.id", unique=True)
