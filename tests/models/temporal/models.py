import datetime
from datetime import date, time, timedelta
from typing import Optional

from sqlmodel import Field, SQLModel


class Event(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    starts_at: datetime.datetime
    created: datetime.datetime = Field(default_factory=datetime.datetime.utcnow)
    day: date
    at: time
    duration: timedelta
    ends_at: Optional[datetime.datetime] = None
    until: Optional[date] = None
    alarm: Optional[time] = Field(default=None, index=True)
    grace: Optional[timedelta] = None
