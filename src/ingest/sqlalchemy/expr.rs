//! Reading the few Python expression shapes model files use: dotted names, literals,
//! calls with keyword arguments. Nothing here recurses on the input.

use ruff_python_ast::{Expr, ExprCall, Number, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

/// The dotted name `a.b.c` of a name or attribute chain, or `None` for anything else.
pub(super) fn dotted(expr: &Expr) -> Option<String> {
    let mut parts = Vec::new();
    let mut e = expr;
    loop {
        match e {
            Expr::Attribute(a) => {
                parts.push(a.attr.id.as_str());
                e = &a.value;
            }
            Expr::Name(n) => {
                parts.push(n.id.as_str());
                break;
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

/// The last part of a dotted name: `sa.Column` → `Column`.
pub(super) fn last(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        Expr::Name(n) => Some(n.id.as_str()),
        _ => None,
    }
}

/// The called name's last part: `sa.orm.mapped_column(...)` → `mapped_column`.
pub(super) fn call_name(call: &ExprCall) -> Option<&str> {
    last(&call.func)
}

/// The call when `expr` is a call, with its name's last part.
pub(super) fn as_call(expr: &Expr) -> Option<(&str, &ExprCall)> {
    match expr {
        Expr::Call(c) => call_name(c).map(|n| (n, c)),
        _ => None,
    }
}

/// The keyword argument `name=` of a call.
pub(super) fn kw<'a>(call: &'a ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == name)).map(|k| &k.value)
}

/// The text of a string literal (implicitly concatenated parts joined).
pub(super) fn string(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}

pub(super) fn boolean(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(b) => Some(b.value),
        _ => None,
    }
}

/// An integer literal, negative ones included.
pub(super) fn integer(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64(),
            _ => None,
        },
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => integer(&u.operand).map(|i| -i),
        _ => None,
    }
}

/// A literal value as the inference reads defaults: `'text'`, `42`, `1.5`, `true`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    Str(String),
    Number(String),
    Bool(bool),
    None,
}

impl Literal {
    /// The default text the inference reads (`'pending'`, `0`, `false`); `None` for `None`.
    pub(super) fn default_text(&self) -> Option<String> {
        match self {
            Literal::Str(s) => Some(format!("'{s}'")),
            Literal::Number(n) => Some(n.clone()),
            Literal::Bool(b) => Some(b.to_string()),
            Literal::None => None,
        }
    }

    /// The value as plain text (an enum member's value).
    pub(super) fn plain(&self) -> Option<String> {
        match self {
            Literal::Str(s) | Literal::Number(s) => Some(s.clone()),
            Literal::Bool(b) => Some(b.to_string()),
            Literal::None => None,
        }
    }
}

pub(super) fn literal(expr: &Expr) -> Option<Literal> {
    match expr {
        Expr::StringLiteral(s) => Some(Literal::Str(s.value.to_str().to_string())),
        Expr::NumberLiteral(n) => Some(Literal::Number(number(&n.value)?)),
        Expr::BooleanLiteral(b) => Some(Literal::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Literal::None),
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => match literal(&u.operand)? {
            Literal::Number(n) if !n.starts_with('-') => Some(Literal::Number(format!("-{n}"))),
            _ => None,
        },
        _ => None,
    }
}

fn number(n: &Number) -> Option<String> {
    match n {
        Number::Int(i) => Some(i.to_string().replace('_', "")),
        Number::Float(f) if f.is_finite() => Some(f.to_string()),
        _ => None,
    }
}

/// The items of a tuple or list literal (one item for anything else).
pub(super) fn items(expr: &Expr) -> &[Expr] {
    match expr {
        Expr::Tuple(t) => &t.elts,
        Expr::List(l) => &l.elts,
        _ => std::slice::from_ref(expr),
    }
}

/// The source text of a node, at most `max` characters (for messages).
pub(super) fn source(text: &str, range: TextRange, max: usize) -> String {
    let s = text.get(range.start().to_usize()..range.end().to_usize()).unwrap_or_default();
    let first = s.lines().next().unwrap_or_default();
    let mut out: String = first.chars().take(max).collect();
    if first.chars().count() > max || s.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

/// The source text of a node with its white space removed: how a type annotation is
/// matched against the keys of a `type_annotation_map`.
pub(super) fn compact(text: &str, node: &impl Ranged) -> String {
    let r = node.range();
    text.get(r.start().to_usize()..r.end().to_usize()).unwrap_or_default().split_whitespace().collect()
}

/// The body of `lambda: x` (SQLAlchemy accepts lambdas for late-bound arguments).
pub(super) fn unlambda(expr: &Expr) -> &Expr {
    match expr {
        Expr::Lambda(l) if l.parameters.is_none() => &l.body,
        other => other,
    }
}
