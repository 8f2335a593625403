CREATE TYPE status AS ENUM ('draft', 'review', 'published', 'archived');
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE category (
    id SERIAL NOT NULL,
    label TEXT DEFAULT 'misc' NOT NULL,
    CONSTRAINT pk_category PRIMARY KEY (id)
);
CREATE TABLE item (
    id SERIAL NOT NULL,
    name VARCHAR(64) NOT NULL,
    status status DEFAULT 'review'::status NOT NULL,
    created TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    category_id INTEGER,
    flags JSONB DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT pk_item PRIMARY KEY (id),
    CONSTRAINT uq_item_name UNIQUE (name),
    CONSTRAINT fk_item_category_id_category FOREIGN KEY(category_id) REFERENCES category (id) ON DELETE CASCADE,
    CONSTRAINT ck_item_name_len CHECK (length(name) > 0)
);
CREATE INDEX ix_item_category_id ON item (category_id);
