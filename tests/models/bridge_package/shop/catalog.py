from typing import List, Optional

from sqlmodel import Field, Relationship

from .base import Stamped


class Category(Stamped, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    products: List["Product"] = Relationship(back_populates="category")


class Product(Stamped, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    category_id: Optional[int] = Field(default=None,
                                       foreign_key="category.id")
    category: Optional[Category] = Relationship(back_populates="products")
