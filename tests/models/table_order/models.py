from typing import Optional

from sqlmodel import Field, SQLModel


class Zeta(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)


class Yank(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    xray_id: int = Field(foreign_key="xray.id")


class Xray(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    whisky_id: int = Field(foreign_key="whisky.id")


class Alpha(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    zeta_id: Optional[int] = Field(default=None, foreign_key="zeta.id")


class Whisky(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    yank_id: Optional[int] = Field(default=None, foreign_key="yank.id")
