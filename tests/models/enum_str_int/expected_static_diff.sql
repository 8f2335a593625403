-- retort diff postgres://<create_all on 0.0.8> models.py: the static reader
-- follows current SQLModel, where these enums are native types.
-- sqlmodel-mapping.md section 5: "`class S(str, Enum)` | `VARCHAR` | native
-- enum `s` | 0.0.9 (PR #669)" and "`class L(IntEnum)` | `INTEGER` | native
-- enum `l` | 0.0.9"; section 2.2: "Latest checks Enum first (fixed in 0.0.9,
-- PR #669, `docs/release-notes.md`), so all Enum subclasses become native
-- enums."

CREATE TYPE public.level AS ENUM ('LOW', 'HIGH');

CREATE TYPE public.status AS ENUM ('ACTIVE', 'OFF');

ALTER TABLE public.item ALTER COLUMN status TYPE public.status USING status::text::public.status;

ALTER TABLE public.item ALTER COLUMN level TYPE public.level USING level::text::public.level;
