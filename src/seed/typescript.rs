//! The plan spelled as `prisma/seed.ts`: imports, one loop per model, the tenants'
//! transactions, the summary. Every value is an expression of the row number `k`.

use super::SeedHints;
use super::plan::{Batch, Phase, Plan, Step, TenantSource};
use super::values::{Value, fit_text};
use crate::conventions::{GeneratorKind, Layout, Profile};
use crate::model::{ModelId, Provider, Schema};
use crate::naming::lower_first;
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub fn write(schema: &Schema, profile: &Profile, hints: &SeedHints, plan: &Plan) -> String {
    let writer = Writer { schema, profile, hints, plan, rls: schema.provider == Provider::Postgresql };
    writer.file()
}

struct Writer<'a> {
    schema: &'a Schema,
    profile: &'a Profile,
    hints: &'a SeedHints,
    plan: &'a Plan,
    /// Tenants' rows are written inside a transaction that names the tenant for RLS.
    rls: bool,
}

impl Writer<'_> {
    fn file(&self) -> String {
        let mut out = String::new();
        out.push_str("// Sample data for a development database, written by schemata from the schema.\n");
        out.push_str("// Rows are created in dependency order; parents are shared round-robin by their children.\n");
        out.push_str("// Run it with `npx tsx prisma/seed.ts` once the migrations are applied.\n");
        self.imports(&mut out);
        out.push('\n');
        self.client(&mut out);
        if self.plan.tenancy.is_some() && self.rls {
            out.push_str("\n// The setting the row-level security policies read the current tenant from.\n");
            let _ = writeln!(out, "const TENANT_SETTING = {};", js_string(&self.hints.tenant_setting));
        }
        self.enum_values(&mut out);
        out.push_str(PICK);
        out.push_str("\nasync function main(): Promise<void> {\n");
        self.body(&mut out);
        self.summary(&mut out);
        out.push_str("}\n");
        out.push_str(MAIN);
        out
    }

    fn imports(&self, out: &mut String) {
        let from = js_string(&client_import(self.profile));
        let needs_prisma = self.batches().any(|b| b.fields.iter().any(|(_, v)| is_optional_json(v)));
        let values = if needs_prisma { "Prisma, PrismaClient" } else { "PrismaClient" };
        let _ = writeln!(out, "import {{ {values} }} from {from};");
        // Model types under another name: a model called `Date` or `Map` must not hide the global.
        let types: Vec<String> =
            self.batches().map(|b| format!("{} as {}", self.name(b.model), row_type(self.name(b.model)))).collect();
        if !types.is_empty() {
            let _ = writeln!(out, "import type {{ {} }} from {from};", types.join(", "));
        }
        if let Some((name, module)) = self.adapter() {
            let _ = writeln!(out, "import {{ {name} }} from \"{module}\";");
        }
    }

    /// The driver adapter Prisma 7's client needs for the provider.
    fn adapter(&self) -> Option<(&'static str, &'static str)> {
        if self.profile.prisma_major < 7 {
            return None;
        }
        match self.schema.provider {
            Provider::Postgresql => Some(("PrismaPg", "@prisma/adapter-pg")),
            Provider::Mysql => Some(("PrismaMariaDb", "@prisma/adapter-mariadb")),
            Provider::Sqlite => Some(("PrismaBetterSqlite3", "@prisma/adapter-better-sqlite3")),
            Provider::Mongodb => None,
        }
    }

    fn client(&self, out: &mut String) {
        let options = match self.adapter() {
            Some(("PrismaPg", _)) => {
                "{ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) }".to_string()
            }
            Some(("PrismaBetterSqlite3", _)) => {
                "{ adapter: new PrismaBetterSqlite3({ url: process.env.DATABASE_URL ?? \"file:./dev.db\" }) }"
                    .to_string()
            }
            Some((name, _)) => format!("{{ adapter: new {name}(process.env.DATABASE_URL ?? \"\") }}"),
            None => String::new(),
        };
        let _ = writeln!(out, "const prisma = new PrismaClient({options});");
    }

    /// Each cycled enum's values, in schema order.
    fn enum_values(&self, out: &mut String) {
        let mut used = BTreeSet::new();
        for batch in self.batches() {
            for (_, value) in &batch.fields {
                collect_enums(value, &mut used);
            }
        }
        if used.is_empty() {
            return;
        }
        out.push_str("\n// Every value of each enum appears: rows take them in turn.\n");
        for id in used {
            let e = &self.schema.enums[id];
            let values: Vec<String> = e.values.iter().map(|v| js_string(&v.name)).collect();
            let _ = writeln!(out, "const {} = [{}] as const;", enum_const(&e.name), values.join(", "));
        }
    }

    fn batches(&self) -> impl Iterator<Item = &Batch> + '_ {
        self.plan.steps.iter().filter_map(|s| match s {
            Step::Create(b) => Some(b),
            Step::Skip { .. } => None,
        })
    }

    fn name(&self, id: ModelId) -> &str {
        &self.schema[id].name
    }

    fn body(&self, out: &mut String) {
        let (global, tenant): (Vec<&Step>, Vec<&Step>) =
            self.plan.steps.iter().partition(|s| step_phase(s) == Phase::Global);
        for step in &global {
            self.step(out, step, "  ", "prisma");
        }
        if tenant.is_empty() {
            return;
        }
        if !global.is_empty() {
            out.push('\n');
        }
        let Some(tenancy) = self.plan.tenancy.as_ref() else {
            // No tenants to run for: the plan skipped these, and says why.
            for step in &tenant {
                self.step(out, step, "  ", "prisma");
            }
            return;
        };
        match &tenancy.source {
            TenantSource::Model { model, .. } => {
                let _ = writeln!(out, "  const tenants = {};", rows_var(self.name(*model)));
            }
            TenantSource::Fixed(ids) => {
                let list: Vec<String> = ids.iter().map(|id| format!("{{ id: {id} }}")).collect();
                let _ = writeln!(out, "  // No model holds the tenants: {} is set to these ids.", tenancy.key);
                let _ = writeln!(out, "  const tenants = [{}];", list.join(", "));
            }
        }
        out.push_str("  for (const [t, tenant] of tenants.entries()) {\n");
        let inner = if self.rls {
            out.push_str("    // One transaction per tenant: the setting holds until it commits, and RLS admits\n");
            out.push_str("    // only rows of the tenant it names.\n");
            out.push_str("    await prisma.$transaction(\n      async (db) => {\n");
            let _ = writeln!(
                out,
                "        await db.$executeRaw`SELECT set_config(${{TENANT_SETTING}}, ${{String(tenant.{})}}, true)`;",
                self.tenant_field()
            );
            "        "
        } else {
            out.push_str("    const db = prisma;\n");
            "    "
        };
        for step in tenant {
            self.step(out, step, inner, "db");
        }
        if self.rls {
            out.push_str("      },\n      { timeout: 60_000 },\n    );\n");
        }
        out.push_str("  }\n");
    }

    fn tenant_field(&self) -> &str {
        match self.plan.tenancy.as_ref().map(|t| &t.source) {
            Some(TenantSource::Model { field, .. }) => field,
            _ => "id",
        }
    }

    fn step(&self, out: &mut String, step: &Step, indent: &str, client: &str) {
        let batch = match step {
            Step::Skip { model, why, .. } => {
                let _ = writeln!(out, "{indent}// skipped {}: {why}", self.name(*model));
                return;
            }
            Step::Create(batch) => batch,
        };
        let name = self.name(batch.model);
        let rows = rows_var(name);
        for note in &batch.notes {
            let _ = writeln!(out, "{indent}// {name}: {note}");
        }
        let _ = writeln!(out, "{indent}const {rows}: {}[] = [];", row_type(name));
        let count = batch.count;
        let (start, end) = match batch.phase {
            Phase::Global => ("0".to_string(), count.to_string()),
            Phase::Tenant => (format!("t * {count}"), format!("t * {count} + {count}")),
        };
        let _ = writeln!(out, "{indent}for (let k = {start}; k < {end}; k++) {{");
        let _ = writeln!(out, "{indent}  {rows}.push(");
        let _ = writeln!(out, "{indent}    await {client}.{}.create({{", lower_first(name));
        let _ = writeln!(out, "{indent}      data: {{");
        let digits = self.plan.total(batch).to_string().len();
        for (field, value) in &batch.fields {
            let _ = writeln!(out, "{indent}        {field}: {},", self.expr(value, digits));
        }
        let _ = writeln!(out, "{indent}      }},");
        let _ = writeln!(out, "{indent}    }}),");
        let _ = writeln!(out, "{indent}  );");
        let _ = writeln!(out, "{indent}}}");
    }

    fn expr(&self, value: &Value, digits: usize) -> String {
        match value {
            Value::Tenant => format!("tenant.{}", self.tenant_field()),
            Value::Parent { model, field } => format!("pick({}, k).{field}", rows_var(self.name(*model))),
            Value::Text { prefix, suffix, max_len } => {
                let (prefix, suffix) = fit_text(prefix, suffix, *max_len, digits);
                format!("`{}${{k + 1}}{}`", template_text(&prefix), template_text(&suffix))
            }
            Value::Literal(text) | Value::EnumLiteral(text) => js_string(text),
            Value::Uuid => "`00000000-0000-4000-8000-${String(k + 1).padStart(12, \"0\")}`".into(),
            Value::ObjectId => "(k + 1).toString(16).padStart(24, \"0\")".into(),
            Value::Inet => "`10.0.0.${k + 1}`".into(),
            Value::Int | Value::Fraction { whole: true } => "k + 1".into(),
            Value::Fraction { whole: false } => "k + 1.5".into(),
            Value::BigInt => "BigInt(k + 1)".into(),
            Value::Boolean => "k % 2 === 0".into(),
            Value::Date { month, hour } => format!("new Date(Date.UTC(2025, {month}, k + 1, {hour}))"),
            Value::Future => "new Date(Date.now() + (k + 1) * 30 * 86_400_000)".to_string(),
            Value::Json => "{ sample: k + 1 }".into(),
            Value::Bytes if self.profile.prisma_major >= 7 => "new Uint8Array([k + 1])".into(),
            Value::Bytes => "Buffer.from([k + 1])".into(),
            Value::Enum(id) => format!("pick({}, k)", enum_const(&self.schema[*id].name)),
            Value::EmptyList => "[]".into(),
            Value::Object(fields) => {
                let parts: Vec<String> =
                    fields.iter().map(|(name, v)| format!("{name}: {}", self.expr(v, digits))).collect();
                if parts.is_empty() { "{}".into() } else { format!("{{ {} }}", parts.join(", ")) }
            }
            Value::Sometimes(inner) => {
                // Prisma tells a database NULL in a Json column from a JSON `null` value.
                let empty = if matches!(**inner, Value::Json) { "Prisma.DbNull" } else { "null" };
                format!("k % 2 === 0 ? {} : {empty}", self.expr(inner, digits))
            }
        }
    }

    fn summary(&self, out: &mut String) {
        out.push('\n');
        for step in &self.plan.steps {
            let line = match step {
                Step::Create(batch) => format!("seeded {}: {}", self.name(batch.model), self.plan.total(batch)),
                Step::Skip { model, why, .. } => format!("skipped {}: {why}", self.name(*model)),
            };
            let _ = writeln!(out, "  console.log({});", js_string(&line));
        }
    }
}

