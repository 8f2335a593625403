from typing import List, Optional

from sqlmodel import Field, Relationship, SQLModel


class HeroTeamLink(SQLModel, table=True):
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)
    is_training: bool = False


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str
    heroes: List["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)
    captain: Optional["Hero"] = Relationship(
        sa_relationship_kwargs={"primaryjoin": "Team.captain_id == Hero.id", "uselist": False}
    )
    captain_id: Optional[int] = Field(default=None, foreign_key="hero.id")


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    teams: List[Team] = Relationship(
        back_populates="heroes",
        link_model=HeroTeamLink,
        sa_relationship_kwargs={"lazy": "selectin"},
    )
    powers: List["Power"] = Relationship(back_populates="hero")


class Power(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    hero_id: int = Field(foreign_key="hero.id")
    hero: Hero = Relationship(back_populates="powers")
