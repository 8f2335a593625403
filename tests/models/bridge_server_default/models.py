# Server defaults: a string literal (on text and integer columns), text(),
# func.now(), sa.false(), and a default on the primary key (no SERIAL).
import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel


class Setting(SQLModel, table=True):
    id: int = Field(primary_key=True, sa_column_kwargs={
        "server_default": sa.text("1")})
    name: str = Field(sa_column_kwargs={"server_default": "unnamed"})
    qty: int = Field(sa_column_kwargs={"server_default": "0"})
    on: bool = Field(sa_column_kwargs={"server_default": sa.false()})
    created: datetime.datetime = Field(sa_column=Column(
        sa.DateTime(timezone=True), server_default=sa.func.now(),
        nullable=False))
    updated: Optional[datetime.datetime] = Field(sa_column=Column(
        sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")))
    ratio: float = Field(sa_column_kwargs={"server_default": sa.text("1.5")})