fn step_phase(step: &Step) -> Phase {
    match step {
        Step::Create(Batch { phase, .. }) | Step::Skip { phase, .. } => *phase,
    }
}

fn is_optional_json(value: &Value) -> bool {
    matches!(value, Value::Sometimes(inner) if matches!(**inner, Value::Json))
}

fn collect_enums(value: &Value, used: &mut BTreeSet<usize>) {
    match value {
        Value::Enum(id) => {
            used.insert(id.index());
        }
        Value::Sometimes(inner) => collect_enums(inner, used),
        Value::Object(fields) => fields.iter().for_each(|(_, v)| collect_enums(v, used)),
        _ => {}
    }
}

/// Where `prisma/seed.ts` imports the generated client from: the generator's `output`, which
/// Prisma resolves from the file holding the generator (`prisma/schema/` in the multi-file layout).
pub fn client_import(profile: &Profile) -> String {
    let output = profile.output.trim();
    if output.is_empty() {
        return "@prisma/client".into();
    }
    let base = match profile.layout {
        Layout::Single => "",
        Layout::Multi => "schema",
    };
    let mut path = if output.starts_with('/') { output.to_string() } else { join(base, output) };
    if profile.generator == GeneratorKind::PrismaClient {
        path.push_str("/client");
    }
    path
}

