# UNIQUE and CHECK constraints, named and unnamed, on one and on two
# columns, in __table_args__ and through sa_column_args.
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Booking(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("room", "day"),
        sa.UniqueConstraint("code", name="booking_code_unique"),
        sa.CheckConstraint("nights > 0"),
        sa.CheckConstraint("first_day <= day", name="days_in_order"),
        sa.CheckConstraint("room <> code"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    room: str
    day: int
    first_day: int
    nights: int
    code: str
    qty: int = Field(sa_column_args=[sa.CheckConstraint("qty >= 0")])
    email: str = Field(unique=True)
