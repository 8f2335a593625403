from typing import Optional

from sqlalchemy import BigInteger, Column, Computed, Identity, Integer, Numeric, String
from sqlmodel import Field, SQLModel


class Ticket(SQLModel, table=True):
    id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, Identity(), primary_key=True)
    )
    price: float
    qty: int
    total: Optional[float] = Field(
        default=None, sa_column=Column(Numeric(12, 2), Computed("price * qty"))
    )
    code: str


class Counter(SQLModel, table=True):
    id: Optional[int] = Field(
        default=None,
        sa_column=Column(
            BigInteger,
            Identity(always=True, start=1000, increment=10),
            primary_key=True,
        ),
    )
    serial_no: int = Field(
        sa_column=Column(Integer, Identity(start=5, minvalue=5, maxvalue=50000, cycle=True), nullable=False)
    )
    lower_name: Optional[str] = Field(
        default=None, sa_column=Column(String, Computed("lower(name)", persisted=True))
    )
    name: str
