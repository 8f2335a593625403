from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class Stamped(SQLModel):
    """A mixin (no table): its fields go to every table class."""
    created_at: Optional[datetime] = Field(default=None, index=True)
