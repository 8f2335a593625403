from decimal import Decimal
from typing import Optional

from pydantic import condecimal, conint
from sqlmodel import Field, SQLModel


class Money(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    plain: Decimal
    con: condecimal(max_digits=10, decimal_places=2)
    only_digits: condecimal(max_digits=7)
    extra: Decimal = Field(schema_extra={"max_digits": 8, "decimal_places": 3})
    ratio: float
    ratio_opt: Optional[float] = None
    count: int = 0
    small: conint(ge=0, le=10)
    flag: bool = False
    maybe_flag: Optional[bool] = None
