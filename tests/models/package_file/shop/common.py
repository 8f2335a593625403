from typing import Optional

from sqlmodel import Field, SQLModel

CODE_LEN = 12


class Keyed(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)
