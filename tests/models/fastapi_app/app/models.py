"""The models of a typical FastAPI + SQLModel app (users, items, tags)."""
import uuid
from datetime import datetime
from typing import List, Optional

from sqlalchemy import Column, DateTime, ForeignKey, func
from sqlmodel import Field, Relationship, SQLModel

from app.core.config import EMAIL_MAX_LENGTH, TITLE_MAX_LENGTH


class EmailStr(str):
    pass


# ---- shared properties -------------------------------------------------
class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=EMAIL_MAX_LENGTH)
    is_active: bool = True
    is_superuser: bool = False
    full_name: Optional[str] = Field(default=None, max_length=255)


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=40)


class UserUpdate(SQLModel):
    email: Optional[EmailStr] = Field(default=None, max_length=255)
    password: Optional[str] = Field(default=None, min_length=8, max_length=40)


class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    hashed_password: str
    created_at: Optional[datetime] = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False),
    )
    items: List["Item"] = Relationship(back_populates="owner")


class UserPublic(UserBase):
    id: uuid.UUID


class ItemTagLink(SQLModel, table=True):
    item_id: Optional[uuid.UUID] = Field(default=None, foreign_key="item.id", primary_key=True)
    tag_id: Optional[int] = Field(default=None, foreign_key="tag.id", primary_key=True)


class ItemBase(SQLModel):
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH)
    description: Optional[str] = Field(default=None, max_length=TITLE_MAX_LENGTH)


class Item(ItemBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    )
    created_at: Optional[datetime] = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), server_default=func.now()),
    )
    updated_at: Optional[datetime] = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), onupdate=func.now()),
    )
    owner: Optional[User] = Relationship(back_populates="items")
    tags: List["Tag"] = Relationship(back_populates="items", link_model=ItemTagLink)


class Tag(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, unique=True)
    items: List[Item] = Relationship(back_populates="tags", link_model=ItemTagLink)


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
