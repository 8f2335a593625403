from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow, index=True)
    updated_at: Optional[datetime] = None


class IdMixin(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)


class HeroBase(SQLModel):
    name: str = Field(index=True)
    age: Optional[int] = None
    power: str = Field(default="none", max_length=40)


class Hero(HeroBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    age: int = 0


class HeroCreate(HeroBase):
    pass


class HeroRead(HeroBase):
    id: int


class Villain(TimestampMixin, HeroBase, IdMixin, table=True):
    lair: str = Field(unique=True)


class Sidekick(IdMixin, TimestampMixin, table=True):
    __tablename__ = "sidekicks"
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id")


class NamedBase(SQLModel):
    title: str = Field(max_length=100, unique=True)


class Planet(IdMixin, NamedBase, table=True):
    mass: float


class Moon(IdMixin, NamedBase, table=True):
    planet_id: int = Field(foreign_key="planet.id")
