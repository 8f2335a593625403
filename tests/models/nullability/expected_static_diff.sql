-- retort diff postgres://<create_all on 0.0.8> models.py: the static reader
-- follows current SQLModel nullability.
-- sqlmodel-mapping.md section 5: "`x: int = None` | nullable | NOT NULL |
-- pydantic-2 code path (0.0.14+)" and "required `Optional[X]` (`= Field(...)`;
-- in pydantic 2 also no default) | NOT NULL when `= Field(...)` | nullable |
-- 0.0.14 (both pydantic paths)"; section 3.1: "latest `is_noneable` ...
-- **True iff the annotation is a union containing `None`**".

ALTER TABLE public.nul ALTER COLUMN a SET NOT NULL;

ALTER TABLE public.nul ALTER COLUMN b DROP NOT NULL;
