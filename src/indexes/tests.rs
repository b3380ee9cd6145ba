use super::*;
use crate::model::{Field, FieldSet, FieldType, Origin, Scalar};

fn schema() -> Schema {
    let mut order = Model::new("Order");
    for (name, ty) in [("id", Scalar::String), ("tenantId", Scalar::String), ("placedAt", Scalar::DateTime)] {
        order.fields.push(Field::new(name, FieldType::Scalar(ty)));
    }
    order.fields[0].id = true;
    order.indexes.push(FieldSet::new(vec!["tenantId".into()], Origin::Inferred, None));
    Schema { models: vec![order], order: vec![ModelId(0)], tenant_key: Some("tenantId".into()), ..Schema::default() }
}

#[test]
fn a_prefix_index_is_partial_and_the_suggestion_puts_the_tenant_first() {
    let patterns = [Pattern {
        kind: PatternKind::Sentence,
        text: "list orders by placedAt".into(),
        at: Provenance::new("d.md", 1, 1),
    }];
    let report = coverage(&schema(), &patterns);
    let first = &report.paths[0];
    assert_eq!(first.path.equality, ["tenantId"]);
    assert_eq!(first.path.range.as_deref(), Some("placedAt"));
    assert_eq!(first.support, Support::Partial { by: "@@index([tenantId])".into() });
    assert_eq!(first.suggestion.as_deref(), Some("@@index([tenantId, placedAt])"));
    // The tenant key path itself is covered by its index.
    let tenant = report.paths.iter().find(|c| c.path.source == PathSource::TenantKey).expect("tenant path");
    assert_eq!(tenant.support, Support::Covered { by: "@@index([tenantId])".into() });
}
