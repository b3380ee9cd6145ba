-- Storefront schema, written by hand for PostgreSQL 16.
-- Money is numeric; ids are uuids for people and serials for the catalogue.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

CREATE TABLE customers (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email       varchar(255) NOT NULL UNIQUE,
    full_name   varchar(120) NOT NULL,
    is_vip      boolean NOT NULL DEFAULT false,
    tags        text[] NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customers IS 'People who buy.';
COMMENT ON COLUMN customers.tags IS 'Free-form labels set by support.';

-- One profile per customer: the key is the customer's.
CREATE TABLE customer_profiles (
    customer_id uuid PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    bio         text,
    preferences jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE addresses (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    line1       text NOT NULL,
    city        text NOT NULL,
    postal_code varchar(16) NOT NULL,
    country     char(2) NOT NULL
);
CREATE INDEX addresses_customer_id_idx ON addresses (customer_id);

CREATE TABLE categories (
    id        serial PRIMARY KEY,
    name      varchar(80) NOT NULL UNIQUE,
    parent_id integer REFERENCES categories (id) ON DELETE SET NULL
);

CREATE TABLE products (
    id          serial PRIMARY KEY,
    sku         varchar(40) NOT NULL,
    title       varchar(200) NOT NULL,
    price       numeric(10, 2) NOT NULL,
    stock       integer NOT NULL DEFAULT 0,
    attributes  jsonb,
    category_id integer NOT NULL,
    CONSTRAINT products_sku_key UNIQUE (sku),
    CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id)
        REFERENCES categories (id) ON UPDATE CASCADE ON DELETE RESTRICT
);
CREATE INDEX products_category_id_title_idx ON products (category_id, title);
CREATE INDEX products_attributes_idx ON products USING gin (attributes);

CREATE TABLE orders (
    id                  bigserial PRIMARY KEY,
    customer_id         uuid NOT NULL REFERENCES customers (id),
    shipping_address_id uuid REFERENCES addresses (id) ON DELETE SET NULL,
    status              order_status NOT NULL DEFAULT 'pending',
    total               numeric(12, 2) NOT NULL,
    notes               text,
    placed_at           timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE order_items (
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id integer NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    quantity   integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE tags (
    id    serial PRIMARY KEY,
    label varchar(40) NOT NULL UNIQUE
);

-- Prisma's implicit many-to-many join table between Product and Tag.
CREATE TABLE "_ProductToTag" (
    "A" integer NOT NULL REFERENCES products (id) ON DELETE CASCADE ON UPDATE CASCADE,
    "B" integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ProductToTag_AB_pkey" PRIMARY KEY ("A", "B")
);
CREATE INDEX "_ProductToTag_B_index" ON "_ProductToTag" ("B");
