from typing import Optional

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(unique=True)
    login: str = Field(unique=True, index=True)
    tag: str = Field(max_length=20, index=True)
    nick: Optional[str] = Field(default=None, index=True)
    ext: Optional[int] = Field(default=None, unique=True)
    plain: str = Field(index=False, unique=False)
