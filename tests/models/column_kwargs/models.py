from typing import Optional

from sqlalchemy import CheckConstraint, text
from sqlmodel import Field, SQLModel

QTY_CHECK = "qty >= 0"


class Misc(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = Field(
        default=0,
        sa_column_args=[CheckConstraint(QTY_CHECK)],
        sa_column_kwargs={"server_default": "0", "comment": "quantity"},
    )
    display: str = Field(sa_column_kwargs={"name": "display_name"}, index=True)
    code: str = Field(
        sa_column_kwargs={"name": "code_txt", "unique": True}, max_length=12
    )
    note: Optional[str] = Field(default=None, sa_column_kwargs={"comment": "free text, it's optional"})
    score: int = Field(sa_column_args=(CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),))
    forced: Optional[int] = Field(default=None, sa_column_kwargs={"nullable": False})


class Manual(SQLModel, table=True):
    id: Optional[int] = Field(
        default=None,
        primary_key=True,
        sa_column_kwargs={"autoincrement": False, "comment": "given by the client"},
    )
    seq: int = Field(primary_key=True, sa_column_kwargs={"server_default": text("1")})
