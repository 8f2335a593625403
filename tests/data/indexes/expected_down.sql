DROP INDEX public.docs_title_idx;

DROP INDEX public.docs_body_idx;

CREATE INDEX docs_title_idx ON public.docs USING btree (title);
