from datetime import datetime
from typing import List, Optional

from sqlmodel import Field, SQLModel


def now() -> datetime:
    return datetime.utcnow()


class Opt(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    nick: Optional[str] = None
    level: Optional[int] = Field(default=5)
    seen: Optional[datetime] = Field(default_factory=now)
    forced: Optional[str] = Field(default=None, nullable=False)
    loose: str = Field(default="x", nullable=True)
    count: int = 0
    stamp: datetime = Field(default_factory=now)
    ok: bool = True
