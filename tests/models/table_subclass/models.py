from typing import Optional

from sqlmodel import Field, SQLModel


class Animal(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str


class Dog(Animal, table=True):
    breed: str


class Cat(Animal):
    lives: int = 9


class NamedBase(SQLModel):
    __tablename__ = "shared_name"
    id: Optional[int] = Field(default=None, primary_key=True)
    label: str


class Only(NamedBase, table=True):
    extra: Optional[int] = None


class OnlyView(Only):
    more: str = ""
