from typing import Optional

from sqlmodel import Field, SQLModel


class EmailStr(str):
    """Stands for pydantic.EmailStr (which needs the email-validator package)."""


class Slug(str):
    pass


class ShortCode(Slug):
    pass


class Contact(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: EmailStr = Field(unique=True, index=True)
    backup_email: Optional[EmailStr] = None
    slug: Slug = Field(max_length=64)
    code: ShortCode = Field(max_length=8)
