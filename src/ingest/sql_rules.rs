//! Database rules in SQL DDL read back as what a document would say about a column, so that a
//! `pg_dump` of a database schemata migrated describes the same rules again (the cues of
//! [`crate::postgres::cues`] read them): `CHECK (minutes > 0)` → "positive",
//! `CHECK ("hourlyRate" >= 0)` → "non-negative", `CHECK (channel IN ('a', 'b'))` → "one of 'a',
//! 'b'", `CHECK ("startsAt" < "endsAt")` → "after startsAt" on `endsAt`, and a generated
//! `tsvector` column → its source columns are "searchable".

use sqlparser::ast::{BinaryOperator, Expr};

fn column(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.clone()),
        Expr::Nested(inner) => column(inner),
        _ => None,
    }
}

/// A literal as written, without casts and parentheses: `(0)::numeric` → `0`, `'a'::text` → `a`.
fn literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Nested(inner) => literal(inner),
        Expr::Cast { expr, .. } => literal(expr),
        Expr::Value(v) => {
            let text = v.to_string();
            Some(
                text.strip_prefix('\'')
                    .and_then(|t| t.strip_suffix('\''))
                    .map_or(text.clone(), |t| t.replace("''", "'")),
            )
        }
        _ => None,
    }
}

fn literals(list: &[Expr]) -> Option<Vec<String>> {
    list.iter().map(literal).collect()
}

fn quoted(values: &[String]) -> String {
    let parts: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    parts.join(", ")
}

/// `(column, words)` for each rule a CHECK expression states about one column.
pub fn check(expr: &Expr) -> Vec<(String, String)> {
    match expr {
        Expr::Nested(inner) => check(inner),
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
            let mut rules = check(left);
            rules.extend(check(right));
            rules
        }
        Expr::BinaryOp { left, op, right } => {
            if let (Some(c), Some(n)) = (column(left), literal(right)) {
                return match (op, n.as_str()) {
                    (BinaryOperator::GtEq, "0") => vec![(c, "non-negative".into())],
                    (BinaryOperator::Gt, "0") | (BinaryOperator::GtEq, "1") => vec![(c, "positive".into())],
                    _ => Vec::new(),
                };
            }
            match (column(left), op, column(right)) {
                (Some(a), BinaryOperator::Lt, Some(b)) => vec![(b, format!("after {a}"))],
                (Some(a), BinaryOperator::Gt, Some(b)) => vec![(a, format!("after {b}"))],
                _ => Vec::new(),
            }
        }
        Expr::InList { expr, list, negated: false } => match (column(expr), literals(list)) {
            (Some(c), Some(values)) if values.len() >= 2 => vec![(c, format!("one of {}", quoted(&values)))],
            _ => Vec::new(),
        },
        // PostgreSQL prints `IN (...)` back as `= ANY (ARRAY[...])`.
        Expr::AnyOp { left, compare_op: BinaryOperator::Eq, right, .. } => {
            let values = match right.as_ref() {
                Expr::Nested(inner) => array_values(inner),
                other => array_values(other),
            };
            match (column(left), values) {
                (Some(c), Some(values)) if values.len() >= 2 => vec![(c, format!("one of {}", quoted(&values)))],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

fn array_values(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Array(array) => literals(&array.elem),
        Expr::Cast { expr, .. } => array_values(expr),
        _ => None,
    }
}

/// The columns a generated full-text column is computed from (`to_tsvector(...)` over them).
pub fn search_sources(expr: &Expr) -> Option<Vec<String>> {
    let text = expr.to_string();
    if !text.to_ascii_lowercase().contains("to_tsvector") {
        return None;
    }
    let mut columns = Vec::new();
    collect_columns(expr, &mut columns, 0);
    (!columns.is_empty()).then_some(columns)
}

fn collect_columns(e: &Expr, out: &mut Vec<String>, depth: usize) {
    // Search expressions are shallow; the bound keeps a hostile one from recursing far.
    if depth > 64 {
        return;
    }
    match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
            if let Some(c) = column(e).filter(|c| !out.contains(c)) {
                out.push(c);
            }
        }
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => collect_columns(inner, out, depth + 1),
        Expr::BinaryOp { left, right, .. } => {
            collect_columns(left, out, depth + 1);
            collect_columns(right, out, depth + 1);
        }
        Expr::Function(f) => {
            if let sqlparser::ast::FunctionArguments::List(list) = &f.args {
                for arg in &list.args {
                    if let sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(a)) = arg {
                        collect_columns(a, out, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn expr(sql: &str) -> Expr {
        Parser::new(&PostgreSqlDialect {}).try_with_sql(sql).unwrap().parse_expr().unwrap()
    }

    #[test]
    fn checks_as_pg_dump_prints_them() {
        assert_eq!(
            check(&expr("((\"hourlyRate\" >= (0)::numeric))")),
            vec![("hourlyRate".into(), "non-negative".into())]
        );
        assert_eq!(check(&expr("((minutes > 0))")), vec![("minutes".into(), "positive".into())]);
        assert_eq!(check(&expr("((\"openedAt\" < \"dueAt\"))")), vec![("dueAt".into(), "after openedAt".into())]);
        assert_eq!(
            check(&expr("((channel = ANY (ARRAY['email'::text, 'chat'::text])))")),
            vec![("channel".into(), "one of 'email', 'chat'".into())]
        );
        assert_eq!(check(&expr("(kind IN ('a', 'b'))")), vec![("kind".into(), "one of 'a', 'b'".into())]);
        assert!(check(&expr("(length(title) > 3)")).is_empty());
    }

    #[test]
    fn search_columns_name_their_sources() {
        let e = expr(
            "to_tsvector('simple'::regconfig, ((COALESCE(subject, ''::text) || ' '::text) || COALESCE(body, ''::text)))",
        );
        assert_eq!(search_sources(&e), Some(vec!["subject".to_string(), "body".to_string()]));
        assert_eq!(search_sources(&expr("a + b")), None);
    }
}
