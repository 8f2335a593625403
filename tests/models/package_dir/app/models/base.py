from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class WithId(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow)
