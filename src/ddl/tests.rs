use super::*;
use crate::conventions::{self, Profile};
use crate::ingest::{self, Source};
use crate::model::Decisions;

const DOC: &str = "\
All data lives in PostgreSQL.

### Customer
| Field | Type | Required | Default | Description |
|---|---|---|---|---|
| id | uuid | yes | | |
| email | string | yes | | unique |
| plan | enum: free, pro | yes | free | |

### Order
| Field | Type | Required | Default | Description |
|---|---|---|---|---|
| id | uuid | yes | | |
| customerId | uuid | yes | | |
| couponId | uuid | no | | |
| total | decimal | yes | | |
| placedAt | timestamp | yes | now() | |

### Coupon
| Field | Type | Required | Default | Description |
|---|---|---|---|---|
| id | uuid | yes | | |
| code | varchar(20) | yes | | |

## Relationships
- Order ↔ Coupon (many-to-many)
";

fn schema() -> Schema {
    let ingested = ingest::ingest(&[Source::new("shop.md", DOC)]);
    let mut schema = crate::infer::infer(&ingested, &Decisions::default(), &Default::default()).schema;
    conventions::apply(&mut schema, &Profile::postgres());
    schema
}

#[test]
fn a_table_with_types_keys_defaults_and_foreign_keys() {
    let schema = schema();
    let order = schema.model_by_name("Order").expect("Order");
    let sql = render_model(&schema, order);
    assert!(sql.contains("CREATE TABLE \"orders\" (\n    \"id\" UUID NOT NULL,"), "{sql}");
    assert!(sql.contains("\"total\" DECIMAL(65,30) NOT NULL"), "{sql}");
    assert!(sql.contains("\"placedAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP"), "{sql}");
    assert!(sql.contains("CONSTRAINT \"orders_pkey\" PRIMARY KEY (\"id\")"), "{sql}");
    assert!(sql.contains("CREATE INDEX \"orders_customerId_idx\" ON \"orders\"(\"customerId\");"), "{sql}");
    assert!(
        sql.contains(
            "ALTER TABLE \"orders\" ADD CONSTRAINT \"orders_customerId_fkey\" FOREIGN KEY (\"customerId\") \
             REFERENCES \"customers\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;"
        ),
        "{sql}"
    );
}

#[test]
fn enums_uniques_and_the_implicit_join_table() {
    let schema = schema();
    let sql = render_schema(&schema);
    assert!(sql.contains("-- CreateEnum\nCREATE TYPE \"CustomerPlan\" AS ENUM ('free', 'pro');"), "{sql}");
    assert!(sql.contains("\"plan\" \"CustomerPlan\" NOT NULL DEFAULT 'free'"), "{sql}");
    assert!(sql.contains("CREATE UNIQUE INDEX \"customers_email_key\" ON \"customers\"(\"email\");"), "{sql}");
    assert!(sql.contains("\"code\" VARCHAR(20) NOT NULL"), "{sql}");
    assert!(sql.contains("CREATE TABLE \"_OrderCoupons\" (\n    \"A\" UUID NOT NULL,"), "{sql}");
    assert!(sql.contains("CONSTRAINT \"_OrderCoupons_AB_pkey\" PRIMARY KEY (\"A\",\"B\")"), "{sql}");
    assert!(sql.contains("CREATE INDEX \"_OrderCoupons_B_index\" ON \"_OrderCoupons\"(\"B\");"), "{sql}");
    assert!(sql.contains("FOREIGN KEY (\"A\") REFERENCES \"coupons\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE;"));
    // Unnamed, the join table is named after both models, sorted.
    let mut unnamed = schema.clone();
    let r = unnamed.relations.iter_mut().find(|r| r.kind == RelationKind::ManyToMany).expect("m:n");
    r.name = None;
    let r = unnamed.relations.iter().find(|r| r.kind == RelationKind::ManyToMany).expect("m:n");
    assert_eq!(join_table_name(&unnamed, r), "_CouponToOrder");
    // Enums come first, then tables, indexes and foreign keys, as Prisma's migration files.
    let pos = |s: &str| sql.find(s).unwrap_or(usize::MAX);
    assert!(pos("CREATE TYPE") < pos("CREATE TABLE"));
    assert!(pos("CREATE TABLE") < pos("CREATE INDEX"));
    assert!(pos("CREATE INDEX") < pos("ALTER TABLE"));
}

#[test]
fn optional_keys_set_null_and_stated_actions_win() {
    let mut schema = schema();
    let order = schema.model_by_name("Order").expect("Order");
    let customer = schema.model_by_name("Customer").expect("Customer");
    let r = schema.relations.iter_mut().find(|r| r.holder == order && r.target == customer).expect("relation");
    r.on_delete = Some(ReferentialAction::Cascade);
    let field = schema[order].field_mut("customerId").expect("fk");
    field.optional = true;
    let sql = render_model(&schema, order);
    assert!(sql.contains("\"customerId\" UUID,"), "{sql}");
    assert!(sql.contains("ON DELETE CASCADE ON UPDATE CASCADE;"), "{sql}");
}

const WITH_VIEW: &str = "\
datasource db {
  provider = \"postgresql\"
}

enum OrderStatus {
  OPEN
  PAID

  @@map(\"order_status\")
}

model Customer {
  id     Int           @id
  orders Order[]
  stats  CustomerStats?
}

model Order {
  id         Int           @id
  status     OrderStatus   @default(OPEN)
  customer   Customer      @relation(fields: [customerId], references: [id])
  customerId Int
  region     Region        @relation(fields: [regionCode], references: [code])
  regionCode String
}

view CustomerStats {
  customerId Int      @unique @map(\"customer_id\")
  customer   Customer @relation(fields: [customerId], references: [id])
  orders     Int

  @@map(\"customer_stats\")
}

view Region {
  code   String  @unique
  orders Order[]
}
";

#[test]
fn views_get_a_note_instead_of_a_table_and_no_foreign_keys() {
    let imported = crate::import::prisma::read(&[Source::new("v.prisma", WITH_VIEW)]);
    assert!(imported.diagnostics.is_empty(), "{:#?}", imported.diagnostics);
    let schema = imported.schema;
    let sql = render_schema(&schema);
    assert!(!sql.contains("CREATE TABLE \"customer_stats\""), "{sql}");
    assert!(!sql.contains("CREATE TABLE \"Region\""), "{sql}");
    assert!(sql.contains(
        "-- View (not created by Prisma)\n-- CustomerStats reads the database view \"customer_stats\": write its CREATE VIEW in a migration by hand"
    ), "{sql}");
    // The table's foreign key to the customer stays; the one to a view does not exist.
    assert!(sql.contains("FOREIGN KEY (\"customerId\") REFERENCES \"Customer\"(\"id\")"), "{sql}");
    assert!(!sql.contains("REFERENCES \"Region\""), "{sql}");
    assert!(!sql.contains("customer_stats_customer_id_key"), "{sql}");
    // The enum's type is created under its mapped name, and columns use it.
    assert!(sql.contains("CREATE TYPE \"order_status\" AS ENUM ('OPEN', 'PAID');"), "{sql}");
    assert!(sql.contains("\"status\" \"order_status\" NOT NULL DEFAULT 'OPEN'"), "{sql}");
    let view = schema.model_by_name("CustomerStats").expect("view");
    let alone = render_model(&schema, view);
    assert!(alone.starts_with("-- View (not created by Prisma)\n") && !alone.contains("CREATE TABLE"), "{alone}");
}
