# Every plain annotation SQLModel 0.0.8 maps, and Optional ones.
import datetime
import decimal
import ipaddress
import uuid
from typing import Optional

from sqlmodel import Field, SQLModel


class Everything(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    short: str = Field(max_length=20)
    maybe: Optional[str] = None
    count: int = 0
    ratio: float
    flag: bool = True
    at: datetime.datetime
    day: datetime.date
    clock: datetime.time
    span: datetime.timedelta
    blob: bytes
    price: decimal.Decimal
    ident: uuid.UUID = Field(default_factory=uuid.uuid4)
    addr: ipaddress.IPv4Address


class Keyed(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=10)
    number: int = Field(default=0, primary_key=True)
