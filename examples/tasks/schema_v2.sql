-- SPDX-License-Identifier: MIT
-- The task tracker, version 2: a "blocked" status, priorities, due dates,
-- labels, a wider title and the open-tasks index keyed by priority.
CREATE TYPE task_status AS ENUM ('todo', 'doing', 'blocked', 'done');

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
    title varchar(300) NOT NULL,
    status task_status NOT NULL DEFAULT 'todo',
    priority smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    assignee_id bigint REFERENCES users (id) ON DELETE SET NULL,
    estimate_hours numeric(6,2) CHECK (estimate_hours >= 0),
    due_on date,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_project_id_idx ON tasks (project_id);
CREATE INDEX tasks_assignee_open_idx ON tasks (assignee_id, priority)
    WHERE status <> 'done';
CREATE INDEX tasks_due_on_idx ON tasks (due_on) WHERE due_on IS NOT NULL;
COMMENT ON COLUMN tasks.estimate_hours IS 'planned effort, in hours';
COMMENT ON COLUMN tasks.priority IS '1 = most urgent, 5 = whenever';

CREATE TABLE labels (
    id serial PRIMARY KEY,
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name varchar(40) NOT NULL,
    color char(7) NOT NULL DEFAULT '#888888'
        CHECK (color ~ '^#[0-9a-f]{6}$'),
    UNIQUE (project_id, name)
);

CREATE TABLE task_labels (
    task_id bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    label_id integer NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, label_id)
);

-- Not modelled yet: named on stderr as "unmanaged", never dropped silently.
CREATE VIEW open_tasks AS
    SELECT * FROM tasks WHERE status <> 'done';
