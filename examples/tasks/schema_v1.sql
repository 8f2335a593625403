-- SPDX-License-Identifier: MIT
-- A small task tracker, version 1: users, projects and their tasks.
CREATE TYPE task_status AS ENUM ('todo', 'doing', 'done');

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(254) NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'people who can own and be assigned tasks';

CREATE TABLE projects (
    id serial PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL,
    archived boolean NOT NULL DEFAULT false,
    UNIQUE (owner_id, name)
);

CREATE TABLE tasks (
    id bigserial PRIMARY KEY,
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title varchar(200) NOT NULL,
    status task_status NOT NULL DEFAULT 'todo',
    assignee_id bigint REFERENCES users (id) ON DELETE SET NULL,
    estimate_hours numeric(6,2) CHECK (estimate_hours >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_project_id_idx ON tasks (project_id);
CREATE INDEX tasks_assignee_open_idx ON tasks (assignee_id)
    WHERE status <> 'done';
COMMENT ON COLUMN tasks.estimate_hours IS 'planned effort, in hours';
