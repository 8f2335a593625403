CREATE TABLE cust (id int PRIMARY KEY);
CREATE TABLE sales (id int, cust_id int REFERENCES cust ON DELETE CASCADE, at date NOT NULL, amount numeric DEFAULT 0, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales_2025 PARTITION OF sales FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE refunds (sale_id int, sale_at date, FOREIGN KEY (sale_id, sale_at) REFERENCES sales (id, at));
