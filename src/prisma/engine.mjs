// Prisma's schema engine (the same Rust engine as `prisma migrate`, built to WebAssembly and
// published as @prisma/schema-engine-wasm), driven for schemata. The native engine cannot be
// downloaded on offline machines; this one comes from npm, so the migration SQL is Prisma's own.
//
// Protocol: one JSON request on stdin, one JSON answer on stdout ({ ok: true, ... } or
// { ok: false, kind, message }). Logs go to stderr. schemata embeds this file and runs it with
// `node --input-type=module`; modules are resolved from the request's `modules` folder.
//
// Requests (`op`):
//   diff       { schemaFiles, migrations, url|null } -> { sql }
//              The next migration: the history is replayed into a scratch (shadow) database,
//              exactly as `prisma migrate dev` does, and diffed against the schema. Without a
//              database only a first migration (from nothing) can be computed.
//   apply      { migrations, url } -> { applied: [names] }
//              Applies unapplied migrations and records them in _prisma_migrations.
//   introspect { schemaFiles, url } -> { schema }
//              The database read back as a Prisma schema (Prisma's `db pull`).
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";
import crypto from "node:crypto";

const FILTERS = { externalTables: [], externalEnums: [] };

class Failure extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

// Resolves and imports a package from the project's node_modules, not from this script's place.
function loader(modules) {
  const require = createRequire(path.join(modules, "package.json"));
  const resolve = (name) => {
    try {
      return require.resolve(name);
    } catch {
      throw new Failure(
        "missing-module",
        `${name} is not installed in ${modules}; install it with ` +
          "`npm i -D @prisma/schema-engine-wasm@latest @prisma/adapter-pg @prisma/driver-adapter-utils`",
      );
    }
  };
  return { resolve, load: async (name) => import(pathToFileURL(resolve(name)).href) };
}

async function schemaEngineRuntime(modules) {
  const { resolve, load } = loader(modules);
  const runtime = await load("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, { "./schema_engine_bg.js": runtime });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime;
}

// The pg adapter runs a migration script statement by statement, split at every ';' (which
// breaks function bodies and leaves a failed migration half-applied). Like Prisma's native
// engine, send the whole script as one simple query instead: PostgreSQL runs it in one implicit
// transaction, so a migration applies completely or not at all.
function wholeScripts(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

// PostgreSQL's one-byte "char" type (pg_constraint.contype, pg_class.relkind, which the engine
// reads to describe a database) is not among the column types the pg adapter maps, and the
// engine expects those columns as characters. Let them through as text, then label them so.
const PG_CHAR = 18;
const PG_TEXT = 25;
function charColumns(queryable, Character) {
  const performIO = queryable.performIO.bind(queryable);
  let lastChars = [];
  queryable.performIO = async (...args) => {
    const result = await performIO(...args);
    lastChars = [];
    (result.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR) {
        field.dataTypeID = PG_TEXT;
        lastChars.push(i);
      }
    });
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (...args) => {
    const result = await queryRaw(...args);
    for (const i of lastChars) result.columnTypes[i] = Character;
    return result;
  };
  if (queryable.startTransaction) {
    const start = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => charColumns(await start(...args), Character);
  }
  return queryable;
}

// Panics inside the engine are reported through this registry; without it a panic becomes an
// unrelated TypeError.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: "",
  set_message(message) {
    this.message = message;
  },
};

async function connectedEngine(modules, runtime, url, schemaFiles) {
  const { load } = loader(modules);
  const { PrismaPg } = await load("@prisma/adapter-pg");
  const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = await load("@prisma/driver-adapter-utils");
  const factory = new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => charColumns(wholeScripts(await connect()), ColumnTypeEnum.Character);
  const datamodels = schemaFiles ? schemaFiles.map((f) => [f.path, f.content]) : undefined;
  return runtime.SchemaEngine.new({ datamodels }, engineLog, bindMigrationAwareSqlAdapterFactory(factory));
}

// The engine's own log lines, on stderr: schemata shows them when the engine gives no answer.
function engineLog(line) {
  process.stderr.write(`${line}\n`);
}

