ALTER TABLE public.posts DROP CONSTRAINT posts_user_id_fkey;

CREATE TABLE public.likes (
    user_id integer,
    post_id integer
);

CREATE TABLE public.tags (
    id integer NOT NULL,
    post_id integer NOT NULL,
    parent integer,
    CONSTRAINT tags_pkey PRIMARY KEY (id)
);

ALTER TABLE public.posts ADD COLUMN editor text;

ALTER TABLE public.likes ADD CONSTRAINT likes_user_id_check CHECK (user_id > 0) NOT VALID;

ALTER TABLE public.likes ADD CONSTRAINT likes_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts(id);

ALTER TABLE public.likes ADD CONSTRAINT likes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);

ALTER TABLE public.posts ADD CONSTRAINT posts_editor_fkey FOREIGN KEY (editor) REFERENCES public.users(email) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE public.posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE public.tags ADD CONSTRAINT tags_parent_fkey FOREIGN KEY (parent) REFERENCES public.tags(id);

ALTER TABLE public.tags ADD CONSTRAINT tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts(id);
