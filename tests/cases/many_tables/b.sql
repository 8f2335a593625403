CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL, email text UNIQUE);
CREATE TABLE products (id serial PRIMARY KEY, sku varchar(32) UNIQUE NOT NULL, price numeric(12,2) CHECK (price >= 0));
CREATE TABLE orders (id serial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers ON DELETE RESTRICT, placed_at timestamptz DEFAULT now(), status order_status DEFAULT 'pending' NOT NULL);
CREATE TABLE order_lines (order_id int REFERENCES orders ON DELETE CASCADE, product_id int REFERENCES products, qty int NOT NULL CHECK (qty > 0), PRIMARY KEY (order_id, product_id));
CREATE TABLE shipments (id serial PRIMARY KEY, order_id int REFERENCES orders, shipped_at timestamptz);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_status_idx ON orders (status) WHERE status <> 'shipped';