// A first migration (from nothing) needs no database, as `prisma migrate diff --from-empty`
// needs none; but the engine asks the server who it is when it starts. This adapter answers that
// one question and refuses anything else, so a diff that would read a database fails plainly.
async function detachedEngine(modules, runtime, schemaFiles) {
  const { load } = loader(modules);
  const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = await load("@prisma/driver-adapter-utils");
  const refuse = async () => {
    throw new Failure("needs-database", "this step needs a database; set DATABASE_URL");
  };
  const adapter = {
    provider: "postgres",
    adapterName: "schemata-detached",
    queryRaw: async (query) => {
      if (!query.sql.includes("server_version_num")) return refuse();
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 15 (no connection)", 150000]],
      };
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
  const factory = { provider: "postgres", adapterName: "schemata-detached", connect: async () => adapter, connectToShadowDb: refuse };
  const datamodels = schemaFiles.map((f) => [f.path, f.content]);
  return runtime.SchemaEngine.new({ datamodels }, engineLog, bindMigrationAwareSqlAdapterFactory(factory));
}

function migrationList(migrations) {
  return {
    baseDir: migrations.baseDir,
    lockfile: { path: "migration_lock.toml", content: migrations.lockfile ?? null },
    shadowDbInitScript: "",
    migrationDirectories: migrations.dirs.map((d) => ({
      path: d.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: d.sql } },
    })),
  };
}

async function withPgClient(modules, url, body) {
  const { load } = loader(modules);
  const pg = (await load("pg")).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Failure("connect", `cannot connect to the database: ${error.message}`);
  }
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function diff(req) {
  const runtime = await schemaEngineRuntime(req.modules);
  const to = { tag: "schemaDatamodel", files: req.schemaFiles };
  const script = async (engine, from) =>
    (await engine.diff({ from, to, script: true, exitCode: null, filters: FILTERS })).stdout ?? "";
  if (req.migrations.dirs.length === 0) {
    const engine = await detachedEngine(req.modules, runtime, req.schemaFiles);
    return { sql: await script(engine, { tag: "empty" }) };
  }
  if (!req.url) {
    throw new Failure(
      "needs-database",
      `${req.migrations.dirs.length} migration(s) already exist; computing the next one replays them ` +
        "into a scratch database, so DATABASE_URL must name a reachable PostgreSQL",
    );
  }
  // The shadow database: created beside the real one, replayed, diffed, dropped.
  const shadowName = `schemata_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
  await withPgClient(req.modules, req.url, async (client) => {
    try {
      await client.query(`CREATE DATABASE "${shadowName}"`);
    } catch (error) {
      throw new Failure("shadow", `cannot create the scratch database ${shadowName}: ${error.message}`);
    }
  });
  const shadowUrl = new URL(req.url);
  shadowUrl.pathname = `/${shadowName}`;
  try {
    const engine = await connectedEngine(req.modules, runtime, shadowUrl.toString(), req.schemaFiles);
    await engine.applyMigrations({ migrationsList: migrationList(req.migrations), filters: FILTERS });
    const sql = await script(engine, { tag: "schemaDatasource", files: req.schemaFiles, configDir: req.root });
    engine.free();
    return { sql };
  } finally {
    await withPgClient(req.modules, req.url, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`));
  }
}

async function apply(req) {
  const runtime = await schemaEngineRuntime(req.modules);
  // Fail early and plainly when the server is down, before the engine wraps the error.
  await withPgClient(req.modules, req.url, async () => {});
  const engine = await connectedEngine(req.modules, runtime, req.url, null);
  const out = await engine.applyMigrations({ migrationsList: migrationList(req.migrations), filters: FILTERS });
  return { applied: out.appliedMigrationNames };
}

async function introspect(req) {
  const runtime = await schemaEngineRuntime(req.modules);
  await withPgClient(req.modules, req.url, async () => {});
  const engine = await connectedEngine(req.modules, runtime, req.url, req.schemaFiles);
  const out = await engine.introspect({
    schema: { files: req.schemaFiles },
    baseDirectoryPath: req.root,
    force: true,
    compositeTypeDepth: -1,
    namespaces: null,
  });
  return { schema: out.schema.files.map((f) => f.content).join("\n") };
}

const ops = { diff, apply, introspect };

function fail(error) {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY.message;
  const kind = panic ? "panic" : (error?.kind ?? "engine");
  const message = panic || (typeof error === "string" ? error : (error?.message ?? String(error)));
  process.stdout.write(JSON.stringify({ ok: false, kind, message }));
  process.exit(1);
}
// An engine panic surfaces as an exception thrown outside the awaited call.
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

try {
  const req = await readStdin();
  const op = ops[req.op];
  if (!op) throw new Failure("request", `unknown op ${req.op}`);
  const answer = await op(req);
  process.stdout.write(JSON.stringify({ ok: true, ...answer }));
  process.exit(0);
} catch (error) {
  fail(error);
}
