from typing import List, Optional

from sqlmodel import Field, Relationship, SQLModel


class Category(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    parent_id: Optional[int] = Field(default=None, foreign_key="category.id", index=True)


class Employee(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    manager_id: Optional[int] = Field(default=None, foreign_key="employee.id")
    mentor_id: Optional[int] = Field(default=None, foreign_key="employee.id")
    department_id: Optional[int] = Field(default=None, foreign_key="department.id")


class Department(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    head_id: Optional[int] = Field(default=None, foreign_key="employee.id")
