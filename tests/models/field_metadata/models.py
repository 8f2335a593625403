from typing import ClassVar, Optional

from pydantic import PrivateAttr
from sqlmodel import Field, SQLModel


class Product(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, description="surrogate key")
    name: str = Field(title="Name", description="shown to customers", max_length=80)
    aliasField: str = Field(alias="alias_field", index=True)
    price_cents: int = Field(ge=0, le=10_000_000, description="price in cents")
    sku: str = Field(min_length=4, max_length=12, regex=r"^[A-Z0-9-]+$", unique=True)
    note: Optional[str] = Field(default=None, description="no comment in the DDL",
                                sa_column_kwargs={"comment": "the DDL comment"})
    currency: str = Field(default="EUR", max_length=3)
    registry_key: ClassVar[str] = "products"
    _secret: str = PrivateAttr(default="x")
