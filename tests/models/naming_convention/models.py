from typing import Optional

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    code: str = Field(index=True)


class Hero(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("age >= 0", name="age_positive"),
        UniqueConstraint("name", "team_id"),
        Index(None, "name", "age"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    age: int
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
