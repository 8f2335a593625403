from sqlmodel import Field

from ..common import CODE_LEN, Keyed


class Product(Keyed, table=True):
    code: str = Field(max_length=CODE_LEN, unique=True)
