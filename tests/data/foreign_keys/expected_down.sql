ALTER TABLE public.tags DROP CONSTRAINT tags_post_id_fkey;

ALTER TABLE public.tags DROP CONSTRAINT tags_parent_fkey;

ALTER TABLE public.posts DROP CONSTRAINT posts_user_id_fkey;

ALTER TABLE public.posts DROP CONSTRAINT posts_editor_fkey;

ALTER TABLE public.likes DROP CONSTRAINT likes_user_id_fkey;

ALTER TABLE public.likes DROP CONSTRAINT likes_post_id_fkey;

ALTER TABLE public.likes DROP CONSTRAINT likes_user_id_check;

ALTER TABLE public.posts DROP COLUMN editor;

DROP TABLE public.tags;

DROP TABLE public.likes;

ALTER TABLE public.posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);
