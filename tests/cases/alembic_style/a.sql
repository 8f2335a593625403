CREATE TYPE status AS ENUM ('draft', 'published');
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE item (
    id SERIAL NOT NULL,
    name VARCHAR(64) NOT NULL,
    status status DEFAULT 'draft' NOT NULL,
    created TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL,
    CONSTRAINT pk_item PRIMARY KEY (id),
    CONSTRAINT uq_item_name UNIQUE (name)
);
