-- A function whose body holds what looks like markers and semicolons.

-- +up notransaction
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
-- +down (not a marker: inside the dollar quote)
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
/* a block comment
-- +validate (not a marker either) */
COMMENT ON FUNCTION public.touch() IS 'sets updated_at;
-- +up';

-- +down
DROP FUNCTION public.touch();