/// `base/rel` with `.` and `..` resolved, as a relative import (`./x`, `../x`).
fn join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    let mut ups = 0;
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    ups += 1;
                }
            }
            p => parts.push(p),
        }
    }
    let lead = if ups == 0 { "./".to_string() } else { "../".repeat(ups) };
    format!("{lead}{}", parts.join("/"))
}

fn rows_var(model: &str) -> String {
    format!("{}Rows", lower_first(model))
}

fn row_type(model: &str) -> String {
    format!("{model}Row")
}

fn enum_const(name: &str) -> String {
    format!("{}Values", lower_first(name))
}

/// A JavaScript string literal (JSON's escaping is valid JavaScript).
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Text placed verbatim in a template literal.
fn template_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('`', "\\`").replace("${", "\\${")
}

const PICK: &str = r#"
// The parent (or enum value) for row k: rows share parents in turn.
function pick<T>(rows: readonly T[], k: number): T {
  const row = rows[k % rows.length];
  if (row === undefined) throw new Error("seed: nothing to pick from");
  return row;
}
"#;

const MAIN: &str = r#"
main()
  .then(async () => {
    await prisma.$disconnect();
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await prisma.$disconnect();
    process.exit(1);
  });
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_import_follows_output_and_layout() {
        let mut profile = Profile::postgres();
        assert_eq!(client_import(&profile), "./generated/client");
        profile.output = "../generated/prisma".into();
        assert_eq!(client_import(&profile), "../generated/prisma/client");
        profile.layout = Layout::Multi;
        profile.output = "../generated".into();
        assert_eq!(client_import(&profile), "./generated/client");
        profile.output = "./generated".into();
        assert_eq!(client_import(&profile), "./schema/generated/client");
        assert_eq!(client_import(&Profile::mongodb()), "@prisma/client");
    }
}
