CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE products (id serial PRIMARY KEY, sku text UNIQUE, price numeric(10,2));
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers, placed_at timestamptz DEFAULT now());
CREATE TABLE order_lines (order_id int REFERENCES orders ON DELETE CASCADE, product_id int REFERENCES products, qty int, PRIMARY KEY (order_id, product_id));
CREATE TABLE legacy (id int);
