from typing import Optional

from sqlmodel import Field, SQLModel


class HeroTeamLink(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)


class HTTPServerLog(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    line: str = Field(index=True)


class Person(SQLModel, table=True):
    __tablename__ = "people"
    id: Optional[int] = Field(default=None, primary_key=True)
    best_friend_id: Optional[int] = Field(default=None, foreign_key="people.id")


class Address(SQLModel, table=True):
    __tablename__: str = "postal_addresses"
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id", index=True)
    log_id: Optional[int] = Field(default=None, foreign_key="httpserverlog.id")


class Snake_Case_Class(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
